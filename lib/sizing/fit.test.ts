// GPU fit of published models on KubeAI's resource profiles, with the GPU facts Modelport bundles. Expectations are
// worked by hand from vLLM's budget: per GPU, memory × 0.9 − weights ÷ TP × 1.02 − 2.3 GiB is left for the KV cache.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fitProfile, fitProfiles, tensorParallelSizes } from "./fit";
import { gpuProfile, gpuProfiles, type GpuProfile } from "./gpu-facts";
import { loadGpuFacts, loadModelConfig } from "./load-facts";
import { readModelConfig } from "./model-config";
import { parameterCountFromSafetensors } from "./parameter-count";
import { kvBytesPerTokenPerGpu } from "./vllm-budget";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, "fixtures");
const facts = loadGpuFacts(path.join(here, "../k8s/catalog/gpu-facts.json"));
const fixture = (name: string) => loadModelConfig(path.join(fixtures, `${name}.config.json`));
const rawFixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(fixtures, `${name}.config.json`), "utf8"));
const safetensors = (name: string) =>
  parameterCountFromSafetensors(JSON.parse(readFileSync(path.join(fixtures, `${name}.safetensors.json`), "utf8")));
const gpu = (name: string, gpusPerNode?: number): GpuProfile =>
  gpuProfile({ name, requests: { "nvidia.com/gpu": "1" } }, facts, gpusPerNode ? { gpusPerNode: { [name]: gpusPerNode } } : {});

const within = (actual: number | null | undefined, expected: number, share: number) =>
  Math.abs((actual ?? NaN) - expected) / expected <= share;

const llama8b = fixture("llama-3.1-8b-instruct");
const llama8bParameters = { parameters: safetensors("llama-3.1-8b-instruct") };

describe("Llama-3.1-8B-Instruct in bf16", () => {
  it("fits one 24 GiB L4 only with a shorter context: 21.6 − 14.96 × 1.02 − 2.3 = 4.04 GiB of KV ≈ 33,100 tokens", () => {
    const fit = fitProfile(llama8b, gpu("nvidia-gpu-l4"), llama8bParameters);
    expect(fit.verdict).toBe("tight");
    expect(fit.gpuCount).toBe(1);
    expect(fit.options[0].tightBecause).toBe("max-model-len");
    expect(fit.maxContext).toBeGreaterThan(33_000);
    expect(fit.maxContext).toBeLessThan(33_200);
    expect(fit.args?.maxModelLen).toBe(32768);
    expect(fit.vllmArgs).toEqual(
      expect.arrayContaining(["--tensor-parallel-size=1", "--max-model-len=32768", "--gpu-memory-utilization=0.9"]),
    );
    expect(fit.notes[0]).toBe("Fits one NVIDIA L4 only with --max-model-len 32768 (131072 tokens asked).");
    // Two L4s: 21.6 − 7.48 × 1.02 − 2.3 = 11.67 GiB per GPU at 64 KiB per token ≈ 191k tokens ≥ 131072.
    expect(fit.fullContextGpuCount).toBe(2);
  });

  it("fits one 80 GiB H100 or A100 at the full 131072 tokens: 72 − 15.26 − 2.3 = 54.4 GiB holds ≈ 446k tokens", () => {
    for (const name of ["nvidia-gpu-h100", "nvidia-gpu-a100-80gb"]) {
      const fit = fitProfile(llama8b, gpu(name), llama8bParameters);
      expect(fit.verdict).toBe("fits");
      expect(fit.gpuCount).toBe(1);
      expect(fit.args?.maxModelLen).toBe(131072);
      expect(fit.options[0].budget.kvTokens).toBeGreaterThan(445_000);
      expect(fit.options[0].budget.kvTokens).toBeLessThan(447_000);
    }
  });

  it("gets --dtype half on a T4 (no bfloat16) and no --dtype on an L4", () => {
    expect(fitProfile(llama8b, gpu("nvidia-gpu-t4")).vllmArgs).toContain("--dtype=half");
    expect(fitProfile(llama8b, gpu("nvidia-gpu-l4")).vllmArgs.some((arg) => arg.startsWith("--dtype"))).toBe(false);
  });

  it("shortens the context further for several full-length sequences at once", () => {
    // 445,999 tokens ÷ 4 sequences = 111,499 per sequence → 108 × 1024; at 0.95 the cache would hold 478k, still < 4 × 131072.
    const fit = fitProfile(llama8b, gpu("nvidia-gpu-h100"), { ...llama8bParameters, concurrency: 4 });
    expect(fit.verdict).toBe("tight");
    expect(fit.args?.maxModelLen).toBe(110_592);
    expect(fit.args?.maxNumSeqs).toBeGreaterThanOrEqual(4);
  });

  it("doubles the L4's context with an fp8 KV cache", () => {
    const fit = fitProfile(llama8b, gpu("nvidia-gpu-l4"), { ...llama8bParameters, kvCacheDtype: "fp8" });
    expect(fit.args?.maxModelLen).toBe(65536);
    expect(fit.vllmArgs).toContain("--kv-cache-dtype=fp8");
  });

  it("decodes one stream on an L4 at a plausible 10–25 tokens/s, slower at a long context, faster on an H100", () => {
    const l4 = fitProfile(llama8b, gpu("nvidia-gpu-l4"), llama8bParameters).decode;
    // 300 GB/s × 0.6 / 16.06 GB ≈ 11.2 tokens/s.
    expect(l4?.tokensPerSecond.emptyContext).toBeGreaterThan(10);
    expect(l4?.tokensPerSecond.emptyContext).toBeLessThan(25);
    expect(l4?.tokensPerSecond.fullContext).toBeLessThan(l4?.tokensPerSecond.emptyContext ?? 0);
    const h100 = fitProfile(llama8b, gpu("nvidia-gpu-h100"), llama8bParameters).decode;
    expect(h100?.tokensPerSecond.emptyContext).toBeGreaterThan(100);
  });
});

