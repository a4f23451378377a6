// vLLM's start-up memory budget per GPU (sizing-anchors.md, "vLLM"): requested = GPU memory × utilization; what is
// left after weights, the profiling run's activation peak and non-torch memory is the KV cache, which must hold
// --max-model-len tokens or vLLM refuses to start. The figures that vLLM only measures at start-up are KAITO's,
// measured on vLLM 0.10.1 (KubeAI's bundled image is vLLM 0.10.2). Pure.

export const GIB = 2 ** 30;

export const VLLM_BUDGET = {
  /** vLLM's default --gpu-memory-utilization in the 0.10 line KubeAI ships (the newest vllm/config/cache.py says 0.92). */
  defaultUtilization: 0.9,
  /**
   * The most we recommend. vLLM captures CUDA graphs after sizing the KV cache, out of the memory the utilization leaves
   * over; at 0.95 that is 1.2 GiB of a 24 GiB L4, so a fit that needs it is "tight".
   */
  tightUtilization: 0.95,
  /** Peak torch activations of the profiling run, per GPU (KAITO's model-sku-calculation.md: 1.7 GiB). */
  activationBytes: 1.7 * GIB,
  /** CUDA context, NCCL and other non-torch memory, per GPU (KAITO: 0.6 GiB). */
  nonTorchBytes: 0.6 * GIB,
  /** Weight-proportional extra (KAITO's documented formula counts 1.02 × the weights). */
  weightOverheadFactor: 1.02,
  /** The shortest --max-model-len worth recommending (KAITO's default max tokens); below it a fit does not count. */
  minimumContext: 2048,
  /** Tensor-parallel sizes on one node. */
  tensorParallelSizes: [1, 2, 4, 8] as const,
  /** GPUs on one node when the profile facts do not say. */
  defaultGpusPerNode: 8,
  /** vLLM's default --max-num-seqs; we never recommend more. */
  maxNumSeqs: 256,
  /**
   * Single-stream decode reads every active weight and the context's KV once per token, so tokens/s ≈ bandwidth ×
   * efficiency / bytes read. 0.6 is a deliberately conservative share of the data-sheet bandwidth.
   */
  decodeEfficiency: 0.6,
} as const;

export interface KvPerTokenInputs {
  attention: "mha" | "gqa" | "mqa" | "mla" | "none";
  layers: number;
  /** K/V heads (standard attention); ignored for MLA and encoders. */
  kvHeads: number;
  headDim: number;
  /** MLA: kv_lora_rank + qk_rope_head_dim. */
  latentDim: number;
  bytesPerElement: number;
}

/** KV bytes per token for the whole model: 2·L·kvh·hd·b, or L·(kv_lora_rank + qk_rope_head_dim)·b for MLA. */
export function kvBytesPerToken(kv: KvPerTokenInputs): number {
  switch (kv.attention) {
    case "none":
      return 0;
    case "mla":
      return kv.layers * kv.latentDim * kv.bytesPerElement;
    case "mha":
    case "gqa":
    case "mqa":
      return 2 * kv.layers * kv.kvHeads * kv.headDim * kv.bytesPerElement;
    default: {
      const unreachable: never = kv.attention;
      return unreachable;
    }
  }
}

/**
 * KV bytes per token on each GPU at tensor-parallel size `tp`: heads are split across GPUs, but a GPU always holds at
 * least one K/V head (vLLM replicates them when tp > kvh), and MLA's latent vector is replicated on every GPU.
 */
export function kvBytesPerTokenPerGpu(kv: KvPerTokenInputs, tp: number): number {
  if (kv.attention === "mla" || kv.attention === "none") return kvBytesPerToken(kv);
  const headsPerGpu = Math.max(1, kv.kvHeads / tp);
  return 2 * kv.layers * headsPerGpu * kv.headDim * kv.bytesPerElement;
}

export interface GpuBudget {
  /** GPU memory × utilization. */
  requestedBytes: number;
  weightBytes: number;
  /** Activation peak + non-torch memory + the weight-proportional 2%. */
  overheadBytes: number;
  /** What is left for the KV cache (negative when the weights and overhead alone do not fit). */
  kvBytes: number;
  kvBytesPerToken: number;
  /** Tokens the KV cache holds; Infinity for models without a KV cache that fit at all. */
  kvTokens: number;
}

/** The budget of one of `tp` GPUs of `memoryBytes` each, at a given --gpu-memory-utilization. */
export function gpuBudget(input: {
  memoryBytes: number;
  utilization: number;
  weightBytes: number;
  kv: KvPerTokenInputs;
  tp: number;
}): GpuBudget {
  const requestedBytes = input.memoryBytes * input.utilization;
  const weightBytes = input.weightBytes / input.tp;
  const overheadBytes = VLLM_BUDGET.activationBytes + VLLM_BUDGET.nonTorchBytes + weightBytes * (VLLM_BUDGET.weightOverheadFactor - 1);
  const kvBytes = requestedBytes - weightBytes - overheadBytes;
  const perToken = kvBytesPerTokenPerGpu(input.kv, input.tp);
  const kvTokens = kvBytes < 0 ? 0 : perToken === 0 ? Infinity : Math.floor(kvBytes / perToken);
  return { requestedBytes, weightBytes, overheadBytes, kvBytes, kvBytesPerToken: perToken, kvTokens };
}
