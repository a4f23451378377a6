// Memory a model needs under vLLM, on one GPU's terms: weights (parameters × bytes per parameter in the dtype vLLM
// serves, or the quantization's bits), KV cache for context × concurrency, and runtime overhead, each with the inputs
// of its formula so a UI can show the numbers behind it. Per-GPU budgets at a tensor-parallel size are in fit.ts. Pure.
import {
  normalizeDtype,
  resolveServingDtype,
  SAFETENSORS_DTYPE_BYTES,
  SERVING_DTYPE_BYTES,
  type DtypeResolution,
  type ServingDtype,
} from "./dtype";
import type { ModelConfigReading } from "./model-config";
import type { ParameterCount } from "./parameter-count";
import { estimateParameters, parameterEstimateGaps, type ParameterBreakdown } from "./parameters";
import { bitsPerQuantizedWeight } from "./quantization";
import { GIB, kvBytesPerToken, VLLM_BUDGET, type KvPerTokenInputs } from "./vllm-budget";

export type KvCacheDtype = "auto" | "fp8";

export interface EstimateOptions {
  /** From the Hub's safetensors summary (`parameterCountFromSafetensors`); estimated from the architecture when absent. */
  parameters?: ParameterCount | null;
  /** Bytes of the weight files as stored (sum of *.safetensors), when known; rescaled if vLLM serves another dtype. */
  weightBytes?: number | null;
  /** Tokens per sequence (--max-model-len); default and cap: the model's max_position_embeddings. */
  contextLength?: number | null;
  /** Full-length sequences to hold at once; default 1. */
  concurrency?: number;
  kvCacheDtype?: KvCacheDtype;
  dtype?: ServingDtype | "auto";
  /** Whether the GPU has bfloat16 (decides vLLM's auto dtype); default true. */
  gpu?: { bf16: boolean };
  /** Embedding and reranking models: vLLM prefers float16 for them. Default: true for encoders (BERT and kin). */
  isPoolingModel?: boolean;
}

export interface Amount {
  bytes: number;
  gib: number;
}

export interface MemoryEstimate {
  dtype: DtypeResolution;
  parameters: {
    total: number | null;
    /** Read per generated token (a mixture of experts reads only the routed ones). */
    active: number | null;
    source: "safetensors" | "architecture estimate" | "weight bytes" | null;
    isEstimate: boolean;
    breakdown: ParameterBreakdown | null;
  };
  weights: (Amount & { bytesPerParameter: number | null; source: string; formula: string }) | null;
  kvCache: {
    dtype: KvCacheDtype;
    bytesPerElement: number;
    perToken: (Amount & { formula: string; inputs: KvPerTokenInputs }) | null;
    tokens: number;
    total: Amount | null;
    formula: string;
  };
  /** Per GPU; at tensor-parallel size 1 this is the whole of it. */
  overhead: Amount & { activationBytes: number; nonTorchBytes: number; weightShareBytes: number; source: string };
  /** Weights + KV + overhead on one GPU; null when weights or KV could not be estimated. */
  total: Amount | null;
  context: { length: number; concurrency: number; modelMaximum: number | null; source: string };
  /** What the config lacked for this estimate. */
  missing: string[];
  notes: string[];
}

const amount = (bytes: number): Amount => ({ bytes, gib: bytes / GIB });

