// Text generation of the simulated LLM servers: OpenAI chat and text completions, whole or streamed as server-sent
// events. The text echoes the prompt so tests can predict it; tokens are whitespace-separated words.
import { randomUUID } from "node:crypto";
import { json, type ServerReply, sleep } from "./model-servers-http";
import { openAIError } from "./model-servers-openai-errors";
import { isRecord, type JsonObject } from "./types";

/** Replies stop on their own after this many tokens (finish_reason "stop") unless max_tokens cuts them first. */
const NATURAL_LENGTH = 64;
/** OpenAI's default max_tokens for text completions; chat has none. */
const COMPLETIONS_DEFAULT_MAX_TOKENS = 16;

export interface GenerationSettings {
  tokenDelayMs: number;
}

interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

interface ChoicePlan {
  index: number;
  words: string[];
  finishReason: "stop" | "length";
}

interface Sampling {
  maxTokens: number | undefined;
  n: number;
  stream: boolean;
  includeUsage: boolean;
}

export function tokensOf(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== "");
}

/** The reply to `prompt`: "Echo:" and the prompt's words, rotated by `variant` so that the n choices differ. */
export function replyWords(prompt: string, variant: number): string[] {
  const words = tokensOf(prompt);
  const echo = words.length > 0 ? words : ["(nothing)"];
  const shift = variant % echo.length;
  return ["Echo:", ...echo.slice(shift), ...echo.slice(0, shift)].slice(0, NATURAL_LENGTH);
}

function plan(index: number, prompt: string, variant: number, maxTokens: number | undefined): ChoicePlan {
  const all = replyWords(prompt, variant);
  const words = maxTokens === undefined ? all : all.slice(0, maxTokens);
  return { index, words, finishReason: words.length < all.length ? "length" : "stop" };
}

function positiveInt(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 1;
}

