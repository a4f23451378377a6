// How the Hub pages say what vLLM makes of a model, where a model's page is, and the search's choices. Pure.
import type { HubSort, VllmSupport } from "@/lib/schemas/hub";

const encodeId = (id: string) => id.split("/").map(encodeURIComponent).join("/");

/** `acme/tiny-llama` → `/hub/acme/tiny-llama`. */
export const hubModelHref = (id: string) => `/hub/${encodeId(id)}`;
export const hubModelApiPath = (id: string) => `/api/v1/hub/models/${encodeId(id)}`;

export const SORT_LABELS: Record<HubSort, string> = {
  downloads: "Most downloads",
  likes: "Most likes",
  lastModified: "Recently updated",
  trending: "Trending",
};

/** The task filter's choices: pipeline tags KubeAI's engines serve, "" for all. */
export const TASK_CHOICES: readonly { value: string; label: string }[] = [
  { value: "", label: "Every task" },
  { value: "text-generation", label: "Text generation" },
  { value: "image-text-to-text", label: "Image and text to text" },
  { value: "feature-extraction", label: "Embeddings (feature extraction)" },
  { value: "sentence-similarity", label: "Sentence similarity" },
  { value: "text-ranking", label: "Reranking" },
  { value: "automatic-speech-recognition", label: "Speech recognition" },
];

const SERVES_AS_LABELS: Record<NonNullable<VllmSupport["as"]>, string> = {
  generate: "generation",
  multimodal: "multimodal",
  embed: "embeddings",
  rerank: "reranking",
  transcribe: "transcription",
};

/** The badge: "vLLM · generation", "vLLM dropped it", "not in vLLM's list" or "not for vLLM". */
export function vllmLabel(vllm: VllmSupport): { text: string; tone: "success" | "warning" | "outline" } {
  if (vllm.supported) return { text: `vLLM · ${vllm.as ? SERVES_AS_LABELS[vllm.as] : "supported"}`, tone: "success" };
  switch (vllm.status) {
    case "dropped":
      return { text: "vLLM dropped it", tone: "warning" };
    case "not-applicable":
      return { text: "not for vLLM", tone: "outline" };
    case "supported":
    case "unverified":
      return { text: "not in vLLM's list", tone: "outline" };
    default: {
      const unexpected: never = vllm.status;
      throw new Error(`Unknown vLLM status ${String(unexpected)}`);
    }
  }
}
