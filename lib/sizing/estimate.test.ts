// Memory estimates for published configs, against numbers worked out by hand from their hyper-parameters and the
// parameter counts their repositories publish.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { estimateMemory } from "./estimate";
import { loadModelConfig } from "./load-facts";
import { readModelConfig } from "./model-config";
import { parameterCountFromSafetensors } from "./parameter-count";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const fixture = (name: string) => loadModelConfig(path.join(fixtures, `${name}.config.json`));
const rawFixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(fixtures, `${name}.config.json`), "utf8"));
const safetensors = (name: string) =>
  parameterCountFromSafetensors(JSON.parse(readFileSync(path.join(fixtures, `${name}.safetensors.json`), "utf8")));
const GIB = 2 ** 30;
const within = (actual: number | null | undefined, expected: number, share: number) =>
  Math.abs((actual ?? NaN) - expected) / expected <= share;

describe("weights", () => {
  it("counts Llama-3.1-8B in bf16 at about 16 GB: 8,030,261,248 parameters × 2 bytes", () => {
    const estimate = estimateMemory(fixture("llama-3.1-8b-instruct"), { parameters: safetensors("llama-3.1-8b-instruct") });
    expect(estimate.weights?.bytes).toBe(16_060_522_496);
    expect(within(estimate.weights?.bytes, 16e9, 0.01)).toBe(true);
    expect(estimate.parameters).toMatchObject({ total: 8030261248, source: "safetensors", isEstimate: false });
  });

  it.each([
    // Published safetensors totals of each repository.
    ["llama-3.1-8b-instruct", 8_030_261_248],
    ["llama-3.1-70b-instruct", 70_553_706_496],
    ["mistral-7b-instruct-v0.3", 7_248_023_552],
    ["qwen2.5-0.5b-instruct", 494_032_768],
    ["qwen2.5-7b-instruct-awq", 7_615_616_512], // the unquantized Qwen2.5-7B's count
    ["mixtral-8x7b-instruct-v0.1", 46_702_792_704],
    ["deepseek-v2-lite", 15_706_484_224],
    ["gemma-2-9b-it", 9_241_705_984],
  ])("estimates %s's parameters from the architecture within 0.1%% of the published %d", (name, published) => {
    const estimate = estimateMemory(fixture(name));
    expect(estimate.parameters.isEstimate).toBe(true);
    expect(estimate.parameters.source).toBe("architecture estimate");
    expect(within(estimate.parameters.total, published, 0.001)).toBe(true);
  });

  it("estimates LLaVA-1.5-7B with its vision tower near the published 7.06B, and BERT-small near 33.4M", () => {
    expect(within(estimateMemory(fixture("llava-1.5-7b-hf")).parameters.total, 7.06e9, 0.01)).toBe(true);
    expect(within(estimateMemory(fixture("bge-small-en-v1.5")).parameters.total, 33.4e6, 0.01)).toBe(true);
  });

  it("keeps every Mixtral expert resident (≈93 GB) while a token reads 2 of 8 (12.9B active)", () => {
    const estimate = estimateMemory(fixture("mixtral-8x7b-instruct-v0.1"));
    // 32 layers × 8 experts × 3 × 4096 × 14336.
    expect(estimate.parameters.breakdown?.experts).toBe(45_097_156_608);
    expect(within(estimate.weights?.bytes, 46_702_792_704 * 2, 0.001)).toBe(true);
    // Six idle experts per layer: 46,702,792,704 − 32 × 6 × 176,160,768.
    expect(within(estimate.parameters.active, 12_879_925_248, 0.001)).toBe(true);
  });

  it("costs AWQ 4-bit weights about 4 bits per quantized parameter, embeddings staying 16-bit", () => {
    const awq = estimateMemory(fixture("qwen2.5-7b-instruct-awq"));
    const { quantizable = 0, total = 0 } = awq.parameters.breakdown ?? {};
    // Linear layers: 6.525e9 × (4 + 20/128 bits for a 16-bit scale and 4-bit zero per group of 128) / 8 = 3.39 GB;
    // embeddings and LM head: 2 × 152064 × 3584 × 2 B = 2.18 GB. Together ≈ 5.57 GB.
    expect(within(awq.weights?.bytes, 5.57e9, 0.01)).toBe(true);
    const quantizedBits = (((awq.weights?.bytes ?? 0) - (total - quantizable) * 2) * 8) / quantizable;
    expect(quantizedBits).toBeGreaterThan(4);
    expect(quantizedBits).toBeLessThan(4.25);
    const { quantization_config: _dropped, ...unquantized } = rawFixture("qwen2.5-7b-instruct-awq");
    const fp16 = estimateMemory(readModelConfig(unquantized));
    expect(fp16.weights?.bytes).toBe(7_615_616_512 * 2);
    expect((awq.weights?.bytes ?? 0) / (fp16.weights?.bytes ?? 1)).toBeLessThan(0.4);
  });

  it("sums a packed checkpoint's safetensors dtypes as stored instead of trusting its parameter count", () => {
    const estimate = estimateMemory(fixture("qwen2.5-7b-instruct-awq"), {
      parameters: { total: 1500, byDtype: { I32: 1000, F16: 500 }, source: "safetensors" },
    });
    expect(estimate.weights?.bytes).toBe(1000 * 4 + 500 * 2);
    expect(estimate.parameters.total).toBe(7_615_616_512); // int32 words are not parameters
  });

  it("rescales weight-file bytes of a float32 checkpoint to the 16-bit dtype vLLM serves", () => {
    const estimate = estimateMemory(fixture("bge-small-en-v1.5"), { weightBytes: 133_000_000 });
    expect(estimate.dtype.serving).toBe("float16"); // vLLM prefers float16 for pooling models
    expect(estimate.weights?.bytes).toBe(66_500_000);
  });
});

