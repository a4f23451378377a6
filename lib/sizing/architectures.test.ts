// Engine choice against vLLM's registry as Modelport ships it (lib/k8s/catalog/vllm-architectures.json).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { engineSupport } from "./architectures";
import { loadModelConfig, loadVllmArchitectures } from "./load-facts";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const registry = loadVllmArchitectures(path.join(fixtures, "../../k8s/catalog/vllm-architectures.json"));
const architecturesOf = (name: string) => loadModelConfig(path.join(fixtures, `${name}.config.json`)).facts.architectures;

describe("engineSupport", () => {
  it("finds Llama in vLLM's registry as text generation and, as a pooling model, embedding", () => {
    const support = engineSupport({ architectures: architecturesOf("llama-3.1-8b-instruct") }, registry);
    expect(support.vllm).toMatchObject({ status: "supported", architecture: "LlamaForCausalLM", tasks: ["textGeneration", "embedding"] });
    expect(support.alternatives).toEqual([]);
  });

  it("serves LLaVA as multimodal", () => {
    expect(engineSupport({ architectures: architecturesOf("llava-1.5-7b-hf") }, registry).vllm.tasks).toEqual(["multimodal"]);
  });

  it("serves a BERT embedding model with vLLM, and points to Infinity as KubeAI's catalog does for bge-small", () => {
    const support = engineSupport({ architectures: architecturesOf("bge-small-en-v1.5"), modelType: "bert" }, registry);
    expect(support.vllm).toMatchObject({ status: "supported", tasks: ["embedding"] });
    expect(support.alternatives.map((alternative) => alternative.engine)).toEqual(["Infinity"]);
  });

  it("points a reranker to Infinity too", () => {
    const support = engineSupport({ architectures: ["XLMRobertaForSequenceClassification"] }, registry);
    expect(support.vllm.tasks).toEqual(["reranking"]);
    expect(support.alternatives.map((alternative) => alternative.engine)).toEqual(["Infinity"]);
  });

  it("points Whisper to FasterWhisper, which needs a CTranslate2 conversion", () => {
    const support = engineSupport({ architectures: ["WhisperForConditionalGeneration"], modelType: "whisper" }, registry);
    expect(support.vllm.tasks).toEqual(["speechToText"]);
    expect(support.alternatives).toEqual([
      expect.objectContaining({ engine: "FasterWhisper", reason: expect.stringContaining("CTranslate2") }),
    ]);
  });

  it("says when vLLM dropped an architecture, and since which version", () => {
    const support = engineSupport({ architectures: ["MllamaForConditionalGeneration"] }, registry);
    expect(support.vllm).toMatchObject({ status: "dropped", lastVersion: "0.10.2" });
    expect(support.alternatives.map((alternative) => alternative.engine)).toEqual(["OLlama"]);
  });

  it("calls an unlisted architecture unverified, not unsupported", () => {
    const support = engineSupport({ architectures: ["ShinyNewForCausalLM"] }, registry);
    expect(support.vllm.status).toBe("unverified");
    expect(support.vllm.reason).toContain("Transformers fallback");
  });

  it("sends ollama:// models and GGUF-only repositories to OLlama", () => {
    const ollama = engineSupport({ architectures: [], url: "ollama://gemma2:2b" }, registry);
    expect(ollama.vllm.status).toBe("not-applicable");
    expect(ollama.alternatives.map((alternative) => alternative.engine)).toEqual(["OLlama"]);
    const gguf = engineSupport(
      { architectures: ["LlamaForCausalLM"], files: ["README.md", "llama-3.1-8b-instruct-q4_k_m.gguf"] },
      registry,
    );
    expect(gguf.vllm).toMatchObject({ status: "unverified", reason: expect.stringContaining("GGUF") });
    expect(gguf.alternatives.map((alternative) => alternative.engine)).toEqual(["OLlama"]);
    const both = engineSupport({ architectures: ["LlamaForCausalLM"], files: ["model.safetensors", "model-q4.gguf"] }, registry);
    expect(both.vllm.status).toBe("supported");
  });
});
