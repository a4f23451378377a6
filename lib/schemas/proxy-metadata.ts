// What the proxy layer needs to serve a deployment (timeouts, retries, its mode, token limits), kept on the Model.
import { z } from "zod";
import type { Feature } from "./deployment";

/** The proxy layer's modes, and the portal's spellings of two of them. */
export const MODEL_MODES = [
  "chat",
  "completion",
  "embedding",
  "audio_transcription",
  "rerank",
  "audio-transcription",
  "reranking",
] as const;
export type ModelMode = (typeof MODEL_MODES)[number];

/** The KubeAI feature a model mode needs. */
export const FEATURES_BY_MODEL_MODE: Record<ModelMode, Feature> = {
  chat: "TextGeneration",
  completion: "TextGeneration",
  embedding: "TextEmbedding",
  audio_transcription: "SpeechToText",
  "audio-transcription": "SpeechToText",
  rerank: "Reranking",
  reranking: "Reranking",
};

const bounded = (minimum: number, maximum: number) =>
  z.number().int("Must be a whole number").min(minimum, `Must be at least ${minimum}`).max(maximum, `Must be at most ${maximum}`);

export const proxyMetadataSchema = z
  .object({
    timeout: bounded(1, 86_400).optional().describe("Request timeout in seconds"),
    stream_timeout: bounded(1, 86_400).optional().describe("Streaming timeout in seconds"),
    max_retries: bounded(0, 100).optional(),
    model_mode: z.enum(MODEL_MODES).optional(),
    max_input_tokens: bounded(1, 100_000_000).optional(),
    max_output_tokens: bounded(1, 100_000_000).optional(),
    embedding_dimensions: bounded(1, 1_000_000).optional(),
  })
  .strict();
export type ProxyMetadata = z.infer<typeof proxyMetadataSchema>;