export function estimateMemory(reading: ModelConfigReading, options: EstimateOptions = {}): MemoryEstimate {
  const { facts } = reading;
  const notes: string[] = [];
  const missing = [...reading.missing];
  const dtype = resolveServingDtype(facts.configDtype, facts.modelType, options.gpu ?? { bf16: true }, {
    isPoolingModel: options.isPoolingModel ?? facts.isEncoderOnly,
    requested: options.dtype,
  });
  const breakdown = estimateParameters(facts);
  const parameters = countParameters(reading, options, breakdown, dtype);
  const weights = estimateWeights(reading, options, breakdown, dtype, notes);
  if (!weights) missing.push(...parameterEstimateGaps(facts).filter((gap) => !missing.some((m) => m.endsWith(gap))));

  const context = resolveContext(facts.maxPositionEmbeddings, options);
  const kvDtype = options.kvCacheDtype ?? "auto";
  const bytesPerElement = kvDtype === "fp8" ? 1 : SERVING_DTYPE_BYTES[dtype.serving];
  const kvInputs = kvCacheInputs(reading, bytesPerElement);
  const perToken = kvInputs ? kvBytesPerToken(kvInputs) : null;
  const tokens = context.length * context.concurrency;
  const kvTotal = perToken !== null ? amount(perToken * tokens) : null;

  const weightShareBytes = weights ? weights.bytes * (VLLM_BUDGET.weightOverheadFactor - 1) : 0;
  const overheadBytes = VLLM_BUDGET.activationBytes + VLLM_BUDGET.nonTorchBytes + weightShareBytes;

  notes.push(...modelNotes(facts, context.length, kvDtype));

  return {
    dtype,
    parameters,
    weights,
    kvCache: {
      dtype: kvDtype,
      bytesPerElement,
      perToken: perToken !== null && kvInputs ? { ...amount(perToken), formula: kvFormula(kvInputs), inputs: kvInputs } : null,
      tokens,
      total: kvTotal,
      formula: `${perToken ?? "?"} B/token × ${context.length} tokens × ${context.concurrency} sequence(s)`,
    },
    overhead: {
      ...amount(overheadBytes),
      activationBytes: VLLM_BUDGET.activationBytes,
      nonTorchBytes: VLLM_BUDGET.nonTorchBytes,
      weightShareBytes,
      source: "KAITO's figures measured on vLLM 0.10.1: 1.7 GiB activation peak + 0.6 GiB non-torch per GPU + 2% of the weights",
    },
    total: weights && kvTotal ? amount(weights.bytes + kvTotal.bytes + overheadBytes) : null,
    context,
    missing,
    notes,
  };
}

/** What the estimate leaves out or assumes about this kind of model. */
function modelNotes(facts: ModelConfigReading["facts"], contextLength: number, kvDtype: KvCacheDtype): string[] {
  const notes: string[] = [];
  if (facts.slidingWindow !== null && facts.slidingWindow < contextLength && facts.attention !== "none") {
    notes.push(
      `The config declares a ${facts.slidingWindow}-token sliding window; vLLM keeps less KV for sliding-window layers than this estimate, which counts full attention on every layer.`,
    );
  }
  if (facts.vision)
    notes.push("Multimodal: the vision tower's weights are counted roughly; its activations for images come on top of the overhead.");
  if (facts.moe)
    notes.push(
      `Mixture of ${facts.moe.experts} experts: every expert's weights stay resident, though each token reads only ${facts.moe.expertsPerToken ?? "some"} of them.`,
    );
  if (kvDtype === "fp8") notes.push("fp8 KV cache: one byte per element, half of 16-bit.");

  return notes;
}

function countParameters(
  reading: ModelConfigReading,
  options: EstimateOptions,
  breakdown: ParameterBreakdown | null,
  dtype: DtypeResolution,
): MemoryEstimate["parameters"] {
  const given = options.parameters ?? null;
  // Packed 4-bit checkpoints count int32 words, not weights: the architecture tells the real count better.
  const isPacked = reading.facts.quantization !== null && Object.keys(given?.byDtype ?? {}).some((d) => /^[IU]/.test(d));
  let total: number | null = null;
  let source: MemoryEstimate["parameters"]["source"] = null;
  if (given && !isPacked) [total, source] = [given.total, given.source === "safetensors" ? "safetensors" : "architecture estimate"];
  else if (breakdown) [total, source] = [breakdown.total, "architecture estimate"];
  else if (given) [total, source] = [given.total, "safetensors"];
  else if (options.weightBytes && !reading.facts.quantization)
    [total, source] = [options.weightBytes / SERVING_DTYPE_BYTES[dtype.serving], "weight bytes"];
  const active = total !== null && breakdown ? Math.round((total * breakdown.active) / breakdown.total) : total;
  return { total, active, source, isEstimate: source !== "safetensors", breakdown };
}