/** Reads max tokens, n, stream and stream_options, or the 400 OpenAI answers for a bad one. */
function sampling(fields: JsonObject, maxTokensField: string, defaultMax: number | undefined): Sampling | ServerReply {
  const max = fields[maxTokensField] ?? fields.max_tokens;
  if (max !== undefined && max !== null && !positiveInt(max)) {
    return openAIError(400, `Invalid '${maxTokensField}': expected an integer >= 1, got ${JSON.stringify(max)}.`, {
      param: maxTokensField,
    });
  }
  const n = fields.n ?? 1;
  if (!positiveInt(n) || (n as number) > 128) return openAIError(400, `Invalid 'n': expected an integer from 1 to 128.`, { param: "n" });
  const stream = fields.stream === true;
  if (fields.stream_options !== undefined && fields.stream_options !== null && !stream) {
    return openAIError(400, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", { param: "stream_options" });
  }
  return {
    maxTokens: typeof max === "number" ? max : defaultMax,
    n: n as number,
    stream,
    includeUsage: stream && isRecord(fields.stream_options) && fields.stream_options.include_usage === true,
  };
}

/** A message's text: a string, or the text parts of a content array (images and audio carry no tokens here). */
function messageText(message: JsonObject): string {
  const content = message.content;
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .filter(isRecord)
    .map((part) => (typeof part.text === "string" ? part.text : ""))
    .join(" ");
}

function usageOf(promptTokens: number, plans: ChoicePlan[]): Usage {
  const completion = plans.reduce((sum, p) => sum + p.words.length, 0);
  return { prompt_tokens: promptTokens, completion_tokens: completion, total_tokens: promptTokens + completion };
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

export function chatCompletion(fields: JsonObject, model: string, settings: GenerationSettings, signal: AbortSignal): ServerReply {
  const messages = Array.isArray(fields.messages) ? fields.messages : undefined;
  if (!messages || messages.length === 0 || !messages.every((m) => isRecord(m) && typeof m.role === "string")) {
    return openAIError(400, "'messages' must be a non-empty array of messages with a role.", { param: "messages" });
  }
  const s = sampling(fields, "max_completion_tokens", undefined);
  if ("kind" in s) return s;
  const texts = messages.filter(isRecord).map((m) => ({ role: m.role, text: messageText(m) }));
  const prompt = [...texts].reverse().find((m) => m.role === "user")?.text ?? texts[texts.length - 1].text;
  const promptTokens = texts.reduce((sum, m) => sum + tokensOf(m.text).length, 0);
  const plans = Array.from({ length: s.n }, (_, i) => plan(i, prompt, i, s.maxTokens));
  const usage = usageOf(promptTokens, plans);
  const base = { id: `chatcmpl-${randomUUID().replaceAll("-", "")}`, created: now(), model };
  if (s.stream) {
    const shape: ChunkShape = {
      object: "chat.completion.chunk",
      opening: (index) => ({ index, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }),
      token: (index, piece) => ({ index, delta: { content: piece }, logprobs: null, finish_reason: null }),
      finish: (index, reason) => ({ index, delta: {}, logprobs: null, finish_reason: reason }),
    };
    return { kind: "events", events: streamChoices(base, shape, plans, s.includeUsage ? usage : undefined, settings, signal) };
  }
  const choices = plans.map((p) => ({
    index: p.index,
    message: { role: "assistant", content: p.words.join(" "), refusal: null },
    logprobs: null,
    finish_reason: p.finishReason,
  }));
  return json(200, { ...base, object: "chat.completion", choices, usage });
}

/** The prompts of a completions request: a string, strings, a token array or token arrays (counted as words). */
function promptsOf(prompt: unknown): string[] | undefined {
  const isTokens = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((t) => Number.isInteger(t));
  if (typeof prompt === "string") return [prompt];
  if (isTokens(prompt)) return [prompt.join(" ")];
  if (!Array.isArray(prompt) || prompt.length === 0) return undefined;
  if (prompt.every((p) => typeof p === "string")) return prompt;
  if (prompt.every(isTokens)) return prompt.map((p) => p.join(" "));
  return undefined;
}

export function textCompletion(fields: JsonObject, model: string, settings: GenerationSettings, signal: AbortSignal): ServerReply {
  const prompts = promptsOf(fields.prompt);
  if (!prompts) return openAIError(400, "'prompt' must be a string, an array of strings or an array of token arrays.", { param: "prompt" });
  const s = sampling(fields, "max_tokens", COMPLETIONS_DEFAULT_MAX_TOKENS);
  if ("kind" in s) return s;
  const plans = prompts.flatMap((p, pi) => Array.from({ length: s.n }, (_, i) => plan(pi * s.n + i, p, i, s.maxTokens)));
  const usage = usageOf(
    prompts.reduce((sum, p) => sum + tokensOf(p).length, 0),
    plans,
  );
  const base = { id: `cmpl-${randomUUID().replaceAll("-", "")}`, created: now(), model };
  if (s.stream) {
    const shape: ChunkShape = {
      object: "text_completion",
      token: (index, piece) => ({ index, text: piece, logprobs: null, finish_reason: null }),
      finish: (index, reason) => ({ index, text: "", logprobs: null, finish_reason: reason }),
    };
    return { kind: "events", events: streamChoices(base, shape, plans, s.includeUsage ? usage : undefined, settings, signal) };
  }
  const choices = plans.map((p) => ({ index: p.index, text: p.words.join(" "), logprobs: null, finish_reason: p.finishReason }));
  return json(200, { ...base, object: "text_completion", choices, usage });
}

interface ChunkShape {
  object: string;
  opening?: (index: number) => JsonObject;
  token: (index: number, piece: string) => JsonObject;
  finish: (index: number, reason: string) => JsonObject;
}

/**
 * The chunks of a streamed answer: an opening per choice (chat), one chunk per token with the token delay before it,
 * a finishing chunk per choice, the usage chunk (choices empty) when asked for, then [DONE]. With include_usage the
 * other chunks carry `usage: null`, as OpenAI sends them.
 */
async function* streamChoices(
  head: JsonObject,
  shape: ChunkShape,
  plans: ChoicePlan[],
  usage: Usage | undefined,
  settings: GenerationSettings,
  signal: AbortSignal,
): AsyncGenerator<string> {
  const base = { id: head.id, object: shape.object, created: head.created, model: head.model };
  const chunk = (choice: JsonObject): string =>
    JSON.stringify(usage ? { ...base, choices: [choice], usage: null } : { ...base, choices: [choice] });
  if (shape.opening) for (const p of plans) yield chunk(shape.opening(p.index));
  const longest = Math.max(0, ...plans.map((p) => p.words.length));
  for (let t = 0; t < longest; t++) {
    for (const p of plans) {
      if (t >= p.words.length) continue;
      if (!(await sleep(settings.tokenDelayMs, signal))) return;
      yield chunk(shape.token(p.index, t === 0 ? p.words[t] : ` ${p.words[t]}`));
    }
  }
  for (const p of plans) yield chunk(shape.finish(p.index, p.finishReason));
  if (usage) yield JSON.stringify({ ...base, choices: [], usage });
  yield "[DONE]";
}
