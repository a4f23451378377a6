// The note beside the resource-profile picker: what the tenant's quota has left of its GPUs and deployments, and
// whether the profile × units × replicas chosen would pass it. An estimate in the browser, counted as the server
// counts (lib/services/quotas.ts: GPUs of the replicas that start, one deployment more on a create); the server's
// 422 on create or edit stays the authority.
import { splitResourceProfile, type Deployment } from "@/lib/schemas/deployment";
import { parseQuantity } from "@/lib/schemas/quantity";
import type { QuotaResource, TenantQuota } from "@/lib/schemas/quota";
import type { ResourceProfileInfo } from "@/lib/schemas/resource-profile";

const DEPLOYMENTS = "deployments";

/** What a deployment runs at once: a profile's units per replica, times the replicas that start. */
export interface ProfileUse {
  profile: string | null;
  units: number;
  replicas: number;
}

/** What a create or an edit would add: `before` is the deployment as it runs (none on a create). */
export interface QuotaNeed {
  after: ProfileUse;
  before?: ProfileUse;
  addsDeployment: boolean;
}

export interface QuotaNoteView {
  /** "tenant-a: 3 of 4 nvidia.com/gpu left · 2 of 10 deployments left" */
  summary: string;
  /** What the choice would pass, in the server's words: "needs 4 nvidia.com/gpu (…); tenant-a has 3 of 4 left". */
  problems: string[];
}

export type SizingProfile = Pick<ResourceProfileInfo, "name" | "requests">;

/** A count typed in a form (NaN while a box is empty), or the fallback. */
function whole(value: number | null | undefined, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : fallback;
}

const isAccelerator = (label: string) => label.includes("/");
const formatCount = (value: number) => String(Number(value.toFixed(3)));

/** The KubeAI form's or edit draft's values: a start count of replicas, else min replicas (KubeAI scales from there). */
export function kubeaiProfileUse(values: {
  resourceProfile?: string | null;
  instanceCount?: number | null;
  replicas?: number | null;
  minReplicas?: number | null;
}): ProfileUse {
  const { profile, count } = splitResourceProfile(values.resourceProfile);
  const replicas = values.replicas === null || values.replicas === undefined ? values.minReplicas : values.replicas;
  return { profile, units: Math.max(1, whole(values.instanceCount, whole(count, 1))), replicas: whole(replicas, 0) };
}

/** The KServe form's or edit draft's values: `<profile>:<units>`, and min replicas start (one by default). */
export function kserveProfileUse(values: { resourceProfile?: string | null; minReplicas?: number | null }): ProfileUse {
  const { profile, count } = splitResourceProfile(values.resourceProfile);
  return { profile, units: Math.max(1, whole(count, 1)), replicas: whole(values.minReplicas, 1) };
}

/** A deployment as it runs now: what an edit's needs are counted against. A stopped one runs nothing. */
export function deploymentProfileUse(deployment: Deployment): ProfileUse {
  const { profile, count } = splitResourceProfile(deployment.resourceProfile);
  const replicas = deployment.status === "Stopped" ? 0 : deployment.replicaStatus.desired;
  return { profile, units: Math.max(1, whole(count, 1)), replicas };
}

/** An edit's need: the draft's use over the deployment's, none at all while it is stopped (an edit does not start it). */
export function editQuotaNeed(deployment: Deployment, draft: ProfileUse): QuotaNeed {
  const after = deployment.status === "Stopped" ? { ...draft, replicas: 0 } : draft;
  return { before: deploymentProfileUse(deployment), after, addsDeployment: false };
}

/** Accelerators (extended resources such as nvidia.com/gpu) the use requests in all; an unknown profile requests none. */
export function acceleratorNeeds(use: ProfileUse | undefined, profiles: readonly SizingProfile[]): Map<string, number> {
  const needs = new Map<string, number>();
  const profile = use?.profile ? profiles.find((candidate) => candidate.name === use.profile) : undefined;
  if (!use || !profile) return needs;
  for (const [resource, amount] of Object.entries(profile.requests)) {
    if (isAccelerator(resource)) needs.set(resource, parseQuantity(amount) * use.units * use.replicas);
  }
  return needs;
}

function describeUse(use: ProfileUse): string {
  return `${use.profile}:${use.units} × ${use.replicas} replica${use.replicas === 1 ? "" : "s"}`;
}

function problemOf(tenant: string, resource: QuotaResource, extra: number, need: QuotaNeed): string {
  const left = `${tenant} has ${resource.remaining} of ${resource.hard}`;
  if (resource.label === DEPLOYMENTS) return `needs 1 more deployment; ${left} deployments left`;
  const why = need.before ? "this change" : describeUse(need.after);
  return `needs ${need.before ? `${formatCount(extra)} more` : formatCount(extra)} ${resource.label} (${why}); ${left} left`;
}

/**
 * The note for a tenant's quota and a choice: null when the quota limits neither accelerators nor deployments.
 * Accelerators come first, by name, then deployments; CPU and memory are checked by the server only.
 */
export function quotaNoteOf(tenant: string, quota: TenantQuota, need: QuotaNeed, profiles: readonly SizingProfile[]): QuotaNoteView | null {
  const shown = quota.resources
    .filter((resource) => isAccelerator(resource.label) || resource.label === DEPLOYMENTS)
    .sort((a, b) => Number(a.label === DEPLOYMENTS) - Number(b.label === DEPLOYMENTS) || a.label.localeCompare(b.label));
  if (shown.length === 0) return null;
  const after = acceleratorNeeds(need.after, profiles);
  const before = acceleratorNeeds(need.before, profiles);
  const problems: string[] = [];
  for (const resource of shown) {
    const extra =
      resource.label === DEPLOYMENTS ? Number(need.addsDeployment) : (after.get(resource.label) ?? 0) - (before.get(resource.label) ?? 0);
    if (extra > 0 && extra > parseQuantity(resource.remaining)) problems.push(problemOf(tenant, resource, extra, need));
  }
  const parts = shown.map((resource) => `${resource.remaining} of ${resource.hard} ${resource.label} left`);
  return { summary: `${tenant}: ${parts.join(" · ")}`, problems };
}
