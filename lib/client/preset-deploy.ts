// Deploying a preset as it is: the name it suggests, the body POST /api/v1/deployments takes, and the name check of
// the preset's own backend (KubeAI and KServe name objects differently). Pure.
import { deploymentNameSchema, MAX_NAME_LENGTH, type DeploymentInput } from "@/lib/schemas/deployment";
import { kserveNameSchema, MAX_KSERVE_NAME_LENGTH } from "@/lib/schemas/kserve";
import type { Preset } from "@/lib/schemas/preset";

type Backend = Preset["backend"];

/**
 * The preset's id made a valid name for its backend: "qwen2.5-7b-cpu" → "qwen2-5-7b-cpu". KServe wants a letter first
 * (a DNS-1035 label), so an id starting with a digit gets a "model-" prefix there.
 */
export function presetDeploymentName(preset: Pick<Preset, "id" | "backend">): string {
  const max = preset.backend === "kserve" ? MAX_KSERVE_NAME_LENGTH : MAX_NAME_LENGTH;
  let slug = preset.id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (preset.backend === "kserve" && !/^[a-z]/.test(slug)) slug = `model-${slug}`;
  return slug.slice(0, max).replace(/-+$/, "") || "model";
}

/**
 * What Deploy sends: the preset's deployment exactly, with the name and namespace the person chose. Typed as a
 * deployment body because the preset API checked it with the deployment schema when it was saved; the API checks it
 * again on create.
 */
export function presetDeploymentBody(preset: Pick<Preset, "deployment">, name: string, namespace: string): DeploymentInput {
  return { ...preset.deployment, name, namespace } as DeploymentInput;
}

/** Why the name would be refused by the preset's backend, or undefined when it would not. */
export function deploymentNameProblem(backend: Backend, name: string): string | undefined {
  const parsed = (backend === "kserve" ? kserveNameSchema : deploymentNameSchema).safeParse(name);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

/** The advanced form's address, pre-filled from the preset with the name and namespace chosen so far. */
export function customizePath(presetId: string, choice: { name?: string; namespace?: string } = {}): string {
  const params = new URLSearchParams({ preset: presetId });
  if (choice.name) params.set("name", choice.name);
  if (choice.namespace) params.set("namespace", choice.namespace);
  return `/deployments/new?${params}`;
}
