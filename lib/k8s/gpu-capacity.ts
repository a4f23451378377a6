// Live accelerator capacity per resource profile: which nodes carry a profile's GPUs, how many each can still give
// (allocatable minus what scheduled, unfinished pods request), and where a replica of <profile>:<count> would land —
// or why no node can take it, fragmentation included (2 free GPUs on two nodes do not serve a model needing 2 on one).
import type { V1Node, V1Pod } from "@kubernetes/client-node";
import { parseQuantity } from "@/lib/schemas/quantity";
import { callKubernetes, type Cluster } from "./cluster";

/** What capacity needs of a profile: its per-unit requests and how to recognise its nodes. */
export interface CapacityProfile {
  name: string;
  /** Per unit, e.g. {"nvidia.com/gpu": "1", cpu: "6", memory: "24Gi"}. */
  requests: Record<string, string>;
  /** Labels a node of this profile carries (KubeAI's nodeSelector, or e.g. nvidia.com/gpu.product). */
  nodeSelector?: Record<string, string>;
  /** GPU product label values (nvidia.com/gpu.product) that mean this profile's accelerator. */
  gpuProducts?: string[];
}

export interface NodeFacts {
  name: string;
  labels: Record<string, string>;
  ready: boolean;
  unschedulable: boolean;
  allocatable: Record<string, number>;
}

export interface PodFacts {
  nodeName: string;
  requests: Record<string, number>;
}

export interface NodeCapacity {
  node: string;
  allocatable: number;
  requested: number;
  free: number;
}

export interface ProfileCapacity {
  /** The accelerator resource the profile asks for (e.g. nvidia.com/gpu); null for CPU-only profiles. */
  resource: string | null;
  total: number;
  free: number;
  /** The most one node can give: what a single replica can use at most. */
  largestFreeOnOneNode: number;
  nodes: NodeCapacity[];
}

/** Where a replica of `count` units would be scheduled, or why none can take it. */
export type Placement = { fits: true; node: string } | { fits: false; reason: string };

/** Labels that name a node's profile or GPU: the sandbox's own, and NVIDIA's GPU feature discovery. */
export const GPU_PROFILE_LABEL = "modelport.dev/gpu-profile";
export const GPU_PRODUCT_LABEL = "nvidia.com/gpu.product";

const isExtended = (resource: string) => resource.includes("/");

export function acceleratorResource(profile: Pick<CapacityProfile, "requests">): string | null {
  return Object.keys(profile.requests).find(isExtended) ?? null;
}

/** A node serves a profile when it has the accelerator and nothing says it is another profile's. */
function servesProfile(node: NodeFacts, profile: CapacityProfile, resource: string): boolean {
  if ((node.allocatable[resource] ?? 0) <= 0) return false;
  if (Object.entries(profile.nodeSelector ?? {}).some(([key, value]) => node.labels[key] !== value)) return false;
  const named = node.labels[GPU_PROFILE_LABEL];
  if (named) return named === profile.name;
  const product = node.labels[GPU_PRODUCT_LABEL];
  if (product && profile.gpuProducts && profile.gpuProducts.length > 0) return profile.gpuProducts.includes(product);
  // Without labels to tell GPUs apart, a node with the resource counts for every profile that asks for it.
  return true;
}

function usedOn(pods: PodFacts[]): Map<string, Record<string, number>> {
  const used = new Map<string, Record<string, number>>();
  for (const pod of pods) {
    const sum = used.get(pod.nodeName) ?? {};
    for (const [resource, amount] of Object.entries(pod.requests)) sum[resource] = (sum[resource] ?? 0) + amount;
    used.set(pod.nodeName, sum);
  }
  return used;
}

/** The profile's accelerator capacity on the nodes that can run it (ready, schedulable). Pure. */
export function profileCapacity(profile: CapacityProfile, nodes: NodeFacts[], pods: PodFacts[]): ProfileCapacity {
  const resource = acceleratorResource(profile);
  if (!resource) return { resource: null, total: 0, free: 0, largestFreeOnOneNode: 0, nodes: [] };
  const used = usedOn(pods);
  const rows = nodes
    .filter((node) => node.ready && !node.unschedulable && servesProfile(node, profile, resource))
    .map((node) => {
      const allocatable = node.allocatable[resource] ?? 0;
      const requested = used.get(node.name)?.[resource] ?? 0;
      return { node: node.name, allocatable, requested, free: Math.max(0, allocatable - requested) };
    });
  return {
    resource,
    total: rows.reduce((sum, row) => sum + row.allocatable, 0),
    free: rows.reduce((sum, row) => sum + row.free, 0),
    largestFreeOnOneNode: rows.reduce((most, row) => Math.max(most, row.free), 0),
    nodes: rows,
  };
}

