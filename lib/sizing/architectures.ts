// Which engine can serve a model: whether vLLM's registry (vllm-architectures.json, passed in) maps the config's
// `architectures`, as what, and when vLLM is not the natural choice, which of KubeAI's other engines might be. Pure.
import { z } from "zod";

export const vllmArchitecturesSchema = z.looseObject({
  textGeneration: z.array(z.string()).default([]),
  multimodal: z.array(z.string()).default([]),
  embedding: z.array(z.string()).default([]),
  reranking: z.array(z.string()).default([]),
  speechToText: z.array(z.string()).default([]),
  /** Architectures vLLM dropped, with the last version that served them. */
  previouslySupported: z.record(z.string(), z.string()).default({}),
});
export type VllmArchitectures = z.infer<typeof vllmArchitecturesSchema>;

export type VllmTask = "textGeneration" | "multimodal" | "embedding" | "reranking" | "speechToText";
const TASKS: readonly VllmTask[] = ["textGeneration", "multimodal", "embedding", "reranking", "speechToText"];

export type KubeAIEngine = "VLLM" | "OLlama" | "FasterWhisper" | "Infinity";

export interface EngineSupport {
  vllm: {
    /** supported: in the registry; dropped: served by an older vLLM only; unverified: not listed (Transformers fallback, maybe); not-applicable: not a Hugging Face checkpoint. */
    status: "supported" | "dropped" | "unverified" | "not-applicable";
    /** The first of the config's architectures that decided the status. */
    architecture: string | null;
    /** Every way vLLM serves it (LlamaForCausalLM is text generation and, as a pooling model, embedding). */
    tasks: VllmTask[];
    lastVersion: string | null;
    reason: string;
  };
  /** Other KubeAI engines worth a look, with why. */
  alternatives: { engine: Exclude<KubeAIEngine, "VLLM">; reason: string }[];
}

export interface ModelIdentity {
  architectures: string[];
  modelType?: string | null;
  /** The model's KubeAI url (hf://…, ollama://…, s3://…), when known. */
  url?: string | null;
  /** File names in the repository, when known (a GGUF-only repository changes the answer). */
  files?: string[];
}

/** Encoder families that embedding and reranking servers such as Infinity are built for. */
const ENCODER_ARCHITECTURE = /^(Bert|Roberta|XLMRoberta|NomicBert|ModernBert|Gte|NewModel|Electra|MPNet|DistilBert|Deberta)/;

export function engineSupport(model: ModelIdentity, registry: VllmArchitectures): EngineSupport {
  if (model.url?.startsWith("ollama://")) {
    return {
      vllm: {
        status: "not-applicable",
        architecture: null,
        tasks: [],
        lastVersion: null,
        reason: "an ollama:// model is an Ollama build, not a Hugging Face checkpoint",
      },
      alternatives: [{ engine: "OLlama", reason: "KubeAI serves ollama:// models with its OLlama engine" }],
    };
  }
  const vllm = vllmStatus(model.architectures, registry);
  const alternatives: EngineSupport["alternatives"] = [];
  const isGguf =
    (model.url?.toLowerCase().endsWith(".gguf") ?? false) || (model.files?.some((file) => file.toLowerCase().endsWith(".gguf")) ?? false);
  const hasSafetensors = model.files?.some((file) => file.endsWith(".safetensors")) ?? true;
  if (isGguf && !hasSafetensors) {
    vllm.status = vllm.status === "supported" ? "unverified" : vllm.status;
    vllm.reason = "the repository holds GGUF weights only, and vLLM's GGUF loading is experimental";
    alternatives.push({ engine: "OLlama", reason: "OLlama (llama.cpp) is built for GGUF weights" });
  }
  const isEncoder = model.architectures.some((architecture) => ENCODER_ARCHITECTURE.test(architecture));
  const poolingOnly = vllm.tasks.length > 0 && vllm.tasks.every((task) => task === "embedding" || task === "reranking");
  if (isEncoder || poolingOnly) {
    alternatives.push({
      engine: "Infinity",
      reason: "an embedding or reranking model; KubeAI's catalog serves bge-small-en-v1.5 and bge-reranker-base with Infinity",
    });
  }
  if (vllm.tasks.includes("speechToText") || model.modelType === "whisper") {
    alternatives.push({
      engine: "FasterWhisper",
      reason: "speech to text; FasterWhisper needs a CTranslate2 conversion such as Systran/faster-whisper-*",
    });
  }
  if (vllm.status === "dropped" || vllm.status === "unverified") {
    if (!alternatives.some((alternative) => alternative.engine === "OLlama")) {
      alternatives.push({ engine: "OLlama", reason: "if the model is published for Ollama (an ollama:// name), OLlama serves that build" });
    }
  }
  return { vllm, alternatives };
}

function vllmStatus(architectures: string[], registry: VllmArchitectures): EngineSupport["vllm"] {
  for (const architecture of architectures) {
    const tasks = TASKS.filter((task) => registry[task].includes(architecture));
    if (tasks.length > 0)
      return { status: "supported", architecture, tasks, lastVersion: null, reason: `vLLM's registry maps ${architecture}` };
  }
  for (const architecture of architectures) {
    const lastVersion = registry.previouslySupported[architecture];
    if (lastVersion) {
      return {
        status: "dropped",
        architecture,
        tasks: [],
        lastVersion,
        reason: `vLLM dropped ${architecture} after ${lastVersion}; pin an image of that version to serve it`,
      };
    }
  }
  if (architectures.length === 0) {
    return { status: "unverified", architecture: null, tasks: [], lastVersion: null, reason: "the config names no architectures" };
  }
  return {
    status: "unverified",
    architecture: architectures[0],
    tasks: [],
    lastVersion: null,
    reason: `${architectures.join(", ")} is not in vLLM's registry; it may still load through vLLM's Transformers fallback, untested`,
  };
}