describe("Llama-3.1-70B-Instruct in bf16 (141 GB of weights)", () => {
  const llama70b = fixture("llama-3.1-70b-instruct");
  const options = { parameters: safetensors("llama-3.1-70b-instruct") };

  it("does not fit one 80 GiB GPU, fits two with a short context and four at the full context", () => {
    for (const name of ["nvidia-gpu-h100", "nvidia-gpu-a100-80gb"]) {
      const fit = fitProfile(llama70b, gpu(name), options);
      // One GPU: 131.4 GiB of weights against 72 GiB usable.
      expect(fit.options[0]).toMatchObject({ gpuCount: 1, verdict: "does-not-fit" });
      // Two: 72 − 65.7 × 1.02 − 2.3 = 2.68 GiB per GPU at 160 KiB per token (4 of 8 KV heads) ≈ 17.5k tokens.
      expect(fit).toMatchObject({ verdict: "tight", gpuCount: 2, resourceProfile: `${name}:2` });
      expect(fit.args?.maxModelLen).toBe(17408);
      // Four: 72 − 32.9 × 1.02 − 2.3 = 36.2 GiB per GPU at 80 KiB per token ≈ 474k tokens ≥ 131072.
      expect(fit.fullContextGpuCount).toBe(4);
      expect(fit.options.find((option) => option.gpuCount === 4)?.verdict).toBe("fits");
    }
  });

  it("does not fit a node of one H100 and says what it would take", () => {
    const fit = fitProfile(llama70b, gpu("nvidia-gpu-h100", 1), options);
    expect(fit.verdict).toBe("does-not-fit");
    expect(fit.gpuCount).toBeNull();
    expect(fit.vllmArgs).toEqual([]);
    expect(fit.notes[0]).toMatch(/^Does not fit even on one NVIDIA H100 80GB: per GPU the weights take 131\.4 GiB/);
  });
});

