// Create, update, patch and delete of objects, with the API server's preconditions, no-op detection and dryRun.
import { admit, objectFromBody } from "./admission";
import { type ClusterState, type HandlerResult, requireNamespace, storeKey } from "./cluster-state";
import { generateName, newUid, stripServerFields } from "./object-meta";
import { applyJsonPatch, applyMergePatch } from "./patch";
import type { RequestOptions, Target } from "./request";
import { matchesFilter, parseFilter } from "./reads";
import { enforceQuota } from "./resource-quota";
import { apiVersionOf, type ResourceDescriptor } from "./resources";
import { alreadyExists, ApiError, badRequest, conflict, invalid, methodNotAllowed, notFound, unsupportedMediaType } from "./status";
import { clone, deepEqual, isRecord, nowIso, type KubeObject } from "./types";

export type UpdateMode = "main" | "status";

/** Applies URL namespace rules: the body's namespace must match; the namespace must exist. */
function settleNamespace(state: ClusterState, target: Target, object: KubeObject): void {
  const d = target.descriptor;
  if (!d.namespaced) {
    delete object.metadata.namespace;
    return;
  }
  if (target.namespace === undefined) throw methodNotAllowed();
  const given = object.metadata.namespace;
  if (given !== undefined && given !== "" && given !== target.namespace) {
    throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
  }
  object.metadata.namespace = target.namespace;
  requireNamespace(state, target.namespace);
}

/** Orders metadata the way kubectl users are used to reading it. */
function tidyMetadata(object: KubeObject): KubeObject {
  const order = ["annotations", "creationTimestamp", "generateName", "generation", "labels", "name", "namespace", "resourceVersion", "uid"];
  const meta: Record<string, unknown> = {};
  for (const key of [...order, ...Object.keys(object.metadata).sort()]) {
    if (object.metadata[key] !== undefined && !(key in meta)) meta[key] = object.metadata[key];
  }
  const { apiVersion, kind, metadata: _ignored, ...rest } = object;
  return { apiVersion, kind, metadata: meta, ...rest };
}

export function createObject(state: ClusterState, target: Target, body: unknown, options: RequestOptions): HandlerResult {
  const d = target.descriptor;
  if (target.name !== undefined) throw methodNotAllowed();
  const object = objectFromBody(d, body);
  settleNamespace(state, target, object);
  stripServerFields(object);
  if (!object.metadata.name && object.metadata.generateName) object.metadata.name = generateName(object.metadata.generateName);
  if (d.statusSubresource && d.validator) delete object.status;
  d.prepareCreate?.(object);
  const { object: admitted, warnings } = admit(d, object, undefined, options);
  enforceQuota(state.store, d, admitted);
  const name = admitted.metadata.name ?? "";
  if (state.store.get(storeKey(d), admitted.metadata.namespace, name)) throw alreadyExists(d, name);
  admitted.metadata.uid = newUid();
  admitted.metadata.creationTimestamp = nowIso();
  if (d.validator) admitted.metadata.generation = 1;
  const result = tidyMetadata(admitted);
  if (options.dryRun) return { status: 201, body: result, warnings };
  return { status: 201, body: state.store.put(storeKey(d), result), warnings };
}

function withoutMetaAndStatus(o: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, ...rest } = o;
  return rest;
}

/** Shared tail of PUT and PATCH: keeps server-owned fields, validates, bumps generation, skips no-op writes. */
export function commitUpdate(
  state: ClusterState,
  d: ResourceDescriptor,
  current: KubeObject,
  candidate: KubeObject,
  options: RequestOptions,
  mode: UpdateMode,
): HandlerResult {
  let next: KubeObject;
  if (mode === "status") {
    next = { ...clone(current), status: clone(candidate.status) };
    if (candidate.status === undefined) delete next.status;
  } else {
    next = clone(candidate);
    stripServerFields(next);
    next.metadata.resourceVersion = current.metadata.resourceVersion;
    const { uid, creationTimestamp, generation } = current.metadata;
    if (uid !== undefined) next.metadata.uid = uid;
    if (creationTimestamp !== undefined) next.metadata.creationTimestamp = creationTimestamp;
    if (generation !== undefined) next.metadata.generation = generation;
    next.metadata.name = current.metadata.name;
    if (current.metadata.namespace !== undefined) next.metadata.namespace = current.metadata.namespace;
    if (d.statusSubresource) {
      if (current.status === undefined) delete next.status;
      else next.status = clone(current.status);
    }
    if (d.plural === "namespaces")
      next.metadata.labels = { ...(next.metadata.labels ?? {}), "kubernetes.io/metadata.name": current.metadata.name ?? "" };
  }
  const { object, warnings } = admit(d, next, current, { fieldValidation: options.fieldValidation, statusOnly: mode === "status" });
  if (mode === "main") enforceQuota(state.store, d, object, current);
  if (d.validator && mode === "main" && !deepEqual(withoutMetaAndStatus(object), withoutMetaAndStatus(current))) {
    object.metadata.generation = (current.metadata.generation ?? 1) + 1;
  }
  const result = tidyMetadata(object);
  if (deepEqual(result, current) || options.dryRun) return { status: 200, body: deepEqual(result, current) ? current : result, warnings };
  return { status: 200, body: state.store.put(storeKey(d), result), warnings };
}

function currentOrNotFound(state: ClusterState, target: Target): KubeObject {
  const d = target.descriptor;
  const name = target.name ?? "";
  const current = state.store.get(storeKey(d), target.namespace, name);
  if (!current) throw notFound(d, name);
  return current;
}

