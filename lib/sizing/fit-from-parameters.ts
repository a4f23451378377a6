// A first answer when only a parameter count is known (a preset without its config.json): the weights at 16 bits
// (or the given width) and vLLM's per-GPU overhead against each GPU count's budget. Without the architecture the KV
// cache cannot be sized, so the verdict says how much room the weights leave for it. Pure.
import type { GpuProfile } from "./gpu-facts";
import { GIB, VLLM_BUDGET } from "./vllm-budget";

/** Room for the KV cache that counts as comfortable: about 16k tokens of an 8B model's cache (128 KiB per token). */
export const COMFORTABLE_KV_BYTES = 2 * GIB;

export interface ParameterFit {
  profile: string;
  verdict: "fits" | "tight" | "does-not-fit" | "no-accelerator" | "unknown";
  /** The smallest tensor-parallel GPU count on one node whose budget holds the weights with room for a KV cache. */
  gpuCount: number | null;
  resourceProfile: string | null;
  /** What is left per GPU for the KV cache at that count; null without an answer. */
  kvRoomBytes: number | null;
  weightBytes: number;
  notes: string[];
}

export function fitFromParameters(parameters: number, profile: GpuProfile, bytesPerParameter = 2): ParameterFit {
  const weightBytes = parameters * bytesPerParameter * VLLM_BUDGET.weightOverheadFactor;
  const base = { profile: profile.name, gpuCount: null, resourceProfile: null, kvRoomBytes: null, weightBytes };
  if (profile.accelerator === null) return { ...base, verdict: "no-accelerator", notes: ["No accelerator: CPU serving is not sized"] };
  if (profile.memoryGiB === null) return { ...base, verdict: "unknown", notes: [`No memory figure for ${profile.accelerator}`] };
  const perGpu = profile.memoryGiB * GIB * VLLM_BUDGET.defaultUtilization - VLLM_BUDGET.activationBytes - VLLM_BUDGET.nonTorchBytes;
  const counts = VLLM_BUDGET.tensorParallelSizes.filter((size) => size <= profile.gpusPerNode && size % profile.gpusPerUnit === 0);
  const room = (count: number) => perGpu - weightBytes / count;
  const comfortable = counts.find((count) => room(count) >= COMFORTABLE_KV_BYTES);
  const any = counts.find((count) => room(count) > 0);
  const chosen = comfortable ?? any;
  const gib = (bytes: number) => `${(bytes / GIB).toFixed(1)} GiB`;
  const estimated = `Estimated from ${(parameters / 1e9).toFixed(parameters < 1e9 ? 2 : 1)}B parameters alone (no config.json): weights ${gib(weightBytes)}`;
  if (chosen === undefined) {
    return { ...base, verdict: "does-not-fit", notes: [`${estimated}; more than ${counts.at(-1) ?? 0} × ${profile.accelerator} can hold`] };
  }
  return {
    ...base,
    verdict: comfortable !== undefined ? "fits" : "tight",
    gpuCount: chosen,
    resourceProfile: `${profile.name}:${chosen / profile.gpusPerUnit}`,
    kvRoomBytes: room(chosen),
    notes: [`${estimated}; ${gib(room(chosen))} per GPU left for the KV cache on ${chosen} × ${profile.accelerator}`],
  };
}
