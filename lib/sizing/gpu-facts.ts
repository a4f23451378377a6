// The accelerator facts sizing needs per KubeAI resource profile (gpu-facts.json: memory, bandwidth, bf16/fp8), merged
// with the profile's own GPU request into one GpuProfile. Pure; loading the file is load-facts.ts's job.
import { z } from "zod";
import type { ResourceProfile } from "@/lib/k8s/resource-profiles";
import { VLLM_BUDGET } from "./vllm-budget";

export const profileFactsSchema = z.looseObject({
  accelerator: z.string().nullable(),
  memoryGiB: z.number().positive().nullable(),
  memoryBandwidthGBs: z.number().positive().optional(),
  bf16: z.boolean().optional(),
  fp8: z.boolean().optional(),
  /** GPUs one node of this kind has, when known; tensor parallelism stays on one node. */
  gpusPerNode: z.number().int().positive().optional(),
  /** What one GPU of this kind costs an hour, in whatever currency the operator keeps accounts in. */
  hourlyPrice: z.number().nonnegative().optional(),
  /** The `nvidia.com/gpu.product` node label values GPU feature discovery writes for this GPU. */
  gpuProducts: z.array(z.string()).optional(),
});

export const gpuFactsSchema = z.looseObject({ profiles: z.record(z.string(), profileFactsSchema) });
export type GpuFacts = z.infer<typeof gpuFactsSchema>;

export interface GpuProfile {
  name: string;
  accelerator: string | null;
  memoryGiB: number | null;
  /** GPUs one unit of the profile requests (`nvidia-gpu-l4:2` is 2 units). */
  gpusPerUnit: number;
  gpusPerNode: number;
  bf16: boolean;
  fp8: boolean;
  memoryBandwidthGBs: number | null;
  isNvidia: boolean;
}

/** The GPU count one unit requests: the extended resource whose name ends in "/gpu" (nvidia.com/gpu, amd.com/gpu). */
export function gpusPerUnit(requests: Record<string, string>): number | null {
  const entry = Object.entries(requests).find(([resource]) => resource.endsWith("/gpu"));
  const amount = entry ? Number(entry[1]) : NaN;
  return Number.isInteger(amount) && amount > 0 ? amount : null;
}

/**
 * One profile with its facts. A profile the facts do not know but that requests an extended resource (google.com/tpu,
 * a new GPU) is named by that resource and keeps null memory, so its fit is "unknown" rather than "no accelerator".
 */
export function gpuProfile(
  profile: Pick<ResourceProfile, "name" | "requests">,
  facts: GpuFacts,
  options: { gpusPerNode?: Record<string, number> } = {},
): GpuProfile {
  const known = facts.profiles[profile.name];
  const extended = Object.keys(profile.requests).find((resource) => resource.includes("/")) ?? null;
  const accelerator = known ? known.accelerator : extended;
  return {
    name: profile.name,
    accelerator,
    memoryGiB: known?.memoryGiB ?? null,
    gpusPerUnit: gpusPerUnit(profile.requests) ?? 1,
    gpusPerNode: options.gpusPerNode?.[profile.name] ?? known?.gpusPerNode ?? VLLM_BUDGET.defaultGpusPerNode,
    bf16: known?.bf16 ?? false,
    fp8: known?.fp8 ?? false,
    memoryBandwidthGBs: known?.memoryBandwidthGBs ?? null,
    isNvidia: accelerator?.startsWith("NVIDIA") ?? false,
  };
}

export function gpuProfiles(
  profiles: readonly Pick<ResourceProfile, "name" | "requests">[],
  facts: GpuFacts,
  options: { gpusPerNode?: Record<string, number> } = {},
): GpuProfile[] {
  return profiles.map((profile) => gpuProfile(profile, facts, options));
}
