// The OpenAI-compatible API shared by the simulated LLM servers (KubeAI's engines, KServe's huggingface and vLLM
// runtimes): which endpoint a path names, reading JSON and multipart bodies, embeddings and transcriptions, and the
// dispatch to text generation (model-servers-completions.ts).
import { createHash } from "node:crypto";
import { chatCompletion, type GenerationSettings, textCompletion, tokensOf } from "./model-servers-completions";
import { json, type ServerReply, type ServerRequest, text } from "./model-servers-http";
import { openAIError } from "./model-servers-openai-errors";
import { isRecord, type JsonObject } from "./types";

export type OpenAIFeature = "TextGeneration" | "TextEmbedding" | "Reranking" | "SpeechToText";
export type OpenAIEndpoint = "chat/completions" | "completions" | "embeddings" | "audio/transcriptions";

/** The Model feature (KubeAI's spec.features) each endpoint needs. */
export const ENDPOINT_FEATURE: Record<OpenAIEndpoint, OpenAIFeature> = {
  "chat/completions": "TextGeneration",
  completions: "TextGeneration",
  embeddings: "TextEmbedding",
  "audio/transcriptions": "SpeechToText",
};

export const OPENAI_PREFIX = "/openai/v1/";
const DEFAULT_DIMENSIONS = 8;
const MAX_DIMENSIONS = 4096;
const MAX_EMBEDDING_INPUTS = 2048;

export type OpenAIBody = { kind: "json"; fields: JsonObject } | { kind: "form"; form: FormData };

/** `/openai/v1/chat/completions` → "chat/completions"; "models" for the list; undefined for other paths. */
export function openAIEndpoint(path: string): OpenAIEndpoint | "models" | undefined {
  if (!path.startsWith(OPENAI_PREFIX)) return undefined;
  const rest = path.slice(OPENAI_PREFIX.length).replace(/\/+$/, "");
  if (rest === "models") return "models";
  return rest in ENDPOINT_FEATURE ? (rest as OpenAIEndpoint) : undefined;
}

export type BodyResult = { ok: true; body: OpenAIBody } | { ok: false; reply: ServerReply };

/** A JSON object body, or a multipart form (transcriptions); a 400 in OpenAI's shape for anything else. */
export async function readOpenAIBody(req: ServerRequest): Promise<BodyResult> {
  const contentType = String(req.headers["content-type"] ?? "");
  if (/^multipart\/form-data/i.test(contentType)) {
    try {
      const form = await new Response(new Uint8Array(req.body), { headers: { "content-type": contentType } }).formData();
      return { ok: true, body: { kind: "form", form } };
    } catch {
      return { ok: false, reply: openAIError(400, "Could not parse the multipart/form-data body.") };
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body.toString("utf8"));
  } catch {
    return { ok: false, reply: openAIError(400, "We could not parse the JSON body of your request. The API expects a JSON payload.") };
  }
  if (!isRecord(parsed)) return { ok: false, reply: openAIError(400, "The request body must be a JSON object.") };
  return { ok: true, body: { kind: "json", fields: parsed } };
}

/** The body's `model` field, from JSON or from a multipart part. */
export function requestedModel(body: OpenAIBody): string | undefined {
  const value = body.kind === "json" ? body.fields.model : body.form.get("model");
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function missingModel(): ServerReply {
  return openAIError(400, "you must provide a model parameter", { param: "model" });
}

export function modelListEntry(id: string, created: number, ownedBy: string, extra: JsonObject = {}): JsonObject {
  return { id, created, object: "model", owned_by: ownedBy, ...extra };
}

/** Answers one request for a model that exists, is ready and has the endpoint's feature; `model` is echoed back. */
export async function serveOpenAI(
  endpoint: OpenAIEndpoint,
  body: OpenAIBody,
  model: string,
  settings: GenerationSettings,
  signal: AbortSignal,
): Promise<ServerReply> {
  if (endpoint === "audio/transcriptions") {
    if (body.kind !== "form")
      return openAIError(400, "Transcriptions take a multipart/form-data body with a 'file' part.", { param: "file" });
    return transcription(body.form);
  }
  if (body.kind !== "json") return openAIError(400, `/${endpoint} takes a JSON body.`);
  switch (endpoint) {
    case "chat/completions":
      return chatCompletion(body.fields, model, settings, signal);
    case "completions":
      return textCompletion(body.fields, model, settings, signal);
    case "embeddings":
      return embeddings(body.fields, model);
    default: {
      const unreachable: never = endpoint;
      return unreachable;
    }
  }
}

/** The texts to embed: a string, strings, a token array or token arrays (as space-joined ids). */
function embeddingInputs(input: unknown): string[] | undefined {
  const isTokens = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((t) => Number.isInteger(t));
  if (typeof input === "string") return [input];
  if (isTokens(input)) return [input.join(" ")];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((i) => typeof i === "string")) return input;
  if (input.every(isTokens)) return input.map((t) => t.join(" "));
  return undefined;
}

