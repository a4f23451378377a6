// GPU quotas per tenant with Kubernetes' own mechanism: an admin's limits are written as a ResourceQuota in the
// tenant's namespace, so the API server enforces them for every pod and object, whoever makes it. Before a create,
// an edit or a start, Modelport checks what the change would run against the quota's `status.used` and refuses with
// a 422 in numbers ("needs 2 nvidia.com/gpu; tenant-a has 1 of 4 left") instead of leaving pods the cluster refuses.
import { canReadTenant, requireAdmin, type Caller } from "@/lib/auth/caller";
import { invalid, notFound } from "@/lib/errors";
import { getCluster } from "@/lib/k8s/cluster";
import { profileSizing } from "@/lib/k8s/kserve-sizing";
import { deleteQuota, QUOTA_NAME, readQuota, writeQuota, type QuotaState } from "@/lib/k8s/resource-quotas";
import { notifyOnEdge } from "@/lib/notifications/notifications";
import type { Deployment } from "@/lib/schemas/deployment";
import { parseQuantity } from "@/lib/schemas/quantity";
import { tenantQuotaInputSchema, type QuotaResource, type TenantQuota, type TenantQuotaInput } from "@/lib/schemas/quota";
import { audited } from "./audit";
import { parseInput } from "./parse-input";
import { knownResourceProfiles } from "./resource-profiles";
import { tenantExists } from "./tenants";

/** One deployment is one of these objects; a quota counts each kind, Modelport checks their sum. */
const COUNT_KEYS = ["count/models.kubeai.org", "count/inferenceservices.serving.kserve.io"] as const;
const DEPLOYMENTS = "deployments";

/** The ResourceQuota's hard limits for the input: GPUs and CPU and memory as requests, deployments on both kinds. */
export function quotaHard(input: TenantQuotaInput): Record<string, string> {
  const hard: Record<string, string> = {};
  for (const [resource, amount] of Object.entries(input.gpus ?? {})) hard[`requests.${resource}`] = String(amount);
  if (input.cpu) hard["requests.cpu"] = input.cpu;
  if (input.memory) hard["requests.memory"] = input.memory;
  if (input.deployments !== undefined) for (const key of COUNT_KEYS) hard[key] = String(input.deployments);
  return hard;
}

/** The input a quota's hard limits came from (the inverse of quotaHard). */
function limitsOf(hard: Record<string, string>): TenantQuotaInput {
  const limits: TenantQuotaInput = {};
  for (const [key, value] of Object.entries(hard)) {
    if (key === "requests.cpu") limits.cpu = value;
    else if (key === "requests.memory") limits.memory = value;
    else if ((COUNT_KEYS as readonly string[]).includes(key))
      limits.deployments = Math.min(limits.deployments ?? Infinity, parseQuantity(value));
    else if (key.startsWith("requests.") && key.includes("/"))
      limits.gpus = { ...limits.gpus, [key.slice("requests.".length)]: parseQuantity(value) };
  }
  return limits;
}

/** What a person reads for a key: the resource, or "deployments" for the object counts. */
function labelOf(key: string): string {
  if ((COUNT_KEYS as readonly string[]).includes(key)) return DEPLOYMENTS;
  return key.startsWith("requests.") ? key.slice("requests.".length) : key;
}

/** Numbers as a person writes them: memory in Gi/Mi, CPU in cores, counts whole. */
export function formatAmount(label: string, value: number): string {
  if (label === "memory") {
    for (const [unit, size] of [
      ["Gi", 2 ** 30],
      ["Mi", 2 ** 20],
      ["Ki", 2 ** 10],
    ] as const) {
      if (Math.abs(value) >= size) return `${Number((value / size).toFixed(2))}${unit}`;
    }
    return String(value);
  }
  return String(Number(value.toFixed(3)));
}

interface Amounts {
  hard: number;
  used: number;
}

/** Per label: the hard limit and what is used. The deployment kinds add up to one "deployments" line. */
function amountsOf(state: QuotaState): Map<string, Amounts> {
  const amounts = new Map<string, Amounts>();
  for (const [key, hard] of Object.entries(state.hard)) {
    const label = labelOf(key);
    const used = parseQuantity(state.used[key] ?? "0");
    const known = amounts.get(label);
    // Both count keys carry the same limit: the deployments line takes it once and adds both kinds' use.
    amounts.set(
      label,
      known ? { hard: Math.min(known.hard, parseQuantity(hard)), used: known.used + used } : { hard: parseQuantity(hard), used },
    );
  }
  return amounts;
}

function resourcesOf(state: QuotaState): QuotaResource[] {
  const resources: QuotaResource[] = [];
  for (const [label, { hard, used }] of amountsOf(state)) {
    const key = label === DEPLOYMENTS ? COUNT_KEYS.join("+") : `requests.${label}`;
    resources.push({
      key,
      label,
      hard: formatAmount(label, hard),
      used: formatAmount(label, used),
      remaining: formatAmount(label, Math.max(0, hard - used)),
    });
  }
  return resources.sort((a, b) => a.label.localeCompare(b.label));
}

async function requireTenant(caller: Caller, tenant: string): Promise<void> {
  if (!canReadTenant(caller, tenant) || !(await tenantExists(tenant))) throw notFound(`Tenant ${tenant}`);
}