function checkName(target: Target, object: KubeObject): void {
  if (object.metadata.name !== target.name) {
    throw badRequest(`the name of the object (${object.metadata.name ?? ""}) does not match the name on the URL (${target.name ?? ""})`);
  }
}

function checkResourceVersion(d: ResourceDescriptor, current: KubeObject, object: KubeObject, required: boolean): void {
  const rv = object.metadata.resourceVersion;
  if (rv === undefined || rv === "") {
    if (required && d.validator) {
      throw invalid(d, current.metadata.name ?? "", [
        { reason: "FieldValueInvalid", field: "metadata.resourceVersion", message: "Invalid value: 0x0: must be specified for an update" },
      ]);
    }
    return;
  }
  if (rv !== current.metadata.resourceVersion) throw conflict(d, current.metadata.name ?? "");
}

export function updateObject(state: ClusterState, target: Target, body: unknown, options: RequestOptions, mode: UpdateMode): HandlerResult {
  const d = target.descriptor;
  const object = objectFromBody(d, body);
  settleNamespace(state, target, object);
  checkName(target, object);
  const current = currentOrNotFound(state, target);
  checkResourceVersion(d, current, object, true);
  return commitUpdate(state, d, current, object, options, mode);
}

const PATCH_TYPES = [
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
  "application/apply-patch+yaml",
  "application/json-patch+json",
];

export function applyPatchBody(current: unknown, patch: unknown, mediaType: string): unknown {
  switch (mediaType) {
    case "application/merge-patch+json":
    case "application/strategic-merge-patch+json":
    case "application/apply-patch+yaml":
      if (!isRecord(patch)) throw badRequest("the patch is not a JSON object");
      return applyMergePatch(current, patch);
    case "application/json-patch+json":
      return applyJsonPatch(current, patch);
    default:
      throw unsupportedMediaType(mediaType);
  }
}

export function patchObject(
  state: ClusterState,
  target: Target,
  patch: unknown,
  mediaType: string,
  options: RequestOptions,
  mode: UpdateMode,
): HandlerResult {
  const d = target.descriptor;
  const apply = mediaType === "application/apply-patch+yaml";
  if (!PATCH_TYPES.includes(mediaType)) throw unsupportedMediaType(mediaType);
  if (apply && !options.fieldManager) throw badRequest("PATCH " + d.plural + ": fieldManager is required for apply requests");
  const current = state.store.get(storeKey(d), target.namespace, target.name ?? "");
  if (!current) {
    if (!apply || mode !== "main") throw notFound(d, target.name ?? "");
    const object = objectFromBody(d, patch);
    checkName(target, object);
    return createObject(state, { ...target, name: undefined }, object, options);
  }
  const object = objectFromBody(d, applyPatchBody(current, patch, mediaType));
  checkName(target, object);
  if (d.namespaced && object.metadata.namespace !== target.namespace) {
    throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
  }
  checkResourceVersion(d, current, object, false);
  return commitUpdate(state, d, current, object, options, mode);
}

const PROTECTED_NAMESPACES = ["default", "kube-system", "kube-public"];

function checkPreconditions(d: ResourceDescriptor, current: KubeObject, body: unknown): void {
  const pre = isRecord(body) && isRecord(body.preconditions) ? body.preconditions : {};
  const name = current.metadata.name ?? "";
  if (typeof pre.uid === "string" && pre.uid !== current.metadata.uid) {
    throw conflict(d, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid ?? ""}`);
  }
  if (typeof pre.resourceVersion === "string" && pre.resourceVersion !== current.metadata.resourceVersion) {
    throw conflict(
      d,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion ?? ""}`,
    );
  }
}

export function deleteObject(state: ClusterState, target: Target, body: unknown, options: RequestOptions): HandlerResult {
  const d = target.descriptor;
  const current = currentOrNotFound(state, target);
  checkPreconditions(d, current, body);
  const name = current.metadata.name ?? "";
  if (d.plural === "namespaces" && PROTECTED_NAMESPACES.includes(name)) {
    throw new ApiError(403, "Forbidden", `namespaces "${name}" is forbidden: this namespace may not be deleted`, {
      name,
      kind: "namespaces",
    });
  }
  const dryRun = options.dryRun || (isRecord(body) && Array.isArray(body.dryRun) && body.dryRun.includes("All"));
  if (dryRun) return { status: 200, body: current };
  if (d.plural === "namespaces") {
    for (const other of state.registry.all()) {
      if (!other.namespaced) continue;
      for (const o of state.store.list(storeKey(other), name)) state.store.remove(storeKey(other), name, o.metadata.name ?? "");
    }
    state.store.remove(storeKey(d), undefined, name);
    return {
      status: 200,
      body: { ...current, metadata: { ...current.metadata, deletionTimestamp: nowIso() }, status: { phase: "Terminating" } },
    };
  }
  state.store.remove(storeKey(d), current.metadata.namespace, name);
  return { status: 200, body: current };
}

export function deleteCollection(
  state: ClusterState,
  target: Target,
  query: URLSearchParams,
  body: unknown,
  options: RequestOptions,
): HandlerResult {
  const d = target.descriptor;
  const filter = parseFilter(target, query);
  const doomed = state.store.list(storeKey(d), target.namespace).filter((o) => matchesFilter(filter, o));
  const dryRun = options.dryRun || (isRecord(body) && Array.isArray(body.dryRun) && body.dryRun.includes("All"));
  if (!dryRun) for (const o of doomed) state.store.remove(storeKey(d), o.metadata.namespace, o.metadata.name ?? "");
  return {
    status: 200,
    body: { apiVersion: apiVersionOf(d), kind: d.listKind, metadata: { resourceVersion: String(state.store.currentRv()) }, items: doomed },
  };
}
