// Get and list (selectors, limit/continue paging, Table output) for every resource.
import { type ClusterState, type HandlerResult, storeKey } from "./cluster-state";
import type { Target } from "./request";
import { apiVersionOf, type ResourceDescriptor } from "./resources";
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  type FieldRequirement,
  type LabelRequirement,
} from "./selectors";
import { badRequest, notFound } from "./status";
import { buildTable, wantsTable, type IncludeObject } from "./table";
import { isRecord, objectKey, type KubeObject } from "./types";

export interface Filter {
  namespace?: string;
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

export function parseFilter(target: Target, query: URLSearchParams): Filter {
  const filter: Filter = {
    labels: parseLabelSelector(query.get("labelSelector")),
    fields: parseFieldSelector(query.get("fieldSelector"), target.descriptor.fieldSelectors),
  };
  if (target.namespace !== undefined) filter.namespace = target.namespace;
  return filter;
}

export function matchesFilter(filter: Filter, object: KubeObject): boolean {
  if (filter.namespace !== undefined && object.metadata.namespace !== filter.namespace) return false;
  return matchesLabels(filter.labels, object.metadata.labels) && matchesFields(filter.fields, object);
}

export function includeObject(query: URLSearchParams): IncludeObject {
  const v = query.get("includeObject");
  return v === "None" || v === "Object" ? v : "Metadata";
}

/** Objects as a client sees them: custom resources keep apiVersion/kind, built-in list items do not. */
export function withTypeMeta(d: ResourceDescriptor, object: KubeObject): KubeObject {
  return { ...object, apiVersion: apiVersionOf(d), kind: d.kind };
}

export function getObject(state: ClusterState, target: Target, accept: string | undefined, query: URLSearchParams): HandlerResult {
  const d = target.descriptor;
  const name = target.name ?? "";
  const object = state.store.get(storeKey(d), target.namespace, name);
  if (!object) throw notFound(d, name);
  if (wantsTable(accept)) {
    const meta = { resourceVersion: object.metadata.resourceVersion ?? "" };
    return { status: 200, body: buildTable(d.columns, [object], meta, includeObject(query)) };
  }
  return { status: 200, body: withTypeMeta(d, object) };
}

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv: token.rv, start: `${token.start}\u0000` })).toString("base64url");
}

function decodeContinue(text: string): ContinueToken {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
    if (isRecord(parsed) && typeof parsed.rv === "number" && typeof parsed.start === "string" && parsed.v === "meta.k8s.io/v1") {
      return { rv: parsed.rv, start: parsed.start.replace(/\u0000$/, "") };
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
}

export function listObjects(state: ClusterState, target: Target, accept: string | undefined, query: URLSearchParams): HandlerResult {
  const d = target.descriptor;
  const filter = parseFilter(target, query);
  const rv = state.store.currentRv();
  let items = state.store.list(storeKey(d), target.namespace).filter((o) => matchesFilter(filter, o));
  const continueParam = query.get("continue");
  if (continueParam) {
    const token = decodeContinue(continueParam);
    items = items.filter((o) => objectKey(o.metadata.namespace, o.metadata.name ?? "") > token.start);
  }
  const limitParam = Number(query.get("limit") ?? "0");
  const limit = Number.isInteger(limitParam) && limitParam > 0 ? limitParam : 0;
  const meta: { resourceVersion: string; continue?: string; remainingItemCount?: number } = { resourceVersion: String(rv) };
  if (limit > 0 && items.length > limit) {
    const last = items[limit - 1];
    meta.continue = encodeContinue({ rv, start: objectKey(last.metadata.namespace, last.metadata.name ?? "") });
    if (filter.labels.length === 0 && filter.fields.length === 0) meta.remainingItemCount = items.length - limit;
    items = items.slice(0, limit);
  }
  if (wantsTable(accept)) return { status: 200, body: buildTable(d.columns, items, meta, includeObject(query)) };
  const typed = d.group === "" ? items.map((o) => stripTypeMeta(o)) : items.map((o) => withTypeMeta(d, o));
  return { status: 200, body: { apiVersion: apiVersionOf(d), kind: d.listKind, metadata: meta, items: typed } };
}

function stripTypeMeta(o: KubeObject): KubeObject {
  const { apiVersion: _a, kind: _k, ...rest } = o;
  return rest;
}
