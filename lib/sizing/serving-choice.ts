// From what serves a model (architectures.ts' engine support) and the Hub's pipeline tag: how vLLM serves it, for a
// badge, and the KubeAI engine, features and catalog category a preset for it would take. Pure.
import type { Engine, Feature } from "@/lib/schemas/deployment";
import type { VllmServesAs, VllmSupport } from "@/lib/schemas/hub";
import type { PresetCategory } from "@/lib/schemas/preset";
import type { EngineSupport, VllmTask } from "./architectures";

export interface ServingChoice {
  engine: Engine;
  features: Feature[];
  category: PresetCategory;
  /** Why this engine, for the admin reviewing a draft. */
  reason: string;
}

const SERVES_AS: Record<VllmTask, VllmServesAs> = {
  textGeneration: "generate",
  multimodal: "multimodal",
  embedding: "embed",
  reranking: "rerank",
  speechToText: "transcribe",
};

const FEATURE: Record<VllmTask, Feature> = {
  textGeneration: "TextGeneration",
  multimodal: "TextGeneration",
  embedding: "TextEmbedding",
  reranking: "Reranking",
  speechToText: "SpeechToText",
};

const CATEGORY: Record<VllmTask, PresetCategory> = {
  textGeneration: "llm",
  multimodal: "multimodal",
  embedding: "embedding",
  reranking: "reranking",
  speechToText: "audio",
};

/** The Hub's pipeline tags that name one of vLLM's tasks. */
const TASK_OF_PIPELINE: Record<string, VllmTask> = {
  "text-generation": "textGeneration",
  "text2text-generation": "textGeneration",
  "image-text-to-text": "multimodal",
  "visual-question-answering": "multimodal",
  "feature-extraction": "embedding",
  "sentence-similarity": "embedding",
  "text-ranking": "reranking",
  "automatic-speech-recognition": "speechToText",
};

/**
 * The task a model is for: the pipeline tag's, when vLLM serves it that way (LlamaForCausalLM is both a generator and,
 * as a pooling model, an embedder: the tag tells which is meant); else vLLM's first; else the tag's alone.
 */
export function primaryTask(support: EngineSupport, pipelineTag: string | null | undefined): VllmTask | null {
  const tagged = pipelineTag ? TASK_OF_PIPELINE[pipelineTag] : undefined;
  if (tagged && support.vllm.tasks.includes(tagged)) return tagged;
  return support.vllm.tasks[0] ?? tagged ?? null;
}

export function vllmSupportOf(support: EngineSupport, pipelineTag?: string | null): VllmSupport {
  const { status, architecture, reason } = support.vllm;
  const task = primaryTask(support, pipelineTag);
  if (status === "supported" && task) return { supported: true, status, as: SERVES_AS[task], architecture };
  return { supported: false, status, architecture, note: reason };
}

/**
 * The engine a preset would use: vLLM when its registry maps the architecture; Infinity or FasterWhisper when
 * architectures.ts names them for a model vLLM does not serve; else vLLM still, unverified (its Transformers fallback).
 */
export function servingChoiceOf(support: EngineSupport, pipelineTag?: string | null): ServingChoice {
  const task = primaryTask(support, pipelineTag) ?? "textGeneration";
  const features: Feature[] = [FEATURE[task]];
  if (support.vllm.status !== "supported") {
    const other = support.alternatives.find((alternative) => alternative.engine === "Infinity" || alternative.engine === "FasterWhisper");
    if (other?.engine === "Infinity") {
      const infinityTask = task === "reranking" ? "reranking" : "embedding";
      return { engine: "Infinity", features: [FEATURE[infinityTask]], category: CATEGORY[infinityTask], reason: other.reason };
    }
    if (other?.engine === "FasterWhisper") {
      return { engine: "FasterWhisper", features: ["SpeechToText"], category: "audio", reason: other.reason };
    }
  }
  const reason =
    support.vllm.status === "supported" ? `${support.vllm.reason} (${SERVES_AS[task]})` : `vLLM, unverified: ${support.vllm.reason}`;
  return { engine: "VLLM", features, category: CATEGORY[task], reason };
}
