// The human sentences of a profile's fit: what fits how, what it would take otherwise, and how fast one stream is.
// Kept apart from fit.ts so the arithmetic and the wording change independently. Pure.
import type { MemoryEstimate } from "./estimate";
import type { DecodeSpeed, GpuCountOption, ProfileFit } from "./fit";
import type { GpuProfile } from "./gpu-facts";
import { GIB, VLLM_BUDGET } from "./vllm-budget";

/** Below this a single stream is too slow to read along with. */
const SLOW_TOKENS_PER_SECOND = 5;

const gib = (bytes: number) => `${(bytes / GIB).toFixed(1)} GiB`;
const gpus = (count: number, accelerator: string) => (count === 1 ? `one ${accelerator}` : `${count} × ${accelerator}`);

export function fitNotes(input: {
  profile: GpuProfile;
  estimate: MemoryEstimate;
  chosen: GpuCountOption | undefined;
  fullContext: GpuCountOption | undefined;
  counts: GpuCountOption[];
  blockers: string[];
  tensorParallel: ProfileFit["tensorParallel"];
  decode: DecodeSpeed | null;
}): string[] {
  const { profile, estimate, chosen, fullContext, counts, blockers, tensorParallel, decode } = input;
  const notes = [...blockers];
  if (blockers.length === 0)
    notes.push(...(chosen ? fittingNotes(profile, estimate, chosen, fullContext) : notFittingNotes(profile, counts)));
  // An impossible size matters only where it would have been the answer: below the count that holds the full context.
  const relevant = tensorParallel.excluded.filter(({ size }) => size < (fullContext?.gpuCount ?? Infinity));
  for (const { size, reason } of relevant) notes.push(`Tensor-parallel size ${size} is not possible: ${reason}.`);
  if (estimate.dtype.flag)
    notes.push(`${capitalize(estimate.dtype.reason)}: --dtype ${estimate.dtype.flag === "float16" ? "half" : estimate.dtype.flag}.`);
  if (estimate.parameters.isEstimate && estimate.parameters.source === "architecture estimate") {
    notes.push("The parameter count is estimated from the architecture (no safetensors summary was given).");
  }
  if (decode) {
    const [short, full] = [decode.tokensPerSecond.emptyContext, decode.tokensPerSecond.fullContext].map((rate) =>
      rate.toFixed(rate < 10 ? 1 : 0),
    );
    notes.push(
      `One stream decodes at roughly ${short} tokens/s with a short context and ${full} tokens/s at ${decode.contextTokens} tokens (memory bandwidth × ${decode.efficiency} / bytes read per token).`,
    );
    if (decode.tokensPerSecond.emptyContext < SLOW_TOKENS_PER_SECOND)
      notes.push(`It fits but crawls: under ${SLOW_TOKENS_PER_SECOND} tokens/s is too slow for interactive use.`);
  }
  return notes;
}

function fittingNotes(
  profile: GpuProfile,
  estimate: MemoryEstimate,
  chosen: GpuCountOption,
  fullContext: GpuCountOption | undefined,
): string[] {
  const accelerator = profile.accelerator ?? profile.name;
  const on = gpus(chosen.gpuCount, accelerator);
  const { length, concurrency } = estimate.context;
  const sequences = concurrency > 1 ? ` for ${concurrency} sequences at once` : "";
  const notes: string[] = [];
  const kvTokens = chosen.budget.kvTokens === Infinity ? "no KV cache is needed" : `the KV cache holds ${chosen.budget.kvTokens} tokens`;
  if (chosen.verdict === "fits") notes.push(`Fits ${on} with the full ${length}-token context${sequences}; ${kvTokens}.`);
  else if (chosen.tightBecause === "gpu-memory-utilization") {
    const left = (profile.memoryGiB ?? 0) * GIB * (1 - VLLM_BUDGET.tightUtilization);
    notes.push(
      `Fits ${on} only with --gpu-memory-utilization ${VLLM_BUDGET.tightUtilization}, which leaves ${gib(left)} per GPU for CUDA graphs and anything else on it.`,
    );
  } else {
    const raised =
      chosen.gpuMemoryUtilization === VLLM_BUDGET.tightUtilization ? ` and --gpu-memory-utilization ${VLLM_BUDGET.tightUtilization}` : "";
    notes.push(`Fits ${on} only with --max-model-len ${chosen.maxModelLen}${raised} (${length} tokens asked${sequences}).`);
  }
  if (fullContext && fullContext.gpuCount > chosen.gpuCount) {
    notes.push(`${gpus(fullContext.gpuCount, accelerator)} hold the full ${length}-token context (${fullContext.resourceProfile}).`);
  }
  if (chosen.verdict === "tight" && profile.fp8 && estimate.kvCache.bytesPerElement > 1 && Number.isFinite(chosen.budget.kvTokens)) {
    const fp8Tokens = chosen.budget.kvTokens * estimate.kvCache.bytesPerElement; // one byte per element instead
    notes.push(`With --kv-cache-dtype fp8 the KV cache would hold about ${fp8Tokens} tokens instead.`);
  }
  return notes;
}

function notFittingNotes(profile: GpuProfile, counts: GpuCountOption[]): string[] {
  const accelerator = profile.accelerator ?? profile.name;
  const largest = counts[counts.length - 1];
  if (!largest) return [`No tensor-parallel size of ${profile.name} is possible on one node of ${profile.gpusPerNode} GPUs.`];
  const { budget } = largest;
  return [
    `Does not fit even on ${gpus(largest.gpuCount, accelerator)}: per GPU the weights take ${gib(budget.weightBytes)} and runtime overhead ${gib(budget.overheadBytes)} of the ${gib(budget.requestedBytes)} vLLM may use at ${VLLM_BUDGET.tightUtilization}, leaving room for ${largest.maxContext} tokens per sequence (${VLLM_BUDGET.minimumContext} needed).`,
    "Spreading a model over several nodes (pipeline parallelism) is not considered.",
  ];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