function estimateWeights(
  reading: ModelConfigReading,
  options: EstimateOptions,
  breakdown: ParameterBreakdown | null,
  dtype: DtypeResolution,
  notes: string[],
): MemoryEstimate["weights"] {
  const quantization = reading.facts.quantization;
  const servingBytes = SERVING_DTYPE_BYTES[dtype.serving];
  const quantBits = quantization ? bitsPerQuantizedWeight(quantization) : null;
  if (quantization && quantBits === null)
    notes.push(`Quantization "${quantization.method}" names no bit width; its weights are counted at ${servingBytes} bytes each.`);
  const given = options.parameters ?? null;

  if (options.weightBytes) {
    const storedDtype = normalizeDtype(reading.facts.configDtype);
    const stored = storedDtype ? SERVING_DTYPE_BYTES[storedDtype] : servingBytes;
    const scale = quantization ? 1 : servingBytes / stored;
    const bytes = options.weightBytes * scale;
    return {
      ...amount(bytes),
      bytesPerParameter: null,
      source: "weight files",
      formula:
        scale === 1 ? `${options.weightBytes} B as stored` : `${options.weightBytes} B × ${servingBytes}/${stored} (${dtype.serving})`,
    };
  }
  if (given?.byDtype && quantization) {
    const bytes = Object.entries(given.byDtype).reduce((sum, [d, n]) => sum + n * (SAFETENSORS_DTYPE_BYTES[d] ?? servingBytes), 0);
    const parts = Object.entries(given.byDtype).map(([d, n]) => `${n} ${d} × ${SAFETENSORS_DTYPE_BYTES[d] ?? servingBytes} B`);
    return { ...amount(bytes), bytesPerParameter: null, source: "safetensors tensors as stored", formula: parts.join(" + ") };
  }
  if (given && !quantization) {
    const bytes = given.total * servingBytes;
    return {
      ...amount(bytes),
      bytesPerParameter: servingBytes,
      source: "safetensors parameter count",
      formula: `${given.total} parameters × ${servingBytes} B (${dtype.serving})`,
    };
  }
  if (!breakdown) return null;
  if (quantization && quantBits !== null) {
    const quantized = breakdown.quantizable;
    const rest = breakdown.total - quantized;
    const bytes = (quantized * quantBits) / 8 + rest * servingBytes;
    return {
      ...amount(bytes),
      bytesPerParameter: bytes / breakdown.total,
      source: "architecture estimate",
      formula: `${quantized} quantized × ${quantBits.toFixed(3)} bits / 8 + ${rest} unquantized (embeddings, LM head, norms, vision) × ${servingBytes} B`,
    };
  }
  const bytes = breakdown.total * servingBytes;
  return {
    ...amount(bytes),
    bytesPerParameter: servingBytes,
    source: "architecture estimate",
    formula: `${breakdown.total} parameters × ${servingBytes} B (${dtype.serving})`,
  };
}

function resolveContext(modelMaximum: number | null, options: EstimateOptions): MemoryEstimate["context"] {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const requested = options.contextLength ?? null;
  if (requested !== null && modelMaximum !== null && requested > modelMaximum) {
    return {
      length: modelMaximum,
      concurrency,
      modelMaximum,
      source: `${requested} requested, capped at the model's max_position_embeddings`,
    };
  }
  if (requested !== null) return { length: requested, concurrency, modelMaximum, source: "requested" };
  if (modelMaximum !== null)
    return {
      length: modelMaximum,
      concurrency,
      modelMaximum,
      source: "the model's max_position_embeddings (vLLM's default --max-model-len)",
    };
  return { length: 2048, concurrency, modelMaximum, source: "2048: vLLM's fallback when the config names no maximum length" };
}

function kvCacheInputs(reading: ModelConfigReading, bytesPerElement: number): KvPerTokenInputs | null {
  const { facts } = reading;
  if (facts.attention === "none")
    return { attention: "none", layers: facts.layers ?? 0, kvHeads: 0, headDim: 0, latentDim: 0, bytesPerElement };
  if (facts.layers === null) return null;
  if (facts.attention === "mla" && facts.mla) {
    return {
      attention: "mla",
      layers: facts.layers,
      kvHeads: 0,
      headDim: 0,
      latentDim: facts.mla.kvLoraRank + facts.mla.qkRopeHeadDim,
      bytesPerElement,
    };
  }
  if (facts.kvHeads === null || facts.headDim === null) return null;
  return {
    attention: facts.attention,
    layers: facts.layers,
    kvHeads: facts.kvHeads,
    headDim: facts.headDim,
    latentDim: 0,
    bytesPerElement,
  };
}

function kvFormula(kv: KvPerTokenInputs): string {
  if (kv.attention === "none") return "0: an encoder keeps no KV cache";
  if (kv.attention === "mla")
    return `L ${kv.layers} × (kv_lora_rank + qk_rope_head_dim) ${kv.latentDim} × ${kv.bytesPerElement} B (MLA latent)`;
  return `2 × L ${kv.layers} × kvh ${kv.kvHeads} × hd ${kv.headDim} × ${kv.bytesPerElement} B`;
}
