// ResourceQuota: the quota admission every create passes, the status the quota controller keeps, and the quota's
// validation and table cells.
import { formatQuantity, parseExactQuantity, ZERO } from "./exact-quantity";
import { isValidQuotaKey, missingPodResources, namespaceUsage, objectUsage, sourceOf, type Usage } from "./quota-usage";
import { type ApiError, forbidden, type ResourceRef, type StatusCause } from "./status";
import type { ObjectStore } from "./store";
import { getPath, isRecord, type KubeObject } from "./types";

export const RESOURCE_QUOTAS = "/resourcequotas";
export const POD_RESOURCE: ResourceRef = { group: "", plural: "pods", kind: "Pod" };

/** spec.hard with the entries that are quantities. */
function hardOf(quota: KubeObject): Usage {
  const hard: Usage = {};
  const spec = getPath(quota, ["spec", "hard"]);
  for (const [k, v] of Object.entries(isRecord(spec) ? spec : {})) {
    const q = parseExactQuantity(v);
    if (q) hard[k] = q;
  }
  return hard;
}

function sortedKeys(map: Record<string, unknown>): string[] {
  return Object.keys(map).sort();
}

/** The quota admission plugin's prettyPrint: `key=value` pairs in key order, joined by commas. */
function prettyPrint(usage: Usage, keys: string[]): string {
  return keys.map((k) => `${k}=${formatQuantity(usage[k])}`).join(",");
}

/** What the object adds to usage: all of it on create, the growth over the old object on update. */
function requestedBy(ref: ResourceRef, object: KubeObject, old: KubeObject | undefined): Usage {
  const next = objectUsage(ref, object);
  const before = old ? objectUsage(ref, old) : {};
  const requested: Usage = {};
  for (const [k, q] of Object.entries(next)) {
    const grown = q.nanos - (before[k]?.nanos ?? 0n);
    if (grown > 0n) requested[k] = { nanos: grown, binary: q.binary };
  }
  return requested;
}

/**
 * Why the quotas of the object's namespace refuse its create (or its update from `old`), worded as the API server's
 * ResourceQuota admission words it; undefined when every quota allows it. Usage is counted from the store as it is now.
 */
export function quotaRefusal(store: ObjectStore, ref: ResourceRef, object: KubeObject, old?: KubeObject): ApiError | undefined {
  const namespace = object.metadata.namespace;
  if (namespace === undefined) return undefined;
  const quotas = store.list(RESOURCE_QUOTAS, namespace).map((q) => ({ name: q.metadata.name ?? "", hard: hardOf(q) }));
  if (quotas.length === 0) return undefined;
  const name = object.metadata.name ?? "";
  if (ref.group === "" && ref.plural === "pods" && !old) {
    for (const quota of quotas) {
      const missing = missingPodResources(object, Object.keys(quota.hard));
      if (missing) return forbidden(ref, name, `failed quota: ${quota.name}: ${missing}`);
    }
  }
  const requested = requestedBy(ref, object, old);
  const limitedKeys = new Set(quotas.flatMap((q) => Object.keys(q.hard)).filter((k) => k in requested));
  if (limitedKeys.size === 0) return undefined;
  const used = namespaceUsage(store, namespace, [...limitedKeys]);
  for (const quota of quotas) {
    const exceeded = sortedKeys(requested).filter((k) => quota.hard[k] && used[k].nanos + requested[k].nanos > quota.hard[k].nanos);
    if (exceeded.length === 0) continue;
    const why = `exceeded quota: ${quota.name}, requested: ${prettyPrint(requested, exceeded)}, used: ${prettyPrint(used, exceeded)}, limited: ${prettyPrint(quota.hard, exceeded)}`;
    return forbidden(ref, name, why);
  }
  return undefined;
}

/** Throws the refusal, for the API's write paths. */
export function enforceQuota(store: ObjectStore, ref: ResourceRef, object: KubeObject, old?: KubeObject): void {
  const refusal = quotaRefusal(store, ref, object, old);
  if (refusal) throw refusal;
}

function printed(usage: Usage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of sortedKeys(usage)) out[k] = formatQuantity(usage[k]);
  return out;
}

/** What the quota controller writes: hard as spec.hard says, used for each of its keys, both in canonical form. */
export function quotaStatus(store: ObjectStore, quota: KubeObject): Record<string, unknown> {
  const hard = hardOf(quota);
  if (Object.keys(hard).length === 0) return {};
  return { hard: printed(hard), used: printed(namespaceUsage(store, quota.metadata.namespace ?? "", Object.keys(hard))) };
}

/** Whether a change to objects in `resource` (a store bucket) can move this quota's usage. */
export function tracksResource(quota: Readonly<KubeObject>, resource: string): boolean {
  const spec = getPath(quota, ["spec", "hard"]);
  return isRecord(spec) && Object.keys(spec).some((k) => sourceOf(k) === resource);
}

/** The API server resets status on create (the controller fills it) and stores quantities canonically. */
export function prepareResourceQuota(quota: KubeObject): void {
  delete quota.status;
  const spec = getPath(quota, ["spec", "hard"]);
  if (!isRecord(spec)) return;
  for (const [k, v] of Object.entries(spec)) {
    const q = parseExactQuantity(v);
    if (q) spec[k] = formatQuantity(q);
  }
}

export function validateResourceQuota(quota: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const spec = getPath(quota, ["spec", "hard"]);
  for (const [k, v] of Object.entries(isRecord(spec) ? spec : {})) {
    const field = `spec.hard[${k}]`;
    const q = parseExactQuantity(v);
    if (!isValidQuotaKey(k))
      causes.push({ reason: "FieldValueInvalid", field, message: `Invalid value: "${k}": must be a standard resource for quota` });
    else if (!q) {
      const message = `Invalid value: "${String(v)}": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`;
      causes.push({ reason: "FieldValueInvalid", field, message });
    } else if (q.nanos < 0n) {
      causes.push({ reason: "FieldValueInvalid", field, message: `Invalid value: "${String(v)}": must be greater than or equal to 0` });
    }
  }
  return causes;
}

/** kubectl's REQUEST or LIMIT cell: `requests.nvidia.com/gpu: 1/4, pods: 2/10` over status.hard, `limits.*` in LIMIT. */
export function quotaCell(column: "requests" | "limits"): (quota: KubeObject) => string {
  return (quota) => {
    const hard = getPath(quota, ["status", "hard"]);
    const used = getPath(quota, ["status", "used"]);
    if (!isRecord(hard)) return "";
    const cell = (k: string): string => {
      const show = (v: unknown): string => formatQuantity(parseExactQuantity(v) ?? ZERO);
      return `${k}: ${show(isRecord(used) ? used[k] : undefined)}/${show(hard[k])}`;
    };
    const isLimit = (k: string): boolean => k.includes(".") && k.split(".")[0] === "limits";
    return sortedKeys(hard)
      .filter((k) => isLimit(k) === (column === "limits"))
      .map(cell)
      .join(", ");
  };
}
