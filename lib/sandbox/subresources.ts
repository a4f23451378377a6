// The status and scale subresources: reads and writes that touch only status, or only the replica count.
import { type ClusterState, type HandlerResult, storeKey } from "./cluster-state";
import type { RequestOptions, Target } from "./request";
import type { ResourceDescriptor, ScaleInfo } from "./resources";
import { badRequest, conflict, invalid, notFound, resourceNotFound } from "./status";
import { asKubeObject, clone, getPath, isRecord, type KubeObject } from "./types";
import { applyPatchBody, commitUpdate, patchObject, updateObject } from "./writes";

function pathOf(jsonPath: string): string[] {
  return jsonPath.replace(/^\./, "").split(".");
}

function setPath(object: Record<string, unknown>, path: string[], value: unknown): void {
  let current = object;
  for (const key of path.slice(0, -1)) {
    const next = current[key];
    const child = isRecord(next) ? next : {};
    current[key] = child;
    current = child;
  }
  current[path[path.length - 1]] = value;
}

function scaleInfo(target: Target): ScaleInfo {
  const scale = target.descriptor.scale;
  if (!scale) throw resourceNotFound();
  return scale;
}

function currentObject(state: ClusterState, target: Target): KubeObject {
  const d = target.descriptor;
  const o = state.store.get(storeKey(d), target.namespace, target.name ?? "");
  if (!o) throw notFound(d, target.name ?? "");
  return o;
}

export function scaleOf(info: ScaleInfo, object: KubeObject): Record<string, unknown> {
  const spec = getPath(object, pathOf(info.specReplicasPath));
  const status = getPath(object, pathOf(info.statusReplicasPath));
  const m = object.metadata;
  const metadata: Record<string, unknown> = {
    name: m.name,
    namespace: m.namespace,
    uid: m.uid,
    resourceVersion: m.resourceVersion,
    creationTimestamp: m.creationTimestamp,
  };
  const scaleStatus: Record<string, unknown> = { replicas: typeof status === "number" ? status : 0 };
  if (info.labelSelectorPath) {
    const selector = getPath(object, pathOf(info.labelSelectorPath));
    if (typeof selector === "string") scaleStatus.selector = selector;
  }
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata,
    spec: { replicas: typeof spec === "number" ? spec : 0 },
    status: scaleStatus,
  };
}

function writeScale(
  state: ClusterState,
  target: Target,
  d: ResourceDescriptor,
  current: KubeObject,
  body: unknown,
  options: RequestOptions,
): HandlerResult {
  const info = scaleInfo(target);
  const scale = asKubeObject(body);
  if (!scale) throw badRequest("the body of the request was not a JSON object");
  if (scale.metadata.name !== undefined && scale.metadata.name !== target.name) {
    throw badRequest(`the name of the object (${scale.metadata.name}) does not match the name on the URL (${target.name ?? ""})`);
  }
  const rv = scale.metadata.resourceVersion;
  if (rv && rv !== current.metadata.resourceVersion) throw conflict(d, target.name ?? "");
  const replicas = getPath(scale, ["spec", "replicas"]);
  if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid({ group: "autoscaling", plural: "scales", kind: "Scale" }, target.name ?? "", [
      {
        reason: "FieldValueInvalid",
        field: "spec.replicas",
        message: `Invalid value: ${String(replicas)}: must be greater than or equal to 0`,
      },
    ]);
  }
  const next = clone(current);
  setPath(next, pathOf(info.specReplicasPath), replicas);
  const result = commitUpdate(state, d, current, next, options, "main");
  const saved = asKubeObject(result.body) ?? next;
  return { status: 200, body: scaleOf(info, saved), warnings: result.warnings };
}

export function getSubresource(state: ClusterState, target: Target): HandlerResult {
  const object = currentObject(state, target);
  if (target.subresource === "status" && target.descriptor.statusSubresource) return { status: 200, body: object };
  if (target.subresource === "scale") return { status: 200, body: scaleOf(scaleInfo(target), object) };
  throw resourceNotFound();
}

export function putSubresource(state: ClusterState, target: Target, body: unknown, options: RequestOptions): HandlerResult {
  if (target.subresource === "status" && target.descriptor.statusSubresource) return updateObject(state, target, body, options, "status");
  if (target.subresource === "scale") return writeScale(state, target, target.descriptor, currentObject(state, target), body, options);
  throw resourceNotFound();
}

export function patchSubresource(
  state: ClusterState,
  target: Target,
  patch: unknown,
  mediaType: string,
  options: RequestOptions,
): HandlerResult {
  if (target.subresource === "status" && target.descriptor.statusSubresource)
    return patchObject(state, target, patch, mediaType, options, "status");
  if (target.subresource === "scale") {
    const current = currentObject(state, target);
    const patched = applyPatchBody(scaleOf(scaleInfo(target), current), patch, mediaType);
    return writeScale(state, target, target.descriptor, current, patched, options);
  }
  throw resourceNotFound();
}
