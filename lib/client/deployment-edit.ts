// The edit dialog's text fields ↔ a deployment patch: only what the person changed, guarded by the version they saw.
import { deploymentPatchSchema, type Deployment, type DeploymentPatch } from "@/lib/schemas/deployment";
import { envToLines, linesToEnv, linesToList, listToLines } from "./text-lists";

export type EditDraft = Record<"replicas" | "minReplicas" | "maxReplicas" | "resourceProfile" | "instanceCount" | "args" | "env", string>;

const text = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value));

export function draftOf(deployment: Deployment): EditDraft {
  return {
    replicas: text(deployment.replicas.requested),
    minReplicas: text(deployment.replicas.min),
    maxReplicas: text(deployment.replicas.max),
    resourceProfile: deployment.profile ?? "",
    instanceCount: text(deployment.instanceCount ?? 1),
    args: listToLines(deployment.args),
    env: envToLines(deployment.env),
  };
}

/** Empty replicas or max replicas clear them (KubeAI then autoscales); empty min replicas means 0. */
export function patchFromDraft(
  deployment: Deployment,
  draft: EditDraft,
): { patch?: DeploymentPatch; errors: Record<string, string> } {
  const initial = draftOf(deployment);
  const env = linesToEnv(draft.env);
  if (env.badLine) return { errors: { env: `Not KEY=VALUE: ${env.badLine}` } };
  const number = (value: string) => (value.trim() === "" ? null : Number(value));
  const converters: Record<keyof EditDraft, (value: string) => unknown> = {
    replicas: number,
    minReplicas: (value) => number(value) ?? 0,
    maxReplicas: number,
    resourceProfile: (value) => value.trim() || null,
    instanceCount: (value) => number(value) ?? 1,
    args: linesToList,
    env: () => env.env,
  };
  const changed: Record<string, unknown> = { resourceVersion: deployment.resourceVersion };
  for (const key of Object.keys(converters) as (keyof EditDraft)[]) {
    if (draft[key] !== initial[key]) changed[key] = converters[key](draft[key]);
  }
  const parsed = deploymentPatchSchema.safeParse(changed);
  if (parsed.success) return { patch: parsed.data, errors: {} };
  return { errors: Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0] ?? "form"), issue.message])) };
}