describe("tensor parallelism", () => {
  it("offers only sizes dividing Qwen2.5-0.5B's 14 attention heads", () => {
    const { sizes, excluded } = tensorParallelSizes(fixture("qwen2.5-0.5b-instruct").facts, 8);
    expect(sizes).toEqual([1, 2]);
    expect(excluded).toEqual([
      { size: 4, reason: "14 attention heads are not divisible by 4" },
      { size: 8, reason: "14 attention heads are not divisible by 8" },
    ]);
  });

  it("needs K/V heads to divide over the GPUs or the GPUs over them", () => {
    const facts = readModelConfig({ ...rawFixture("llama-3.1-8b-instruct"), num_attention_heads: 48, num_key_value_heads: 6 }).facts;
    expect(tensorParallelSizes(facts, 8).sizes).toEqual([1, 2]);
    expect(tensorParallelSizes(facts, 8).excluded.map((e) => e.reason)).toContain("6 KV heads do not divide evenly over 4 GPUs");
  });

  it("stays within the node and whole profile units", () => {
    expect(tensorParallelSizes(llama8b.facts, 4).sizes).toEqual([1, 2, 4]);
    expect(tensorParallelSizes(llama8b.facts, 8, 2).sizes).toEqual([2, 4, 8]);
  });

  it("keeps at least one K/V head per GPU, and the whole MLA latent on every GPU", () => {
    const gqa = { attention: "gqa", layers: 32, kvHeads: 2, headDim: 128, latentDim: 0, bytesPerElement: 2 } as const;
    expect(kvBytesPerTokenPerGpu(gqa, 2)).toBe(2 * 32 * 1 * 128 * 2);
    expect(kvBytesPerTokenPerGpu(gqa, 8)).toBe(2 * 32 * 1 * 128 * 2); // replicated, not a quarter head each
    const deepseek = fitProfile(fixture("deepseek-v2-lite"), gpu("nvidia-gpu-l4"));
    expect(deepseek.gpuCount).toBe(2);
    expect(deepseek.options.find((option) => option.gpuCount === 2)?.budget.kvBytesPerToken).toBe(31_104);
  });

  it("judges only the possible sizes", () => {
    const tiny: GpuProfile = { ...gpu("nvidia-gpu-l4"), name: "tiny", memoryGiB: 1 };
    const fit = fitProfile(fixture("qwen2.5-0.5b-instruct"), tiny);
    expect(fit.options.map((option) => option.gpuCount)).toEqual([1, 2]);
    expect(fit.verdict).toBe("does-not-fit");
    expect(fit.notes).toContain("Tensor-parallel size 4 is not possible: 14 attention heads are not divisible by 4.");
  });
});

describe("other models", () => {
  it("spreads Mixtral's 93 GB of experts over two H100s, each token reading only its share of 12.9B active parameters", () => {
    const fit = fitProfile(fixture("mixtral-8x7b-instruct-v0.1"), gpu("nvidia-gpu-h100"));
    expect(fit).toMatchObject({ verdict: "fits", gpuCount: 2 });
    expect(fit.decode?.bytesPerTokenPerGpu.emptyContext).toBeCloseTo((12_879_925_248 * 2) / 2, -6);
  });

  it("fits Gemma-2-9B's 8k context on one L4 only at --gpu-memory-utilization 0.95", () => {
    // 18.48 GB = 17.21 GiB of weights; at 0.9: 21.6 − 17.56 − 2.3 = 1.74 GiB ÷ 344,064 B ≈ 5.4k tokens < 8192;
    // at 0.95: 22.8 − 17.56 − 2.3 = 2.94 GiB ≈ 9.2k tokens ≥ 8192.
    const fit = fitProfile(fixture("gemma-2-9b-it"), gpu("nvidia-gpu-l4"));
    expect(fit).toMatchObject({ verdict: "tight", gpuCount: 1, fullContextGpuCount: 2 });
    expect(fit.options[0]).toMatchObject({ tightBecause: "gpu-memory-utilization", gpuMemoryUtilization: 0.95, maxModelLen: 8192 });
    expect(fit.vllmArgs).toContain("--gpu-memory-utilization=0.95");
    expect(fit.notes[0]).toMatch(/^Fits one NVIDIA L4 only with --gpu-memory-utilization 0\.95, which leaves 1\.2 GiB per GPU/);
  });

  it("serves Gemma-2 in float32 on T4s, where vLLM refuses float16 for it", () => {
    const fit = fitProfile(fixture("gemma-2-9b-it"), gpu("nvidia-gpu-t4"));
    expect(fit.vllmArgs).toContain("--dtype=float32");
    expect(fit.notes.some((note) => note.includes("vLLM refuses float16 for gemma2"))).toBe(true);
  });

  it("names the Marlin AWQ kernel on an L4 and plain AWQ on a T4", () => {
    const awq = fixture("qwen2.5-7b-instruct-awq");
    expect(fitProfile(awq, gpu("nvidia-gpu-l4")).vllmArgs).toContain("--quantization=awq_marlin");
    expect(fitProfile(awq, gpu("nvidia-gpu-t4")).vllmArgs).toContain("--quantization=awq");
  });

  it("refuses an fp8 checkpoint on a T4 but not on an L4 or an A100", () => {
    const fp8 = readModelConfig({
      ...rawFixture("llama-3.1-8b-instruct"),
      quantization_config: { quant_method: "fp8", activation_scheme: "dynamic" },
    });
    const t4 = fitProfile(fp8, gpu("nvidia-gpu-t4"));
    expect(t4.verdict).toBe("does-not-fit");
    expect(t4.notes[0]).toContain("compute capability 8.0");
    // fp8 linear layers (6.98B × 1 B) plus 16-bit embeddings and LM head (1.05B × 2 B) ≈ 9.08 GB = 8.46 GiB; on an L4
    // 21.6 − 8.46 × 1.02 − 2.3 = 10.67 GiB of KV ≈ 87.4k tokens: one L4 (KubeAI's catalog runs it so) at 85 × 1024.
    const l4 = fitProfile(fp8, gpu("nvidia-gpu-l4"));
    expect(l4).toMatchObject({
      verdict: "tight",
      gpuCount: 1,
      vllmArgs: expect.arrayContaining(["--quantization=fp8", "--max-model-len=87040"]),
    });
    expect(within(l4.estimate?.weights?.bytes, 9.08e9, 0.01)).toBe(true);
    expect(fitProfile(fp8, gpu("nvidia-gpu-a100-40gb")).verdict).toBe("fits");
  });

  it("fits an embedding model anywhere without KV cache or decode speed", () => {
    const fit = fitProfile(fixture("bge-small-en-v1.5"), gpu("nvidia-gpu-t4"));
    expect(fit).toMatchObject({ verdict: "fits", gpuCount: 1, decode: null });
    expect(fit.notes[0]).toContain("no KV cache is needed");
  });
});

