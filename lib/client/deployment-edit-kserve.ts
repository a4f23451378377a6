// The edit dialog's fields ↔ a KServe deployment's patch (kservePatchSchema): only what the person changed, guarded
// by the version they saw, as for KubeAI (./deployment-edit). Name, namespace, format and mode stay.
import { splitResourceProfile, type KServeDeployment } from "@/lib/schemas/deployment";
import { KSERVE_DEFAULTS, KSERVE_LIMITS, kservePatchSchema, type KServePatch } from "@/lib/schemas/kserve";
import { number, text, versionGuard } from "./deployment-edit";
import { issuesAsProblems, placeFieldErrors } from "./form-errors";
import { kserveInputWarnings, resourcesOf } from "./kserve-form";
import { envToLines, linesToEnv, linesToList, listToLines } from "./text-lists";

const RESOURCE_FIELDS = ["resources.requests.cpu", "resources.requests.memory", "resources.limits.cpu", "resources.limits.memory"] as const;

export const KSERVE_EDIT_FIELDS = [
  "storageUri",
  "runtime",
  "minReplicas",
  "maxReplicas",
  "scaleTarget",
  "scaleMetric",
  "resourceProfile",
  "profileCount",
  ...RESOURCE_FIELDS,
  "args",
  "env",
] as const;
export type KServeEditField = (typeof KSERVE_EDIT_FIELDS)[number];

/** Every field as typed; resourceProfile is the profile's name, profileCount its units per replica. */
export type KServeEditDraft = Record<KServeEditField, string>;

export function kserveDraftOf(deployment: KServeDeployment): KServeEditDraft {
  const { profile, count } = splitResourceProfile(deployment.resourceProfile);
  const { requests, limits } = deployment.resources ?? {};
  return {
    storageUri: deployment.storageUri,
    runtime: deployment.runtime ?? "",
    minReplicas: text(deployment.minReplicas),
    maxReplicas: text(deployment.maxReplicas),
    scaleTarget: text(deployment.scaleTarget),
    scaleMetric: deployment.scaleMetric ?? "",
    resourceProfile: profile ?? "",
    profileCount: text(count ?? KSERVE_DEFAULTS.profileCount),
    "resources.requests.cpu": requests?.cpu ?? "",
    "resources.requests.memory": requests?.memory ?? "",
    "resources.limits.cpu": limits?.cpu ?? "",
    "resources.limits.memory": limits?.memory ?? "",
    args: listToLines(deployment.args),
    env: envToLines(deployment.env),
  };
}

/** The CPU and memory boxes as the resources object they edit. */
function amountsOf(draft: KServeEditDraft) {
  return {
    requests: { cpu: draft["resources.requests.cpu"], memory: draft["resources.requests.memory"] },
    limits: { cpu: draft["resources.limits.cpu"], memory: draft["resources.limits.memory"] },
  };
}

type Result = { patch?: KServePatch; errors: Partial<Record<KServeEditField, string>>; formError?: string };

/**
 * Empty max replicas, scale target, scale metric, runtime or resource profile clear them; empty min replicas takes
 * KServe's default (1); an empty profile count means one unit.
 */
export function kservePatchFromDraft(deployment: KServeDeployment, draft: KServeEditDraft): Result {
  const initial = kserveDraftOf(deployment);
  const env = linesToEnv(draft.env);
  if (env.badLine) return { errors: { env: `Not KEY=VALUE: ${env.badLine}` } };
  const count = number(draft.profileCount) ?? KSERVE_DEFAULTS.profileCount;
  if (!Number.isInteger(count) || count < 1 || count > KSERVE_LIMITS.profileCount) {
    return { errors: { profileCount: `A whole number from 1 to ${KSERVE_LIMITS.profileCount}` } };
  }
  const changed = versionGuard(deployment);
  const scalar = {
    storageUri: (value: string) => value.trim(),
    runtime: (value: string) => value.trim() || null,
    minReplicas: (value: string) => number(value) ?? KSERVE_DEFAULTS.minReplicas,
    maxReplicas: number,
    scaleTarget: number,
    scaleMetric: (value: string) => value || null,
    args: linesToList,
    env: () => env.env,
  };
  for (const key of Object.keys(scalar) as (keyof typeof scalar)[]) {
    if (draft[key] !== initial[key]) changed[key] = scalar[key](draft[key]);
  }
  if (draft.resourceProfile !== initial.resourceProfile || draft.profileCount !== initial.profileCount) {
    const profile = draft.resourceProfile.trim();
    changed.resourceProfile = profile ? `${profile}:${count}` : null;
  }
  // The patch replaces the amounts: a change to one sends all of them, and none at all clears them.
  if (RESOURCE_FIELDS.some((field) => draft[field] !== initial[field])) changed.resources = resourcesOf(amountsOf(draft)) ?? null;
  const parsed = kservePatchSchema.safeParse(changed);
  if (parsed.success) return { patch: parsed.data, errors: {} };
  const { byField, unplaced } = placeFieldErrors(issuesAsProblems(parsed.error.issues), KSERVE_EDIT_FIELDS);
  return { errors: byField, formError: unplaced.length ? unplaced.map((problem) => problem.message).join("; ") : undefined };
}

/** The advice for the deployment as the draft would leave it (the mode cannot change, so it comes from the deployment). */
export function kserveDraftWarnings(deployment: KServeDeployment, draft: KServeEditDraft): string[] {
  return kserveInputWarnings({
    name: deployment.name,
    namespace: deployment.namespace,
    minReplicas: number(draft.minReplicas) ?? KSERVE_DEFAULTS.minReplicas,
    deploymentMode: deployment.deploymentMode,
    scaleMetric: draft.scaleMetric || null,
    resources: amountsOf(draft),
  });
}