/** Where one replica of `count` units would go: the first node with every requested resource free. Pure. */
export function placeReplica(profile: CapacityProfile, count: number, nodes: NodeFacts[], pods: PodFacts[]): Placement {
  const resource = acceleratorResource(profile);
  const demand = Object.fromEntries(Object.entries(profile.requests).map(([key, value]) => [key, parseQuantity(value) * count]));
  const used = usedOn(pods);
  const candidates = nodes.filter((node) => node.ready && !node.unschedulable && (!resource || servesProfile(node, profile, resource)));
  if (candidates.length === 0) {
    return { fits: false, reason: resource ? `No ready node has ${profile.name}'s GPUs (${resource})` : "No ready node" };
  }
  const shortOf: string[] = [];
  for (const node of candidates) {
    const short = Object.entries(demand).find(([key, amount]) => (node.allocatable[key] ?? 0) - (used.get(node.name)?.[key] ?? 0) < amount);
    if (!short) return { fits: true, node: node.name };
    const [key, amount] = short;
    const free = Math.max(0, (node.allocatable[key] ?? 0) - (used.get(node.name)?.[key] ?? 0));
    shortOf.push(`${node.name} has ${formatAmount(key, free)} ${key} free, ${formatAmount(key, amount)} needed`);
  }
  const needed = resource ? `needs ${count} ${resource} of ${profile.name} on one node` : `needs ${count} × ${profile.name}`;
  const capacity = resource ? profileCapacity(profile, nodes, pods) : undefined;
  const spread = capacity && capacity.free >= (demand[resource ?? ""] ?? 0) ? ` (${capacity.free} free in all, but not on one node)` : "";
  return { fits: false, reason: `${needed}${spread}: ${shortOf.join("; ")}` };
}

function formatAmount(resource: string, amount: number): string {
  if (resource === "memory") return `${Math.round((amount / 2 ** 30) * 10) / 10}Gi`;
  return String(Math.round(amount * 1000) / 1000);
}

type RawNode = {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: { unschedulable?: boolean };
  status?: { allocatable?: Record<string, string>; conditions?: { type?: string; status?: string }[] };
};
type RawPod = {
  spec?: { nodeName?: string; containers?: { resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }[] };
  status?: { phase?: string };
};

function amounts(values: Record<string, string> | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, parseQuantity(value)]));
}

export function nodeFacts(node: RawNode): NodeFacts {
  return {
    name: node.metadata?.name ?? "",
    labels: node.metadata?.labels ?? {},
    ready: (node.status?.conditions ?? []).some((condition) => condition.type === "Ready" && condition.status === "True"),
    unschedulable: node.spec?.unschedulable === true,
    allocatable: amounts(node.status?.allocatable),
  };
}

/** A scheduled, unfinished pod's requests; extended resources count their limits when requests leave them out. */
export function podFacts(pod: RawPod): PodFacts | undefined {
  const nodeName = pod.spec?.nodeName;
  if (!nodeName || pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") return undefined;
  const requests: Record<string, number> = {};
  for (const container of pod.spec?.containers ?? []) {
    const limits = amounts(container.resources?.limits);
    const asked = {
      ...Object.fromEntries(Object.entries(limits).filter(([key]) => isExtended(key))),
      ...amounts(container.resources?.requests),
    };
    for (const [key, value] of Object.entries(asked)) requests[key] = (requests[key] ?? 0) + value;
  }
  return { nodeName, requests };
}

/** Every node and every unfinished pod, as the API returns them (needs list on nodes and pods cluster-wide). */
export async function listNodesAndPods(cluster: Cluster): Promise<{ nodes: V1Node[]; pods: V1Pod[] }> {
  const [nodes, pods] = await Promise.all([
    callKubernetes("list", "nodes", "Nodes", () => cluster.core.listNode()),
    callKubernetes("list", "pods", "Pods in all namespaces", () =>
      cluster.core.listPodForAllNamespaces({ fieldSelector: "status.phase!=Succeeded,status.phase!=Failed" }),
    ),
  ]);
  return { nodes: nodes.items, pods: pods.items };
}

/** Nodes and the pods scheduled on them, across the cluster. */
export async function readClusterUsage(cluster: Cluster): Promise<{ nodes: NodeFacts[]; pods: PodFacts[] }> {
  const { nodes, pods } = await listNodesAndPods(cluster);
  return {
    nodes: nodes.map((node) => nodeFacts(node as RawNode)),
    pods: pods.map((pod) => podFacts(pod as RawPod)).filter((pod): pod is PodFacts => pod !== undefined),
  };
}