describe("profiles without a GPU fit", () => {
  it("says a CPU profile has no accelerator instead of pretending", () => {
    const fit = fitProfile(llama8b, gpuProfile({ name: "cpu", requests: { cpu: "1", memory: "2Gi" } }, facts));
    expect(fit).toMatchObject({ verdict: "no-accelerator", gpuCount: null, args: null, decode: null, estimate: null });
    expect(fit.notes[0]).toContain("No accelerator");
  });

  it("calls a profile the facts do not know unknown", () => {
    const tpu = fitProfile(llama8b, gpuProfile({ name: "google-tpu-v5e-1x1", requests: { "google.com/tpu": "1" } }, facts));
    expect(tpu.verdict).toBe("unknown");
    expect(tpu.notes[0]).toBe("No memory figure for google.com/tpu (google-tpu-v5e-1x1) in the GPU facts.");
    const unknownCpu = fitProfile(llama8b, gpuProfile({ name: "cpu-large", requests: { cpu: "16" } }, facts));
    expect(unknownCpu.verdict).toBe("no-accelerator");
  });

  it("calls a config it cannot size unknown, naming what is missing", () => {
    const fit = fitProfile(readModelConfig({ architectures: ["LlamaForCausalLM"] }), gpu("nvidia-gpu-l4"));
    expect(fit.verdict).toBe("unknown");
    expect(fit.notes[0]).toContain("num_hidden_layers");
  });

  it("answers every bundled profile", () => {
    const profiles = gpuProfiles(
      Object.keys(facts.profiles).map((name) => ({
        name,
        requests: name === "cpu" ? { cpu: "1" } : ({ "nvidia.com/gpu": "1" } as Record<string, string>),
      })),
      facts,
    );
    const fits = fitProfiles(llama8b, profiles, llama8bParameters);
    expect(fits.map((fit) => fit.profile)).toEqual(Object.keys(facts.profiles));
    expect(fits.filter((fit) => fit.verdict === "fits").map((fit) => fit.profile)).toEqual(
      expect.arrayContaining(["nvidia-gpu-h100", "nvidia-gpu-a100-80gb", "nvidia-gpu-l40s", "amd-gpu-mi300x"]),
    );
  });
});
