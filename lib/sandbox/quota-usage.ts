// What objects charge against a ResourceQuota's keys (Kubernetes' quota evaluators), and a namespace's usage per key.
import { addQuantities, countOf, parseExactQuantity, type Quantity, ZERO } from "./exact-quantity";
import type { ObjectStore } from "./store";
import { getPath, isRecord, type KubeObject } from "./types";

export type Usage = Record<string, Quantity>;

export interface CountedResource {
  group: string;
  plural: string;
}

/** Core resources with an object-count key of their own besides `count/<plural>`. */
const LEGACY_COUNTS = new Set([
  "pods",
  "services",
  "replicationcontrollers",
  "resourcequotas",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
]);
/** Compute keys the pod evaluator charges (extended resources and hugepages are matched by prefix). */
const POD_COMPUTE_KEYS = new Set([
  "cpu",
  "memory",
  "ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
]);
/** If a quota tracks one of these, every container must state it (Kubernetes keeps this for backward compatibility). */
const MUST_SPECIFY = new Set(["cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]);
const STANDARD_KEYS = new Set([...LEGACY_COUNTS, ...POD_COMPUTE_KEYS, "services.nodeports", "services.loadbalancers", "requests.storage"]);

/** `nvidia.com/gpu` but not `cpu` or `kubernetes.io/…`: names only quota'd as `requests.<name>`. */
function isExtendedResource(name: string): boolean {
  return name.includes("/") && !name.includes("kubernetes.io/") && !name.startsWith("requests.");
}

/** Names without a slash must be ones Kubernetes knows; any qualified name (`count/…`, `requests.amd.com/gpu`) is accepted. */
export function isValidQuotaKey(key: string): boolean {
  return key.includes("/") || STANDARD_KEYS.has(key) || key.startsWith("hugepages-") || key.startsWith("requests.hugepages-");
}

/** The store bucket (`group/plural`) whose objects a quota key counts, if any. */
export function sourceOf(key: string): string | undefined {
  if (key.startsWith("count/")) {
    const rest = key.slice("count/".length);
    const dot = rest.indexOf(".");
    return dot < 0 ? `/${rest}` : `${rest.slice(dot + 1)}/${rest.slice(0, dot)}`;
  }
  if (LEGACY_COUNTS.has(key)) return `/${key}`;
  if (key === "requests.storage") return "/persistentvolumeclaims";
  const extended = key.startsWith("requests.") && isExtendedResource(key.slice("requests.".length));
  if (POD_COMPUTE_KEYS.has(key) || extended || key.startsWith("hugepages-") || key.startsWith("requests.hugepages-")) return "/pods";
  return undefined;
}

function resourceList(value: unknown): Usage {
  const out: Usage = {};
  if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      const q = parseExactQuantity(v);
      if (q) out[k] = q;
    }
  }
  return out;
}

function containersOf(pod: KubeObject, list: "containers" | "initContainers"): Record<string, unknown>[] {
  const value = getPath(pod, ["spec", list]);
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** A container's requests after API defaulting: a resource with only a limit requests its limit. */
function containerResources(container: Record<string, unknown>): { requests: Usage; limits: Usage } {
  const limits = resourceList(getPath(container, ["resources", "limits"]));
  return { requests: { ...limits, ...resourceList(getPath(container, ["resources", "requests"])) }, limits };
}

/** resourcehelper.PodRequests/PodLimits: containers add up; an init container counts if it alone asks for more. */
function podTotals(pod: KubeObject, which: "requests" | "limits"): Usage {
  const totals: Usage = {};
  for (const c of containersOf(pod, "containers")) {
    for (const [k, q] of Object.entries(containerResources(c)[which])) totals[k] = addQuantities(totals[k], q);
  }
  for (const c of containersOf(pod, "initContainers")) {
    for (const [k, q] of Object.entries(containerResources(c)[which])) {
      if (!totals[k] || totals[k].nanos < q.nanos) totals[k] = q;
    }
  }
  return totals;
}

/** podComputeUsageHelper: the keys a set of requests and limits charges. */
function computeUsage(requests: Usage, limits: Usage): Usage {
  const usage: Usage = {};
  for (const r of ["cpu", "memory", "ephemeral-storage"]) {
    if (requests[r]) usage[r] = usage[`requests.${r}`] = requests[r];
    if (limits[r]) usage[`limits.${r}`] = limits[r];
  }
  for (const [k, q] of Object.entries(requests)) {
    if (k.startsWith("hugepages-")) usage[k] = q;
    if (k.startsWith("hugepages-") || isExtendedResource(k)) usage[`requests.${k}`] = q;
  }
  return usage;
}

/** Terminal pods and pods being deleted no longer hold compute quota (nor count towards `pods`). */
export function isChargedPod(pod: KubeObject): boolean {
  const phase = getPath(pod, ["status", "phase"]);
  return phase !== "Succeeded" && phase !== "Failed" && pod.metadata.deletionTimestamp === undefined;
}

/** Every key one object charges: its object counts and, for pods and claims, what they request. */
export function objectUsage(resource: CountedResource, object: KubeObject): Usage {
  const { group, plural } = resource;
  const usage: Usage = { [`count/${group ? `${plural}.${group}` : plural}`]: countOf(1) };
  if (group !== "") return usage;
  if (plural === "pods") {
    if (!isChargedPod(object)) return usage;
    return { ...usage, pods: countOf(1), ...computeUsage(podTotals(object, "requests"), podTotals(object, "limits")) };
  }
  if (LEGACY_COUNTS.has(plural)) usage[plural] = countOf(1);
  if (plural === "persistentvolumeclaims") {
    const storage = parseExactQuantity(getPath(object, ["spec", "resources", "requests", "storage"]));
    if (storage) usage["requests.storage"] = storage;
  }
  return usage;
}

/** Current usage of the namespace for each key (0 for keys nothing charges). */
export function namespaceUsage(store: ObjectStore, namespace: string, keys: readonly string[]): Usage {
  const wanted = new Set(keys);
  const used: Usage = {};
  const sources = new Set(keys.map(sourceOf).filter((s): s is string => s !== undefined));
  for (const source of sources) {
    const slash = source.indexOf("/");
    const resource = { group: source.slice(0, slash), plural: source.slice(slash + 1) };
    for (const object of store.list(source, namespace)) {
      for (const [k, q] of Object.entries(objectUsage(resource, object))) if (wanted.has(k)) used[k] = addQuantities(used[k], q);
    }
  }
  for (const k of keys) used[k] ??= ZERO;
  return used;
}

/**
 * The backward-compatibility constraint: with cpu or memory quota'd, each container must state it. Answers
 * `must specify requests.cpu for: server; limits.memory for: init,server` or undefined.
 */
export function missingPodResources(pod: KubeObject, quotaKeys: readonly string[]): string | undefined {
  const required = quotaKeys.filter((k) => MUST_SPECIFY.has(k));
  if (required.length === 0) return undefined;
  const missing = new Map<string, Set<string>>();
  for (const c of [...containersOf(pod, "containers"), ...containersOf(pod, "initContainers")]) {
    const { requests, limits } = containerResources(c);
    const stated = computeUsage(requests, limits);
    for (const key of required.filter((k) => !stated[k])) missing.set(key, (missing.get(key) ?? new Set()).add(String(c.name ?? "")));
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()].sort().map((key) => `${key} for: ${[...(missing.get(key) ?? [])].sort().join(",")}`);
  return `must specify ${parts.join("; ")}`;
}
