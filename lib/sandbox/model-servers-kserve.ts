// The simulated KServe model server behind an InferenceService's predictor: the V1 and V2 (Open Inference Protocol)
// REST APIs for its one model, and the OpenAI API the huggingface and vLLM runtimes add. Answers are deterministic.
import { createHash, randomUUID } from "node:crypto";
import { type GenerationSettings, replyWords } from "./model-servers-completions";
import { FASTAPI_METHOD_NOT_ALLOWED, FASTAPI_NOT_FOUND, json, type ServerReply, type ServerRequest } from "./model-servers-http";
import { missingModel, modelListEntry, openAIEndpoint, readOpenAIBody, requestedModel, serveOpenAI } from "./model-servers-openai";
import { modelNotFound } from "./model-servers-openai-errors";
import { getPath, isRecord, type KubeObject } from "./types";

export interface PredictorModel {
  /** KServe serves the model under the InferenceService's name (`--model_name={{.Name}}`). */
  name: string;
  /** Lower-case model format ("sklearn", "huggingface"…); "custom" for a predictor with its own container. */
  format: string;
  protocol: "v1" | "v2";
  /** huggingface or vLLM: the OpenAI API is served too, and text goes in and out. */
  isLLM: boolean;
  /** Unix seconds, for the OpenAI model list. */
  created: number;
}

/** Framework blocks of the legacy predictor spec (`predictor.sklearn: {storageUri}`). */
const LEGACY_FORMATS = ["sklearn", "xgboost", "lightgbm", "tensorflow", "pytorch", "triton", "onnx", "pmml", "paddle", "huggingface"];
/** Formats whose servers answer a class index per instance; the others answer scores. */
const CLASSIFIERS = ["sklearn", "xgboost", "lightgbm", "pmml", "catboost", "autogluon"];
/** The platform string Triton-style V2 metadata reports; other servers report their framework. */
const PLATFORMS: Record<string, string> = {
  onnx: "onnxruntime_onnx",
  tensorflow: "tensorflow_savedmodel",
  pytorch: "pytorch_libtorch",
  tensorrt: "tensorrt_plan",
};
const V2_DATATYPES = ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64", "BYTES"];

function protocolOf(explicit: unknown, runtime: KubeObject | undefined): "v1" | "v2" {
  if (typeof explicit === "string" && explicit !== "") return explicit.endsWith("v2") ? "v2" : "v1";
  const listed = getPath(runtime, ["spec", "protocolVersions"]);
  const protocols = Array.isArray(listed) ? listed.map(String) : [];
  // KServe defaults to v1; a runtime that only speaks v2 (mlserver, Triton) is reached over v2.
  return protocols.length > 0 && !protocols.includes("v1") && protocols.includes("v2") ? "v2" : "v1";
}

/** What the predictor of `isvc` serves, given the ClusterServingRuntime the controller chose for it (if any). */
export function describePredictor(isvc: KubeObject, runtime: KubeObject | undefined): PredictorModel {
  const predictor = getPath(isvc, ["spec", "predictor"]);
  const legacy = LEGACY_FORMATS.find((f) => isRecord(getPath(predictor, [f])));
  const spec = getPath(predictor, ["model"]) ?? (legacy ? getPath(predictor, [legacy]) : undefined);
  const formatName = getPath(spec, ["modelFormat", "name"]);
  const format = (typeof formatName === "string" ? formatName : (legacy ?? "custom")).toLowerCase();
  const runtimeName = (runtime?.metadata.name ?? "").toLowerCase();
  const created = Date.parse(isvc.metadata.creationTimestamp ?? "");
  return {
    name: isvc.metadata.name ?? "",
    format,
    protocol: protocolOf(getPath(spec, ["protocolVersion"]), runtime),
    isLLM: format === "huggingface" || format === "vllm" || runtimeName.includes("huggingface") || runtimeName.includes("vllm"),
    created: Number.isNaN(created) ? 0 : Math.floor(created / 1000),
  };
}

function kserveError(status: number, message: string): ServerReply {
  return json(status, { error: message });
}

function unknownModel(name: string): ServerReply {
  return kserveError(404, `Model with name ${name} does not exist.`);
}

export async function serveKServe(model: PredictorModel, req: ServerRequest, settings: GenerationSettings): Promise<ServerReply> {
  const path = req.path.replace(/\/+$/, "") || "/";
  if (model.isLLM && path.startsWith("/openai/")) return serveOpenAIRoute(model, req, settings);
  return model.protocol === "v1" ? serveV1(model, req, path) : serveV2(model, req, path);
}