/** A unit vector that depends only on the text and the dimension. */
export function embeddingOf(input: string, dimensions: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const digest = createHash("sha256").update(`${block}:${input}`).digest();
    for (let i = 0; i + 4 <= digest.length && values.length < dimensions; i += 4) values.push(digest.readUInt32BE(i) / 0x7fffffff - 1);
  }
  const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0)) || 1;
  return values.map((v) => v / norm);
}

function embeddings(fields: JsonObject, model: string): ServerReply {
  const inputs = embeddingInputs(fields.input);
  if (!inputs)
    return openAIError(400, "'input' must be a non-empty string, array of strings or array of token arrays.", { param: "input" });
  if (inputs.length > MAX_EMBEDDING_INPUTS) {
    return openAIError(400, `'input' may hold at most ${MAX_EMBEDDING_INPUTS} items.`, { param: "input" });
  }
  const dimensions = fields.dimensions ?? DEFAULT_DIMENSIONS;
  if (typeof dimensions !== "number" || !Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS) {
    return openAIError(400, `'dimensions' must be an integer from 1 to ${MAX_DIMENSIONS}.`, { param: "dimensions" });
  }
  const format = fields.encoding_format ?? "float";
  if (format !== "float" && format !== "base64") {
    return openAIError(400, "'encoding_format' must be 'float' or 'base64'.", { param: "encoding_format" });
  }
  const data = inputs.map((input, index) => {
    const vector = embeddingOf(input, dimensions);
    const embedding = format === "float" ? vector : Buffer.from(new Float32Array(vector).buffer).toString("base64");
    return { object: "embedding", index, embedding };
  });
  const tokens = inputs.reduce((sum, i) => sum + tokensOf(i).length, 0);
  return json(200, { object: "list", data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

const HEARD = ["the", "model", "heard", "a", "short", "clip", "about", "testing", "sandbox", "servers", "and", "calm", "voices"];

/** What the sandbox "hears" in a file: a sentence naming it and a few words chosen by its name and size. */
export function transcriptOf(name: string, size: number): string {
  const digest = createHash("sha256").update(`${name}:${size}`).digest();
  const words = Array.from({ length: 3 + (digest[0] % 6) }, (_, i) => HEARD[digest[i + 1] % HEARD.length]);
  return `Transcript of ${name} (${size} bytes): ${words.join(" ")}.`;
}

function timestamp(seconds: number, separator: "," | "."): string {
  const hh = String(Math.floor(seconds / 3600)).padStart(2, "0");
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, "0");
  const ss = String(seconds % 60).padStart(2, "0");
  return `${hh}:${mm}:${ss}${separator}000`;
}

async function transcription(form: FormData): Promise<ServerReply> {
  const file = form.get("file");
  if (!(file instanceof Blob)) return openAIError(400, "A 'file' part with the audio is required.", { param: "file" });
  const name = file instanceof File && file.name ? file.name : "audio";
  const transcript = transcriptOf(name, file.size);
  // 16 kHz, 16-bit mono: what a speech recogniser is usually fed.
  const seconds = Math.max(1, Math.round(file.size / 32000));
  const usage = { type: "duration", seconds };
  const format = form.get("response_format") ?? "json";
  switch (format) {
    case "json":
      return json(200, { text: transcript, usage });
    case "text":
      return text(200, transcript);
    case "verbose_json": {
      const language = form.get("language");
      const segment = { id: 0, seek: 0, start: 0, end: seconds, text: transcript, tokens: [], temperature: 0 };
      const body = { task: "transcribe", language: typeof language === "string" ? language : "english", duration: seconds };
      return json(200, { ...body, text: transcript, segments: [segment], usage });
    }
    case "srt":
      return text(200, `1\n${timestamp(0, ",")} --> ${timestamp(seconds, ",")}\n${transcript}\n`);
    case "vtt":
      return text(200, `WEBVTT\n\n${timestamp(0, ".")} --> ${timestamp(seconds, ".")}\n${transcript}\n`, "text/vtt; charset=utf-8");
    default:
      return openAIError(400, "'response_format' must be one of json, text, srt, verbose_json or vtt.", { param: "response_format" });
  }
}
