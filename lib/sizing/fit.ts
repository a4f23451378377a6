// Will a model fit a resource profile under vLLM, on how many GPUs, with which flags, and how fast will one stream
// decode? Per profile: every tensor-parallel size on one node that the model's heads allow, each judged against
// vLLM's per-GPU budget (vllm-budget.ts). Pure.
//
// Verdicts, per GPU count:
// - fits: the requested context × concurrency fits the KV cache at vLLM's default --gpu-memory-utilization (0.9);
// - tight: it fits only with --gpu-memory-utilization 0.95, or only with a shorter --max-model-len (at least 2048
//   tokens per sequence), at 0.9 if that suffices, else at 0.95;
// - does-not-fit: not even 2048 tokens per sequence fit at 0.95.
// A profile's verdict is its smallest GPU count that fits or is tight. Profiles without an accelerator are
// "no-accelerator", and those the GPU facts do not know are "unknown": neither is guessed at.
import type { ServingDtype } from "./dtype";
import { estimateMemory, type EstimateOptions, type KvCacheDtype, type MemoryEstimate } from "./estimate";
import { fitNotes } from "./fit-notes";
import type { GpuProfile } from "./gpu-facts";
import type { ModelConfigReading, ModelFacts } from "./model-config";
import { quantizationFlag } from "./quantization";
import { GIB, gpuBudget, kvBytesPerTokenPerGpu, VLLM_BUDGET, type GpuBudget } from "./vllm-budget";

export type FitVerdict = "fits" | "tight" | "does-not-fit" | "no-accelerator" | "unknown";
export type FitOptions = Omit<EstimateOptions, "gpu">;

export interface GpuCountOption {
  gpuCount: number;
  /** The KubeAI resourceProfile value: `<profile>:<units>`. */
  resourceProfile: string;
  verdict: "fits" | "tight" | "does-not-fit";
  /** What makes it tight: the raised utilization, or a --max-model-len below the requested context. */
  tightBecause: "gpu-memory-utilization" | "max-model-len" | null;
  gpuMemoryUtilization: number;
  /** The --max-model-len to start with; null when it does not fit. */
  maxModelLen: number | null;
  /** The longest context per sequence the KV cache holds at this utilization, capped at the model's maximum. */
  maxContext: number;
  /** The per-GPU budget at `gpuMemoryUtilization`. */
  budget: GpuBudget;
}

export interface VllmArgs {
  tensorParallelSize: number;
  maxModelLen: number;
  gpuMemoryUtilization: number;
  dtype: ServingDtype | null;
  quantization: string | null;
  kvCacheDtype: "fp8" | null;
  /** As many sequences as the KV cache holds at 2048 tokens each, at least the concurrency asked for, at most 256. */
  maxNumSeqs: number;
}

export interface DecodeSpeed {
  efficiency: number;
  memoryBandwidthGBs: number;
  gpuCount: number;
  contextTokens: number;
  /** Bytes each GPU reads per generated token: its share of the active weights, plus its KV of the context. */
  bytesPerTokenPerGpu: { emptyContext: number; fullContext: number };
  tokensPerSecond: { emptyContext: number; fullContext: number };
  formula: string;
}

export interface ProfileFit {
  profile: string;
  accelerator: string | null;
  verdict: FitVerdict;
  gpuCount: number | null;
  resourceProfile: string | null;
  /** Smallest GPU count holding the requested context at the default utilization; null if none on one node. */
  fullContextGpuCount: number | null;
  maxContext: number | null;
  args: VllmArgs | null;
  /** `args` as vLLM command-line flags, in KubeAI's `--flag=value` form. */
  vllmArgs: string[];
  notes: string[];
  decode: DecodeSpeed | null;
  options: GpuCountOption[];
  tensorParallel: { sizes: number[]; excluded: { size: number; reason: string }[] };
  /** The memory estimate in this profile's dtype (a GPU without bfloat16 changes it). */
  estimate: MemoryEstimate | null;
}

/**
 * Tensor-parallel sizes vLLM accepts on one node: attention heads divisible by the size, K/V heads divisible by it or
 * it by them (vLLM replicates K/V heads then), a whole number of profile units, no more than the node has.
 */
export function tensorParallelSizes(facts: ModelFacts, maxGpus: number, gpusPerUnit = 1): ProfileFit["tensorParallel"] {
  const sizes: number[] = [];
  const excluded: { size: number; reason: string }[] = [];
  for (const size of VLLM_BUDGET.tensorParallelSizes) {
    if (size > maxGpus || size % gpusPerUnit !== 0) continue;
    const heads = facts.attentionHeads;
    const kvHeads = facts.attention === "mla" || facts.attention === "none" ? null : facts.kvHeads;
    if (heads !== null && heads % size !== 0) excluded.push({ size, reason: `${heads} attention heads are not divisible by ${size}` });
    else if (kvHeads !== null && kvHeads % size !== 0 && size % kvHeads !== 0)
      excluded.push({ size, reason: `${kvHeads} KV heads do not divide evenly over ${size} GPUs` });
    else sizes.push(size);
  }
  return { sizes, excluded };
}