function only(method: string, req: ServerRequest, answer: () => ServerReply): ServerReply {
  return req.method === method || (method === "GET" && req.method === "HEAD") ? answer() : FASTAPI_METHOD_NOT_ALLOWED;
}

function serveV1(model: PredictorModel, req: ServerRequest, path: string): ServerReply {
  if (path === "/v1/models") return only("GET", req, () => json(200, { models: [model.name] }));
  const match = /^\/v1\/models\/([^/:]+)(:predict)?$/.exec(path);
  if (!match) return FASTAPI_NOT_FOUND;
  const name = decodeURIComponent(match[1]);
  if (!match[2]) return only("GET", req, () => (name === model.name ? json(200, { name, ready: true }) : unknownModel(name)));
  return only("POST", req, () => (name === model.name ? predict(model, req.body) : unknownModel(name)));
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false; reply: ServerReply } {
  try {
    return { ok: true, value: JSON.parse(body.toString("utf8")) };
  } catch (error) {
    return { ok: false, reply: kserveError(400, `Unrecognized request format: ${error instanceof Error ? error.message : String(error)}`) };
  }
}

function numbersIn(value: unknown): number[] {
  if (typeof value === "number") return [value];
  return Array.isArray(value) ? value.flatMap(numbersIn) : [];
}

function digestOf(value: unknown): Buffer {
  return createHash("sha256").update(JSON.stringify(value)).digest();
}

/**
 * The class of one instance. Four features are read as iris measurements through the classic two-split tree, so
 * KServe's documented example ([6.8, 2.8, 4.8, 1.4] → 1) answers as the real sklearn server does; other instances
 * get a class from a hash of their values.
 */
export function classOf(instance: unknown): number {
  const x = numbersIn(instance);
  if (x.length === 4) return x[2] <= 2.45 ? 0 : x[3] <= 1.75 ? 1 : 2;
  return digestOf(instance)[0] % 3;
}

/** Three scores summing to 1, as a TensorFlow or PyTorch classifier's softmax would give. */
export function scoresOf(instance: unknown): number[] {
  const digest = digestOf(instance);
  const weights = [digest[0] + 1, digest[1] + 1, digest[2] + 1];
  const total = weights[0] + weights[1] + weights[2];
  return weights.map((w) => Math.round((w / total) * 1e6) / 1e6);
}

function generatedText(instance: unknown): string {
  return replyWords(typeof instance === "string" ? instance : JSON.stringify(instance), 0).join(" ");
}

function predict(model: PredictorModel, body: Buffer): ServerReply {
  const parsed = parseJson(body);
  if (!parsed.ok) return parsed.reply;
  const instances = getPath(parsed.value, ["instances"]) ?? getPath(parsed.value, ["inputs"]);
  if (!Array.isArray(instances)) return kserveError(400, 'Expected "instances" to be a list');
  const answer: (instance: unknown) => unknown = model.isLLM ? generatedText : CLASSIFIERS.includes(model.format) ? classOf : scoresOf;
  return json(200, { predictions: instances.map(answer) });
}

function serveV2(model: PredictorModel, req: ServerRequest, path: string): ServerReply {
  if (path === "/v2") return only("GET", req, () => json(200, { name: "kserve", version: "0.15.2", extensions: [] }));
  if (path === "/v2/health/live") return only("GET", req, () => json(200, { live: true }));
  if (path === "/v2/health/ready") return only("GET", req, () => json(200, { ready: true }));
  const match = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(?:\/(ready|infer))?$/.exec(path);
  if (!match) return FASTAPI_NOT_FOUND;
  const name = decodeURIComponent(match[1]);
  const version = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
  const action = match[3];
  const known = (answer: () => ServerReply) => (): ServerReply => (name === model.name ? answer() : unknownModel(name));
  if (action === "infer")
    return only(
      "POST",
      req,
      known(() => infer(model, req.body, version)),
    );
  if (action === "ready")
    return only(
      "GET",
      req,
      known(() => json(200, { name, ready: true })),
    );
  return only(
    "GET",
    req,
    known(() => json(200, metadata(model))),
  );
}

function outputSpec(model: PredictorModel): { datatype: string; shape: number[] } {
  if (model.isLLM) return { datatype: "BYTES", shape: [-1] };
  return CLASSIFIERS.includes(model.format) ? { datatype: "INT64", shape: [-1] } : { datatype: "FP32", shape: [-1, 3] };
}

