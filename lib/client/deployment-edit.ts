// The edit dialog's fields ↔ a KubeAI deployment's patch: only what the person changed, guarded by the version they
// saw. The pieces both backends share (version guard, number fields, the change test) live here too; KServe's
// fields are in ./deployment-edit-kserve.
import {
  DEPLOYMENT_DEFAULTS,
  kubeaiPatchSchema,
  type AnyDeploymentPatch,
  type Deployment,
  type DeploymentPatch,
  type KubeAIDeployment,
} from "@/lib/schemas/deployment";
import { issuesAsProblems, placeFieldErrors } from "./form-errors";
import { envToLines, linesToEnv, linesToList, listToLines } from "./text-lists";

export const PROXY_NUMBER_FIELDS = [
  "timeout",
  "stream_timeout",
  "max_retries",
  "max_input_tokens",
  "max_output_tokens",
  "embedding_dimensions",
] as const;
type ProxyNumberField = (typeof PROXY_NUMBER_FIELDS)[number];

/** Every field the create form sets that may change afterwards; name, namespace, engine and URL stay. */
export const EDIT_FIELDS = [
  "resourceProfile",
  "instanceCount",
  "replicas",
  "minReplicas",
  "maxReplicas",
  "targetRequests",
  "scaleDownDelaySeconds",
  "cacheProfile",
  "features",
  "args",
  "env",
  "proxy.model_mode",
  ...PROXY_NUMBER_FIELDS.map((field) => `proxy.${field}` as const),
] as const;
export type EditField = (typeof EDIT_FIELDS)[number];

/** Text as typed, except features (checkboxes). */
export type EditDraft = Record<Exclude<EditField, "features">, string> & { features: string[] };

/** A value as the dialog's text box shows it: empty for none. */
export const text = (value: number | string | null | undefined) => (value === null || value === undefined ? "" : String(value));

export function draftOf(deployment: KubeAIDeployment): EditDraft {
  const proxy = deployment.proxy;
  return {
    resourceProfile: deployment.profile ?? "",
    instanceCount: text(deployment.instanceCount ?? 1),
    replicas: text(deployment.replicas),
    minReplicas: text(deployment.minReplicas),
    maxReplicas: text(deployment.maxReplicas),
    targetRequests: text(deployment.targetRequests),
    scaleDownDelaySeconds: text(deployment.scaleDownDelaySeconds),
    cacheProfile: deployment.cacheProfile ?? "",
    features: [...deployment.features],
    args: listToLines(deployment.args),
    env: envToLines(deployment.env),
    "proxy.model_mode": proxy.model_mode ?? "",
    ...(Object.fromEntries(PROXY_NUMBER_FIELDS.map((field) => [`proxy.${field}`, text(proxy[field])])) as Record<
      `proxy.${ProxyNumberField}`,
      string
    >),
  };
}

/** A number box's text: null when emptied (the schema then says whether that clears the field or is refused). */
export const number = (value: string) => (value.trim() === "" ? null : Number(value));

/** The spec's generation guards against someone else's edit without tripping over the controller's status updates. */
export function versionGuard(deployment: Pick<Deployment, "generation" | "resourceVersion">): Record<string, unknown> {
  return deployment.generation !== null && deployment.generation !== undefined
    ? { generation: deployment.generation }
    : { resourceVersion: deployment.resourceVersion };
}

/** The proxy metadata is one annotation on the Model: a change to any of it sends all of it, emptied fields left out. */
function proxyOf(draft: EditDraft): Record<string, unknown> {
  const proxy: Record<string, unknown> = {};
  if (draft["proxy.model_mode"]) proxy.model_mode = draft["proxy.model_mode"];
  for (const field of PROXY_NUMBER_FIELDS) {
    const value = number(draft[`proxy.${field}`]);
    if (value !== null) proxy[field] = value;
  }
  return proxy;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item) => b.includes(item));

/**
 * Empty replicas or max replicas clear them (KubeAI then autoscales), empty resource or cache profile clears it;
 * empty min replicas, instance count, target requests and scale-down delay take the shared defaults.
 */
export function patchFromDraft(
  deployment: KubeAIDeployment,
  draft: EditDraft,
): { patch?: DeploymentPatch; errors: Partial<Record<EditField, string>>; formError?: string } {
  const initial = draftOf(deployment);
  const env = linesToEnv(draft.env);
  if (env.badLine) return { errors: { env: `Not KEY=VALUE: ${env.badLine}` } };
  const changed = versionGuard(deployment);
  const scalar = {
    resourceProfile: (value: string) => value.trim() || null,
    instanceCount: (value: string) => number(value) ?? DEPLOYMENT_DEFAULTS.instanceCount,
    replicas: number,
    minReplicas: (value: string) => number(value) ?? DEPLOYMENT_DEFAULTS.minReplicas,
    maxReplicas: number,
    targetRequests: (value: string) => number(value) ?? DEPLOYMENT_DEFAULTS.targetRequests,
    scaleDownDelaySeconds: (value: string) => number(value) ?? DEPLOYMENT_DEFAULTS.scaleDownDelaySeconds,
    cacheProfile: (value: string) => value.trim() || null,
    args: linesToList,
    env: () => env.env,
  };
  for (const key of Object.keys(scalar) as (keyof typeof scalar)[]) {
    if (draft[key] !== initial[key]) changed[key] = scalar[key](draft[key]);
  }
  if (!sameSet(draft.features, initial.features)) changed.features = draft.features;
  const proxyKeys = EDIT_FIELDS.filter((field) => field.startsWith("proxy."));
  if (proxyKeys.some((key) => draft[key as keyof EditDraft] !== initial[key as keyof EditDraft])) changed.proxy = proxyOf(draft);
  const parsed = kubeaiPatchSchema.safeParse(changed);
  if (parsed.success) return { patch: parsed.data, errors: {} };
  const { byField, unplaced } = placeFieldErrors(issuesAsProblems(parsed.error.issues), EDIT_FIELDS);
  return { errors: byField, formError: unplaced.length ? unplaced.map((problem) => problem.message).join("; ") : undefined };
}

/** Whether the person changed anything at all (a patch of only its version guard would be a no-op). */
export function hasChanges(patch: AnyDeploymentPatch): boolean {
  return Object.keys(patch).some((key) => key !== "resourceVersion" && key !== "generation");
}