describe("KV cache", () => {
  it("is 131,072 B per token for Llama-3.1-8B (2 × 32 × 8 × 128 × 2), 1 GiB for 8k and 16 GiB for 128k", () => {
    const reading = fixture("llama-3.1-8b-instruct");
    const at8k = estimateMemory(reading, { contextLength: 8192 });
    expect(at8k.kvCache.perToken?.bytes).toBe(131_072);
    expect(at8k.kvCache.total?.bytes).toBe(GIB);
    expect(estimateMemory(reading).kvCache.total?.gib).toBe(16);
    expect(estimateMemory(reading, { contextLength: 8192, concurrency: 4 }).kvCache.total?.gib).toBe(4);
  });

  it("halves with an fp8 KV cache", () => {
    expect(estimateMemory(fixture("llama-3.1-8b-instruct"), { kvCacheDtype: "fp8" }).kvCache.perToken?.bytes).toBe(65_536);
  });

  it("uses the MLA latent for DeepSeek-V2-Lite: 27 × (512 + 64) × 2 B, not its 16 KV heads", () => {
    const estimate = estimateMemory(fixture("deepseek-v2-lite"));
    expect(estimate.kvCache.perToken?.bytes).toBe(31_104);
    expect(estimate.kvCache.perToken?.formula).toContain("MLA");
  });

  it("uses Gemma-2's explicit head_dim: 2 × 42 × 8 × 256 × 2 B", () => {
    expect(estimateMemory(fixture("gemma-2-9b-it")).kvCache.perToken?.bytes).toBe(344_064);
  });

  it("reads LLaVA's KV shape through text_config: 2 × 32 × 32 × 128 × 2 B at float16", () => {
    const estimate = estimateMemory(fixture("llava-1.5-7b-hf"));
    expect(estimate.kvCache.perToken?.bytes).toBe(524_288);
    expect(estimate.dtype.serving).toBe("float16");
  });

  it("is zero for an encoder", () => {
    expect(estimateMemory(fixture("bge-small-en-v1.5")).kvCache.perToken?.bytes).toBe(0);
  });
});

describe("context, dtype and totals", () => {
  it("defaults to the model's maximum and caps a longer request at it", () => {
    const reading = fixture("llama-3.1-8b-instruct");
    expect(estimateMemory(reading).context).toMatchObject({ length: 131072, modelMaximum: 131072 });
    const capped = estimateMemory(reading, { contextLength: 200_000 }).context;
    expect(capped.length).toBe(131072);
    expect(capped.source).toContain("capped");
    const unknown = readModelConfig({ ...rawFixture("llama-3.1-8b-instruct"), max_position_embeddings: undefined });
    expect(estimateMemory(unknown).context.length).toBe(2048);
  });

  it("adds KAITO's 2.3 GiB and 2% of the weights as overhead, and totals the three parts", () => {
    const estimate = estimateMemory(fixture("llama-3.1-8b-instruct"), {
      contextLength: 8192,
      parameters: safetensors("llama-3.1-8b-instruct"),
    });
    expect(estimate.overhead.bytes).toBeCloseTo(2.3 * GIB + 0.02 * 16_060_522_496, 0);
    expect(estimate.total?.bytes).toBeCloseTo(16_060_522_496 + GIB + estimate.overhead.bytes, 0);
  });

  it("serves bf16 checkpoints as float16 on a GPU without bfloat16, but Gemma-2 as float32 (vLLM refuses float16 for it)", () => {
    const llama = estimateMemory(fixture("llama-3.1-8b-instruct"), { gpu: { bf16: false } });
    expect(llama.dtype).toMatchObject({ serving: "float16", flag: "float16" });
    const gemma = estimateMemory(fixture("gemma-2-9b-it"), { gpu: { bf16: false } });
    expect(gemma.dtype).toMatchObject({ serving: "float32", flag: "float32" });
    expect(gemma.kvCache.perToken?.bytes).toBe(344_064 * 2);
    expect(gemma.weights?.bytesPerParameter).toBe(4);
  });

  it("lists what it could not estimate", () => {
    const estimate = estimateMemory(
      readModelConfig({ architectures: ["LlamaForCausalLM"], model_type: "custom", torch_dtype: "bfloat16" }),
    );
    expect(estimate.weights).toBeNull();
    expect(estimate.total).toBeNull();
    expect(estimate.missing).toEqual(expect.arrayContaining(["num_hidden_layers", "hidden_size", "vocab_size"]));
  });
});