function metadata(model: PredictorModel): Record<string, unknown> {
  const input = model.isLLM ? { name: "input-0", datatype: "BYTES", shape: [-1] } : { name: "input-0", datatype: "FP32", shape: [-1, -1] };
  return {
    name: model.name,
    versions: ["1"],
    platform: PLATFORMS[model.format] ?? model.format,
    inputs: [input],
    outputs: [{ name: "output-0", ...outputSpec(model) }],
  };
}

interface TensorInput {
  name: string;
  shape: number[];
  datatype: string;
  data: unknown[];
}

/** One request input checked as the V2 data model does, with the flattened data; or the 400 message. */
function tensorInput(value: unknown, at: number): TensorInput | string {
  if (!isRecord(value) || typeof value.name !== "string") return `inputs[${at}] needs a "name"`;
  const { name, shape, datatype, data } = value;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
    return `Input "${name}": "shape" must be a list of non-negative integers`;
  }
  if (typeof datatype !== "string" || !V2_DATATYPES.includes(datatype)) return `Input "${name}": unsupported datatype ${String(datatype)}`;
  if (!Array.isArray(data)) return `Input "${name}": "data" must be a list`;
  const flat = data.flat(Infinity);
  const expected = (shape as number[]).reduce((a, b) => a * b, 1);
  if (flat.length !== expected) return `Input "${name}": shape ${JSON.stringify(shape)} needs ${expected} elements, got ${flat.length}`;
  const element = datatype === "BYTES" ? "string" : datatype === "BOOL" ? "boolean" : "number";
  if (!flat.every((v) => typeof v === element)) return `Input "${name}": every element of ${datatype} data must be a ${element}`;
  return { name, shape: shape as number[], datatype, data: flat };
}

function infer(model: PredictorModel, body: Buffer, version: string | undefined): ServerReply {
  const parsed = parseJson(body);
  if (!parsed.ok) return parsed.reply;
  const request = parsed.value;
  const inputs = getPath(request, ["inputs"]);
  if (!isRecord(request) || !Array.isArray(inputs) || inputs.length === 0)
    return kserveError(400, 'Expected "inputs" to be a non-empty list');
  const checked = inputs.map(tensorInput);
  const problem = checked.find((c): c is string => typeof c === "string");
  if (problem !== undefined) return kserveError(400, problem);
  const first = checked[0] as TensorInput;
  const rowCount = first.shape.length > 0 ? first.shape[0] : 1;
  const rowSize = rowCount === 0 ? 0 : first.data.length / rowCount;
  const rows = Array.from({ length: rowCount }, (_, r) => first.data.slice(r * rowSize, (r + 1) * rowSize));
  const spec = outputSpec(model);
  const text = model.isLLM || first.datatype === "BYTES";
  const output = text
    ? { name: "output-0", datatype: "BYTES", shape: [rowCount], data: rows.map((r) => generatedText(r.length === 1 ? r[0] : r)) }
    : spec.datatype === "INT64"
      ? { name: "output-0", datatype: "INT64", shape: [rowCount], data: rows.map(classOf) }
      : { name: "output-0", datatype: "FP32", shape: [rowCount, 3], data: rows.flatMap(scoresOf) };
  const id = typeof request.id === "string" && request.id !== "" ? request.id : randomUUID();
  const response: Record<string, unknown> = { model_name: model.name };
  if (version !== undefined) response.model_version = version;
  return json(200, { ...response, id, parameters: null, outputs: [output] });
}

async function serveOpenAIRoute(model: PredictorModel, req: ServerRequest, settings: GenerationSettings): Promise<ServerReply> {
  const endpoint = openAIEndpoint(req.path);
  // KServe's huggingface server has no audio endpoint.
  if (endpoint === undefined || endpoint === "audio/transcriptions") return FASTAPI_NOT_FOUND;
  if (endpoint === "models") {
    return only("GET", req, () => json(200, { object: "list", data: [modelListEntry(model.name, model.created, "kserve")] }));
  }
  if (req.method !== "POST") return FASTAPI_METHOD_NOT_ALLOWED;
  const read = await readOpenAIBody(req);
  if (!read.ok) return read.reply;
  const body = read.body;
  const requested = requestedModel(body);
  if (requested === undefined) return missingModel();
  if (requested !== model.name) return modelNotFound(requested, `Model with name ${requested} does not exist.`);
  return serveOpenAI(endpoint, body, requested, settings, req.signal);
}
