// KubeAI's own Service (`kubeai` in namespace `kubeai`): its OpenAI-compatible API lists the Models and routes each
// request by its `model` field to a Model, scaling one at zero replicas up first and holding the request until a
// replica is ready, as KubeAI's model proxy does. Models live in tenant namespaces here, so `model` may name one as
// `<namespace>/<name>`, and as `<name>` when only one namespace has it.
import { MODELS } from "./controller";
import type { GenerationSettings } from "./model-servers-completions";
import { json, type ServerReply, type ServerRequest, text, waitForStore } from "./model-servers-http";
import {
  ENDPOINT_FEATURE,
  missingModel,
  modelListEntry,
  openAIEndpoint,
  readOpenAIBody,
  requestedModel,
  serveOpenAI,
} from "./model-servers-openai";
import { modelNotFound, openAIError } from "./model-servers-openai-errors";
import type { ObjectStore } from "./store";
import { getPath, isRecord, type KubeObject } from "./types";

export const KUBEAI_NAMESPACE = "kubeai";
export const KUBEAI_SERVICE = "kubeai";

export interface KubeAISettings extends GenerationSettings {
  /** How long a request waits for a Model's first ready replica. KubeAI itself waits as long as the client does. */
  wakeTimeoutMs: number;
}

type Resolved = { ok: true; model: KubeObject } | { ok: false; reply: ServerReply };

function featuresOf(model: KubeObject): string[] {
  const features = getPath(model, ["spec", "features"]);
  return Array.isArray(features) ? features.map(String) : [];
}

function readyReplicas(model: KubeObject): number {
  const ready = getPath(model, ["status", "replicas", "ready"]);
  return typeof ready === "number" ? ready : 0;
}

function qualifiedName(model: KubeObject): string {
  return `${model.metadata.namespace ?? ""}/${model.metadata.name ?? ""}`;
}

export function resolveModel(store: ObjectStore, requested: string): Resolved {
  const slash = requested.indexOf("/");
  if (slash >= 0) {
    const model = store.get(MODELS, requested.slice(0, slash), requested.slice(slash + 1));
    return model ? { ok: true, model } : { ok: false, reply: modelNotFound(requested) };
  }
  const matches = store.list(MODELS, undefined, (m) => m.metadata.name === requested);
  if (matches.length === 1) return { ok: true, model: matches[0] };
  if (matches.length === 0) return { ok: false, reply: modelNotFound(requested) };
  const namespaces = matches.map((m) => m.metadata.namespace ?? "").join(", ");
  const message = `The model '${requested}' exists in namespaces ${namespaces}; name it as '<namespace>/${requested}'.`;
  return { ok: false, reply: modelNotFound(requested, message) };
}

/**
 * KubeAI's /models: every Model with one of the `feature` query values (TextGeneration when none is given), ready
 * or not, since a request wakes a Model at zero. An id is the Model's name, or `<namespace>/<name>` when the name
 * is taken in several namespaces, so that every listed id routes.
 */
function listModels(store: ObjectStore, query: URLSearchParams): ServerReply {
  const wanted = query.getAll("feature");
  const features = wanted.length > 0 ? wanted : ["TextGeneration"];
  const all = store.list(MODELS);
  const count = new Map<string, number>();
  for (const m of all) count.set(m.metadata.name ?? "", (count.get(m.metadata.name ?? "") ?? 0) + 1);
  const data = all
    .filter((m) => featuresOf(m).some((f) => features.includes(f)))
    .map((m) => {
      const name = m.metadata.name ?? "";
      const created = Math.floor((Date.parse(m.metadata.creationTimestamp ?? "") || 0) / 1000);
      const owner = getPath(m, ["spec", "owner"]);
      const id = (count.get(name) ?? 0) > 1 ? qualifiedName(m) : name;
      return modelListEntry(id, created, typeof owner === "string" ? owner : "", { features: featuresOf(m) });
    });
  return json(200, { object: "list", data });
}

/** What KubeAI's scaler does for a request to a Model at zero: at least one replica, unless autoscaling is off. */
function scaleFromZero(store: ObjectStore, model: KubeObject): void {
  const spec = isRecord(model.spec) ? model.spec : {};
  const replicas = typeof spec.replicas === "number" ? spec.replicas : 0;
  if (spec.autoscalingDisabled === true || replicas > 0) return;
  const minReplicas = typeof spec.minReplicas === "number" ? spec.minReplicas : 0;
  const metadata = { ...model.metadata, generation: (model.metadata.generation ?? 1) + 1 };
  store.put(MODELS, { ...model, metadata, spec: { ...spec, replicas: Math.max(1, minReplicas) } });
}

/** Holds the request until the Model has a ready replica; a reply when it cannot get one. */
async function awaitReplica(
  store: ObjectStore,
  model: KubeObject,
  settings: KubeAISettings,
  signal: AbortSignal,
): Promise<ServerReply | undefined> {
  if (readyReplicas(model) > 0) return undefined;
  scaleFromZero(store, model);
  const namespace = model.metadata.namespace;
  const name = model.metadata.name ?? "";
  const outcome = await waitForStore(
    store,
    () => {
      const latest = store.get(MODELS, namespace, name);
      if (!latest) return "gone";
      return readyReplicas(latest) > 0 ? "ready" : undefined;
    },
    settings.wakeTimeoutMs,
    signal,
  );
  if (outcome === "ready") return undefined;
  if (outcome === "gone") return modelNotFound(qualifiedName(model));
  const message = `The model '${qualifiedName(model)}' has no ready replica after ${settings.wakeTimeoutMs} ms; try again later.`;
  return openAIError(503, message, { type: "server_error", code: "model_not_ready" });
}

export async function serveKubeAI(store: ObjectStore, req: ServerRequest, settings: KubeAISettings): Promise<ServerReply> {
  const endpoint = openAIEndpoint(req.path);
  // Anything else falls through KubeAI's Go mux.
  if (endpoint === undefined) return text(404, "404 page not found\n");
  if (endpoint === "models") {
    return req.method === "GET" || req.method === "HEAD" ? listModels(store, req.query) : openAIError(405, "Method not allowed.");
  }
  if (req.method !== "POST") return openAIError(405, "Method not allowed.");
  const read = await readOpenAIBody(req);
  if (!read.ok) return read.reply;
  const requested = requestedModel(read.body);
  if (requested === undefined) return missingModel();
  const resolved = resolveModel(store, requested);
  if (!resolved.ok) return resolved.reply;
  const feature = ENDPOINT_FEATURE[endpoint];
  const features = featuresOf(resolved.model);
  if (!features.includes(feature)) {
    const message = `The model '${requested}' does not support /${endpoint}: it has features [${features.join(", ")}], not ${feature}.`;
    return openAIError(400, message, { param: "model" });
  }
  const unavailable = await awaitReplica(store, resolved.model, settings, req.signal);
  if (unavailable) return unavailable;
  return serveOpenAI(endpoint, read.body, requested, settings, req.signal);
}