export function fitProfiles(reading: ModelConfigReading, profiles: readonly GpuProfile[], options: FitOptions = {}): ProfileFit[] {
  return profiles.map((profile) => fitProfile(reading, profile, options));
}

export function fitProfile(reading: ModelConfigReading, profile: GpuProfile, options: FitOptions = {}): ProfileFit {
  const tensorParallel = tensorParallelSizes(reading.facts, profile.gpusPerNode, profile.gpusPerUnit);
  const empty = {
    profile: profile.name,
    accelerator: profile.accelerator,
    gpuCount: null,
    resourceProfile: null,
    fullContextGpuCount: null,
  };
  const blank = { ...empty, maxContext: null, args: null, vllmArgs: [], decode: null, options: [], tensorParallel };
  if (profile.accelerator === null) {
    return {
      ...blank,
      verdict: "no-accelerator",
      notes: ["No accelerator: this profile runs on CPU; no GPU fit applies."],
      estimate: null,
    };
  }
  if (profile.memoryGiB === null) {
    return {
      ...blank,
      verdict: "unknown",
      notes: [`No memory figure for ${profile.accelerator} (${profile.name}) in the GPU facts.`],
      estimate: null,
    };
  }
  const estimate = estimateMemory(reading, { ...options, gpu: { bf16: profile.bf16 } });
  if (!estimate.weights || !estimate.kvCache.perToken) {
    return {
      ...blank,
      verdict: "unknown",
      notes: [`Cannot size: the config lacks ${estimate.missing.join(", ") || "the fields sizing needs"}.`],
      estimate,
    };
  }
  const blockers = fitBlockers(reading.facts, profile);
  const counts = tensorParallel.sizes.map((n) => judgeGpuCount(estimate, profile, n));
  const chosen = blockers.length > 0 ? undefined : counts.find((option) => option.verdict !== "does-not-fit");
  const fullContext = blockers.length > 0 ? undefined : counts.find((option) => option.verdict === "fits");
  const args = chosen ? vllmArgs(reading.facts, estimate, profile, chosen, options.kvCacheDtype ?? "auto") : null;
  const decode = chosen && args ? decodeSpeed(estimate, profile, chosen.gpuCount, args.maxModelLen) : null;
  return {
    profile: profile.name,
    accelerator: profile.accelerator,
    verdict: chosen?.verdict ?? "does-not-fit",
    gpuCount: chosen?.gpuCount ?? null,
    resourceProfile: chosen?.resourceProfile ?? null,
    fullContextGpuCount: fullContext?.gpuCount ?? null,
    maxContext: chosen?.maxContext ?? null,
    args,
    vllmArgs: args ? formatArgs(args) : [],
    notes: fitNotes({ profile, estimate, chosen, fullContext, counts, blockers, tensorParallel, decode }),
    decode,
    options: counts,
    tensorParallel,
    estimate,
  };
}

/** Reasons a profile cannot run the checkpoint at all, whatever the memory. */
function fitBlockers(facts: ModelFacts, profile: GpuProfile): string[] {
  const method = facts.quantization?.method;
  const isFp8 = method === "fp8" || method === "fbgemm_fp8" || (method === "modelopt" && facts.quantization?.bits === 8);
  // vLLM runs fp8 weights natively from Ada/Hopper and weight-only through Marlin on Ampere; older GPUs have neither.
  if (isFp8 && !profile.fp8 && !(profile.isNvidia && profile.bf16)) {
    return [`vLLM's fp8 kernels need compute capability 8.0 or newer; ${profile.accelerator} cannot run this fp8 checkpoint.`];
  }
  return [];
}

const roundDownTo1024 = (tokens: number) => (tokens >= 1024 ? Math.floor(tokens / 1024) * 1024 : tokens);