function viewOf(tenant: string, state: QuotaState | null): TenantQuota {
  return state
    ? { tenant, resourceQuota: QUOTA_NAME, limits: limitsOf(state.hard), resources: resourcesOf(state) }
    : { tenant, resourceQuota: null, limits: null, resources: [] };
}

/** The tenant's limits and what is left of each; members and viewers see it (the deploy form shows it). */
export async function getTenantQuota(caller: Caller, tenant: string): Promise<TenantQuota> {
  await requireTenant(caller, tenant);
  return viewOf(tenant, await readQuota(getCluster(), tenant));
}

/** Admins: sets the tenant's limits, replacing the previous ones (a limit left out is no longer limited). */
export async function setTenantQuota(caller: Caller, tenant: string, input: unknown): Promise<TenantQuota> {
  requireAdmin(caller);
  await requireTenant(caller, tenant);
  const limits = parseInput(tenantQuotaInputSchema, input);
  const cluster = getCluster();
  const before = await readQuota(cluster, tenant);
  const stored = await audited(
    caller,
    { action: "tenant.quota.set", tenant, resourceKind: "ResourceQuota", resourceName: QUOTA_NAME, before: before?.hard ?? null },
    () => writeQuota(cluster, tenant, quotaHard(limits)),
    (state) => state.hard,
  );
  return viewOf(tenant, stored);
}

/** Admins: removes the tenant's limits. */
export async function removeTenantQuota(caller: Caller, tenant: string): Promise<TenantQuota> {
  requireAdmin(caller);
  await requireTenant(caller, tenant);
  const cluster = getCluster();
  const before = await readQuota(cluster, tenant);
  if (!before) throw notFound(`A quota for tenant ${tenant}`);
  await audited(
    caller,
    { action: "tenant.quota.delete", tenant, resourceKind: "ResourceQuota", resourceName: QUOTA_NAME, before: before.hard },
    () => deleteQuota(cluster, tenant),
  );
  return viewOf(tenant, null);
}

/** What a deployment runs at once, by quota label: its replicas times one replica's requests, and itself. */
export async function deploymentNeeds(deployment: Deployment | null): Promise<Map<string, number>> {
  const needs = new Map<string, number>();
  if (!deployment) return needs;
  needs.set(DEPLOYMENTS, 1);
  const replicas = deployment.status === "Stopped" ? 0 : deployment.replicaStatus.desired;
  if (replicas === 0) return needs;
  const sizing = profileSizing(deployment.resourceProfile ?? undefined, await knownResourceProfiles(), { tolerateUnknown: true });
  // Extended resources are requested as their limit; CPU and memory by their requests (a KServe predictor's own win).
  const perReplica: Record<string, string> = { ...sizing.limits, ...sizing.requests };
  if (deployment.backend === "kserve") Object.assign(perReplica, deployment.resources?.requests ?? {});
  for (const [resource, amount] of Object.entries(perReplica)) {
    if (resource === "cpu" || resource === "memory" || resource.includes("/")) needs.set(resource, parseQuantity(amount) * replicas);
  }
  return needs;
}

/**
 * Refuses a change whose extra needs (after minus before: a create has no before, a stop no needs) pass what the
 * tenant's quota has left: a 422 naming the field and the numbers. Nothing to check without a quota.
 */
export async function requireQuotaRoom(namespace: string, before: Deployment | null, after: Deployment): Promise<void> {
  const [was, will] = await Promise.all([deploymentNeeds(before), deploymentNeeds(after)]);
  // A change that asks for nothing more (a stop, a smaller edit) needs no look at the quota.
  if (![...will].some(([label, amount]) => amount > (was.get(label) ?? 0))) return;
  const state = await readQuota(getCluster(), namespace);
  if (!state) return;
  const problems: Array<{ field: string; message: string }> = [];
  for (const [label, { hard, used }] of amountsOf(state)) {
    const extra = (will.get(label) ?? 0) - (was.get(label) ?? 0);
    if (extra <= 0) continue;
    const left = Math.max(0, hard - used);
    if (extra <= left) continue;
    const amount = label === DEPLOYMENTS ? `${extra} more deployment${extra === 1 ? "" : "s"}` : `${formatAmount(label, extra)} ${label}`;
    problems.push({
      field: label === DEPLOYMENTS ? "namespace" : "resourceProfile",
      message: `needs ${amount}; ${namespace} has ${formatAmount(label, left)} of ${formatAmount(label, hard)} left`,
    });
    notifyOnEdge(`quota:${namespace}:${label}`, true, {
      kind: "quota.reached",
      tenant: namespace,
      resource: label,
      used: formatAmount(label, used),
      hard: formatAmount(label, hard),
    });
  }
  if (problems.length > 0) throw invalid(problems, `Over the tenant's quota: ${problems.map((problem) => problem.message).join("; ")}`);
}

/** For the alerts loop: notifies once when a tenant uses all of a limit, re-armed when it drops below. */
export async function checkTenantQuota(namespace: string): Promise<void> {
  const state = await readQuota(getCluster(), namespace);
  if (!state) return;
  for (const [label, { hard, used }] of amountsOf(state)) {
    notifyOnEdge(`quota:${namespace}:${label}`, hard > 0 && used >= hard, () => ({
      kind: "quota.reached",
      tenant: namespace,
      resource: label,
      used: formatAmount(label, used),
      hard: formatAmount(label, hard),
    }));
  }
}
