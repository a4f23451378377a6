// Places a replica on a simulated node (selectors, taints, free resources) or explains in words why none fits.
import { GPU_PROFILE_LABEL } from "./nodes";
import { toTolerations, type Toleration } from "./profiles";
import { parseQuantity } from "@/lib/schemas/quantity";
import { getPath, isRecord, isStringMap, type KubeObject } from "./types";

export const POD_PROFILE_ANNOTATION = "modelport.dev/resource-profile";
/** When the pod was bound to its node (ms); the simulated lifecycle stages count from here. */
export const SCHEDULED_AT_ANNOTATION = "modelport.dev/scheduled-at";

export interface PodDemand {
  requests: Record<string, number>;
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  /** KubeAI profile name; a node labelled for a different GPU profile does not take it. */
  profile?: string;
}

export type Placement = { ok: true; node: string } | { ok: false; message: string };

export function podRequests(pod: KubeObject): Record<string, number> {
  const totals: Record<string, number> = {};
  const containers = getPath(pod, ["spec", "containers"]);
  for (const c of Array.isArray(containers) ? containers : []) {
    const requests = getPath(c, ["resources", "requests"]);
    if (!isRecord(requests)) continue;
    for (const [k, v] of Object.entries(requests)) totals[k] = (totals[k] ?? 0) + parseQuantity(v);
  }
  return totals;
}

export function podDemand(pod: KubeObject): PodDemand {
  const selector = getPath(pod, ["spec", "nodeSelector"]);
  const tolerations = getPath(pod, ["spec", "tolerations"]);
  const demand: PodDemand = {
    requests: podRequests(pod),
    nodeSelector: isStringMap(selector) ? selector : {},
    tolerations: toTolerations(tolerations),
  };
  const profile = pod.metadata.annotations?.[POD_PROFILE_ANNOTATION];
  if (profile) demand.profile = profile;
  return demand;
}

function allocatable(node: KubeObject): Record<string, number> {
  const alloc = getPath(node, ["status", "allocatable"]);
  const out: Record<string, number> = {};
  if (isRecord(alloc)) for (const [k, v] of Object.entries(alloc)) out[k] = parseQuantity(v);
  return out;
}

function tolerates(tolerations: Toleration[], taint: Record<string, unknown>): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === "Exists") return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? "") === (taint.value ?? "");
  });
}

export function formatAmount(resource: string, amount: number): string {
  if (resource === "memory" || resource === "ephemeral-storage") return `${Math.round((amount / 2 ** 30) * 10) / 10}Gi`;
  return String(Math.round(amount * 1000) / 1000);
}

type Verdict = { fits: true } | { fits: false; group?: [string, string]; detail?: string };

function judge(node: KubeObject, used: Record<string, number>, demand: PodDemand): Verdict {
  const name = node.metadata.name ?? "";
  const labels = node.metadata.labels ?? {};
  if (Object.entries(demand.nodeSelector).some(([k, v]) => labels[k] !== v)) {
    return { fits: false, group: ["node didn't match the profile's node selector", "nodes didn't match the profile's node selector"] };
  }
  const nodeProfile = labels[GPU_PROFILE_LABEL];
  if (demand.profile && nodeProfile && nodeProfile !== demand.profile)
    return { fits: false, detail: `${name} is reserved for ${nodeProfile}` };
  const taints = getPath(node, ["spec", "taints"]);
  for (const taint of Array.isArray(taints) ? taints.filter(isRecord) : []) {
    if (taint.effect === "PreferNoSchedule" || tolerates(demand.tolerations, taint)) continue;
    const text = `untolerated taint {${String(taint.key)}: ${String(taint.value ?? "")}}`;
    return { fits: false, group: [`node has ${text}`, `nodes have ${text}`] };
  }
  const alloc = allocatable(node);
  for (const [resource, amount] of Object.entries(demand.requests)) {
    if (amount <= 0) continue;
    const total = alloc[resource] ?? 0;
    if (total <= 0) return { fits: false, group: [`node has no ${resource}`, `nodes have no ${resource}`] };
    const free = total - (used[resource] ?? 0);
    if (free + 1e-9 < amount) {
      return {
        fits: false,
        detail: `${name} has ${formatAmount(resource, Math.max(free, 0))} of ${formatAmount(resource, total)} ${resource} free, ${formatAmount(resource, amount)} requested`,
      };
    }
  }
  return { fits: true };
}

/** Sum of requests of the scheduled, unfinished pods on each node. */
export function usageByNode(pods: KubeObject[]): Map<string, Record<string, number>> {
  const usage = new Map<string, Record<string, number>>();
  for (const pod of pods) {
    const node = getPath(pod, ["spec", "nodeName"]);
    const phase = getPath(pod, ["status", "phase"]);
    if (typeof node !== "string" || phase === "Succeeded" || phase === "Failed") continue;
    const totals = usage.get(node) ?? {};
    for (const [k, v] of Object.entries(podRequests(pod))) totals[k] = (totals[k] ?? 0) + v;
    usage.set(node, totals);
  }
  return usage;
}

export function place(nodes: KubeObject[], usage: Map<string, Record<string, number>>, demand: PodDemand): Placement {
  const groups = new Map<string, { one: string; many: string; count: number }>();
  const details: string[] = [];
  for (const node of nodes) {
    const verdict = judge(node, usage.get(node.metadata.name ?? "") ?? {}, demand);
    if (verdict.fits) return { ok: true, node: node.metadata.name ?? "" };
    if (verdict.detail) details.push(verdict.detail);
    if (verdict.group) {
      const g = groups.get(verdict.group[0]) ?? { one: verdict.group[0], many: verdict.group[1], count: 0 };
      g.count += 1;
      groups.set(verdict.group[0], g);
    }
  }
  const parts = [...[...groups.values()].map((g) => `${g.count} ${g.count === 1 ? g.one : g.many}`), ...details];
  const message =
    nodes.length === 0
      ? "0/0 nodes are available: no nodes in the cluster."
      : `0/${nodes.length} nodes are available: ${parts.join("; ")}.`;
  return { ok: false, message };
}

/**
 * Binds an unscheduled pod (changing it: spec.nodeName and the scheduled-at annotation) to the first node that fits
 * next to every scheduled pod in `allPods`, or says in the scheduler's words why none does.
 */
export function bindPod(pod: KubeObject, nodes: KubeObject[], allPods: KubeObject[], now: number): Placement {
  const placement = place(nodes, usageByNode(allPods), podDemand(pod));
  if (placement.ok) {
    pod.spec = { ...(isRecord(pod.spec) ? pod.spec : {}), nodeName: placement.node };
    pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [SCHEDULED_AT_ANNOTATION]: String(now) };
  }
  return placement;
}

/** "1x nvidia.com/gpu" for the accelerators a pod requests; empty when it requests none. */
export function acceleratorSummary(pod: KubeObject): string {
  return Object.entries(podRequests(pod))
    .filter(([k]) => k.endsWith("/gpu") || k.endsWith("/tpu"))
    .map(([k, v]) => `${formatAmount(k, v)}x ${k}`)
    .join(", ");
}