function judgeGpuCount(estimate: MemoryEstimate, profile: GpuProfile, gpuCount: number): GpuCountOption {
  const kv = estimate.kvCache.perToken?.inputs;
  if (!kv) throw new Error("judgeGpuCount needs a KV estimate");
  const budgetAt = (utilization: number) =>
    gpuBudget({ memoryBytes: (profile.memoryGiB ?? 0) * GIB, utilization, weightBytes: estimate.weights?.bytes ?? 0, kv, tp: gpuCount });
  const { length, concurrency, modelMaximum } = estimate.context;
  const wanted = length * concurrency;
  const perSequence = (budget: GpuBudget) => Math.min(modelMaximum ?? length, Math.floor(budget.kvTokens / concurrency));
  const at = [
    { utilization: VLLM_BUDGET.defaultUtilization, budget: budgetAt(VLLM_BUDGET.defaultUtilization) },
    { utilization: VLLM_BUDGET.tightUtilization, budget: budgetAt(VLLM_BUDGET.tightUtilization) },
  ];
  const option = (
    verdict: GpuCountOption["verdict"],
    tightBecause: GpuCountOption["tightBecause"],
    { utilization, budget }: (typeof at)[number],
    maxModelLen: number | null,
  ): GpuCountOption => ({
    gpuCount,
    resourceProfile: `${profile.name}:${gpuCount / profile.gpusPerUnit}`,
    verdict,
    tightBecause,
    gpuMemoryUtilization: utilization,
    maxModelLen,
    maxContext: perSequence(budget),
    budget,
  });
  const [normal, raised] = at;
  if (normal.budget.kvTokens >= wanted) return option("fits", null, normal, length);
  if (raised.budget.kvTokens >= wanted) return option("tight", "gpu-memory-utilization", raised, length);
  for (const candidate of at) {
    const longest = perSequence(candidate.budget);
    if (longest >= VLLM_BUDGET.minimumContext) return option("tight", "max-model-len", candidate, roundDownTo1024(longest));
  }
  return option("does-not-fit", null, raised, null);
}

function vllmArgs(
  facts: ModelFacts,
  estimate: MemoryEstimate,
  profile: GpuProfile,
  chosen: GpuCountOption,
  kvCacheDtype: KvCacheDtype,
): VllmArgs {
  const sequences = Math.floor(chosen.budget.kvTokens / VLLM_BUDGET.minimumContext);
  return {
    tensorParallelSize: chosen.gpuCount,
    maxModelLen: chosen.maxModelLen ?? estimate.context.length,
    gpuMemoryUtilization: chosen.gpuMemoryUtilization,
    dtype: estimate.dtype.flag,
    quantization: facts.quantization ? quantizationFlag(facts.quantization, profile) : null,
    kvCacheDtype: kvCacheDtype === "fp8" ? "fp8" : null,
    maxNumSeqs: Math.min(VLLM_BUDGET.maxNumSeqs, Math.max(estimate.context.concurrency, sequences)),
  };
}

export function formatArgs(args: VllmArgs): string[] {
  return [
    `--tensor-parallel-size=${args.tensorParallelSize}`,
    `--max-model-len=${args.maxModelLen}`,
    `--gpu-memory-utilization=${args.gpuMemoryUtilization}`,
    ...(args.dtype ? [`--dtype=${args.dtype === "float16" ? "half" : args.dtype}`] : []),
    ...(args.quantization ? [`--quantization=${args.quantization}`] : []),
    ...(args.kvCacheDtype ? [`--kv-cache-dtype=${args.kvCacheDtype}`] : []),
    `--max-num-seqs=${args.maxNumSeqs}`,
  ];
}

/** Single-stream decode: each GPU reads its share of the active weights and its KV of the context per token. */
function decodeSpeed(estimate: MemoryEstimate, profile: GpuProfile, gpuCount: number, contextTokens: number): DecodeSpeed | null {
  const bandwidth = profile.memoryBandwidthGBs;
  const kv = estimate.kvCache.perToken?.inputs;
  if (bandwidth === null || !estimate.weights || !kv || kv.attention === "none") return null; // encoders do not decode
  const { total, active } = estimate.parameters;
  const activeShare = total && active ? active / total : 1;
  const weightBytes = (estimate.weights.bytes * activeShare) / gpuCount;
  const kvBytes = kvBytesPerTokenPerGpu(kv, gpuCount) * contextTokens;
  const rate = (bytes: number) => (bandwidth * 1e9 * VLLM_BUDGET.decodeEfficiency) / bytes;
  return {
    efficiency: VLLM_BUDGET.decodeEfficiency,
    memoryBandwidthGBs: bandwidth,
    gpuCount,
    contextTokens,
    bytesPerTokenPerGpu: { emptyContext: weightBytes, fullContext: weightBytes + kvBytes },
    tokensPerSecond: { emptyContext: rate(weightBytes), fullContext: rate(weightBytes + kvBytes) },
    formula: `${bandwidth} GB/s × ${VLLM_BUDGET.decodeEfficiency} / (active weights ÷ ${gpuCount} + KV of ${contextTokens} tokens per GPU); ignores time spent in all-reduce between GPUs`,
  };
}
