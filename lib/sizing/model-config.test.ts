// Reading published config.json files (fixtures/, values as the model repositories publish them) and broken ones.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadModelConfig } from "./load-facts";
import { modelConfigSchema, readModelConfig } from "./model-config";
import { parameterCountFromSafetensors } from "./parameter-count";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const fixture = (name: string) => loadModelConfig(path.join(fixtures, `${name}.config.json`));

describe("readModelConfig", () => {
  it("reads Llama-3.1-8B's dimensions and derives head_dim from hidden_size / num_attention_heads", () => {
    const { facts, missing, defaulted, invalid } = fixture("llama-3.1-8b-instruct");
    expect(facts).toMatchObject({
      architectures: ["LlamaForCausalLM"],
      modelType: "llama",
      layers: 32,
      hiddenSize: 4096,
      attentionHeads: 32,
      kvHeads: 8,
      headDim: 128,
      headDimSource: "hidden_size / num_attention_heads",
      attention: "gqa",
      maxPositionEmbeddings: 131072,
      configDtype: "bfloat16",
      quantization: null,
      moe: null,
      tieWordEmbeddings: false,
    });
    expect([missing, defaulted, invalid]).toEqual([[], [], []]);
  });

  it("takes Gemma-2's head_dim as given (256), not hidden_size / heads (224)", () => {
    const { facts } = fixture("gemma-2-9b-it");
    expect(facts.headDim).toBe(256);
    expect(facts.headDimSource).toBe("head_dim");
    expect(facts.slidingWindow).toBe(4096);
  });

  it("reads a multimodal config through text_config, filling what llava leaves out from transformers' LlamaConfig", () => {
    const { facts, missing, defaulted } = fixture("llava-1.5-7b-hf");
    expect(facts.readFrom).toBe("text_config");
    expect(facts.architectures).toEqual(["LlavaForConditionalGeneration"]);
    expect(facts.textModelType).toBe("llama");
    expect(facts.maxPositionEmbeddings).toBe(4096);
    expect(facts.vocabSize).toBe(32064);
    expect(facts.configDtype).toBe("float16");
    expect([facts.layers, facts.hiddenSize, facts.attentionHeads, facts.kvHeads, facts.intermediateSize]).toEqual([
      32, 4096, 32, 32, 11008,
    ]);
    expect(facts.vision).toEqual({ layers: 24, hiddenSize: 1024, intermediateSize: 4096 });
    expect(missing).toEqual([]);
    expect(defaulted).toContain("text_config.hidden_size = 4096 (transformers' LlamaConfig default)");
    expect(defaulted.some((line) => line.startsWith("text_config.num_key_value_heads = 32"))).toBe(true);
  });

  it("recognises DeepSeek-V2's MLA and its mixture of experts", () => {
    const { facts } = fixture("deepseek-v2-lite");
    expect(facts.attention).toBe("mla");
    expect(facts.mla).toEqual({ kvLoraRank: 512, qkRopeHeadDim: 64, qkNopeHeadDim: 128, vHeadDim: 128, qLoraRank: null });
    // Two shared experts of 1408 each; the first layer keeps a dense MLP.
    expect(facts.moe).toEqual({
      experts: 64,
      expertsPerToken: 6,
      expertIntermediateSize: 1408,
      sharedIntermediateSize: 2816,
      denseLayers: 1,
    });
  });

  it("reads Mixtral's experts from num_local_experts, each as wide as intermediate_size", () => {
    expect(fixture("mixtral-8x7b-instruct-v0.1").facts.moe).toEqual({
      experts: 8,
      expertsPerToken: 2,
      expertIntermediateSize: 14336,
      sharedIntermediateSize: 0,
      denseLayers: 0,
    });
  });

  it("reads an AWQ quantization_config's bits and group size", () => {
    expect(fixture("qwen2.5-7b-instruct-awq").facts.quantization).toEqual({ method: "awq", bits: 4, groupSize: 128 });
  });

  it("knows Qwen2.5-0.5B ties its LM head and has no sliding window in use", () => {
    const { facts } = fixture("qwen2.5-0.5b-instruct");
    expect(facts.tieWordEmbeddings).toBe(true);
    expect(facts.attentionBias).toBe(true);
    expect(facts.slidingWindow).toBeNull();
  });

  it("treats a BERT embedding model as an encoder without KV cache", () => {
    const { facts, defaulted } = fixture("bge-small-en-v1.5");
    expect(facts.isEncoderOnly).toBe(true);
    expect(facts.attention).toBe("none");
    expect(facts.positionEmbeddings).toBe(512 + 2);
    expect(defaulted).toEqual([]);
  });

  it("reads GPT-style names and multi_query (Falcon-7B's config spells heads and layers n_head, n_layer)", () => {
    const falcon = {
      architectures: ["FalconForCausalLM"],
      model_type: "falcon",
      hidden_size: 4544,
      n_head: 71,
      n_layer: 32,
      multi_query: true,
      vocab_size: 65024,
    };
    const { facts, defaulted, missing } = readModelConfig(falcon);
    expect([facts.layers, facts.attentionHeads, facts.kvHeads, facts.attention]).toEqual([32, 71, 1, "mqa"]);
    expect(defaulted).toContain("num_hidden_layers = 32 (from n_layer)");
    expect(missing).toEqual(expect.arrayContaining(["max_position_embeddings", "torch_dtype", "intermediate_size"]));
  });

  it("reports malformed and missing fields instead of throwing, and keeps unknown keys", () => {
    const raw = {
      architectures: ["LlamaForCausalLM"],
      model_type: "custom",
      hidden_size: "4096",
      num_hidden_layers: -2,
      rope_theta: 10000,
      extra: { kept: true },
    };
    const reading = readModelConfig(raw);
    expect(reading.invalid.map((line) => line.split(":")[0]).sort()).toEqual(["hidden_size", "num_hidden_layers"]);
    expect(reading.missing).toEqual(expect.arrayContaining(["hidden_size", "num_hidden_layers", "num_attention_heads", "torch_dtype"]));
    expect(reading.facts.hiddenSize).toBeNull();
    expect(modelConfigSchema.parse({ extra: { kept: true } })).toEqual({ extra: { kept: true } });
  });

  it("answers a non-object with everything missing", () => {
    const reading = readModelConfig("not a config");
    expect(reading.invalid).toEqual(["config.json is not a JSON object"]);
    expect(reading.missing).toEqual(expect.arrayContaining(["architectures", "num_hidden_layers"]));
  });
});

describe("parameterCountFromSafetensors", () => {
  it("reads the Hub's safetensors summary", async () => {
    const { readFile } = await import("node:fs/promises");
    const meta: unknown = JSON.parse(await readFile(path.join(fixtures, "llama-3.1-8b-instruct.safetensors.json"), "utf8"));
    expect(parameterCountFromSafetensors(meta)).toEqual({ total: 8030261248, byDtype: { BF16: 8030261248 }, source: "safetensors" });
  });

  it("sums the dtypes when no total is given, and says nothing for a summary without counts", () => {
    expect(parameterCountFromSafetensors({ parameters: { BF16: 10, F32: 5 } })?.total).toBe(15);
    expect(parameterCountFromSafetensors({ sharded: true })).toBeNull();
    expect(parameterCountFromSafetensors("no")).toBeNull();
  });
});
