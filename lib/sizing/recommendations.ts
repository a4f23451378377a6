// What to know about a resource profile before choosing a model for it: the vLLM flags its GPU calls for, the ones
// worth considering, and rough capacity from the same budget fit.ts uses (a Llama-3.1-8B shape as the yardstick). Pure.
import type { ResourceProfile } from "@/lib/k8s/resource-profiles";
import { gpuProfile, type GpuFacts, type GpuProfile } from "./gpu-facts";
import { GIB, gpuBudget, VLLM_BUDGET, type KvPerTokenInputs } from "./vllm-budget";

export interface ProfileRecommendations {
  profile: string;
  accelerator: string | null;
  /** Flags to start from on this profile, whatever the model. */
  args: string[];
  /** Flags worth considering, each with why. */
  options: { args: string[]; why: string }[];
  notes: string[];
  /** The largest models one GPU holds at an 8k context of Llama-3.1-8B's KV shape, by weight width; null without facts. */
  capacity: { contextTokens: number; kvBytesPerToken: number; parameters: { bits16: number; bits8: number; bits4: number } } | null;
}

/** Llama-3.1-8B-Instruct: 8,030,261,248 parameters, 32 layers × 8 KV heads × 128 head dim (128 KiB per token in bf16). */
const YARDSTICK = {
  name: "Llama-3.1-8B",
  parameters: 8_030_261_248,
  maxContext: 131072,
  kv: { attention: "gqa", layers: 32, kvHeads: 8, headDim: 128, latentDim: 0, bytesPerElement: 2 } satisfies KvPerTokenInputs,
};
const CAPACITY_CONTEXT = 8192;

export function recommendationsFor(
  profile: Pick<ResourceProfile, "name" | "requests">,
  facts: GpuFacts,
  options: { gpusPerNode?: Record<string, number> } = {},
): ProfileRecommendations {
  return recommendationsForGpuProfile(gpuProfile(profile, facts, options));
}

export function recommendationsForGpuProfile(profile: GpuProfile): ProfileRecommendations {
  const base = { profile: profile.name, accelerator: profile.accelerator, args: [], options: [], capacity: null };
  if (profile.accelerator === null) {
    return {
      ...base,
      notes: [
        "No accelerator: models run on CPU, slowly. KubeAI's vLLM CPU image needs AVX-512; small models, OLlama or Infinity suit CPU profiles better.",
      ],
    };
  }
  if (profile.memoryGiB === null) return { ...base, notes: [`No GPU facts for ${profile.name}: sizing cannot judge it.`] };

  const accelerator = profile.accelerator;
  const args: string[] = [];
  const choices: ProfileRecommendations["options"] = [];
  const notes: string[] = [];
  if (!profile.bf16) {
    args.push("--dtype=half");
    notes.push(
      `${accelerator} has no bfloat16: bfloat16 checkpoints run as float16 (--dtype half). vLLM refuses float16 for Gemma 2/3 and GLM-4, which then run as float32 at twice the memory.`,
    );
  }
  if (profile.fp8) {
    choices.push({
      args: ["--kv-cache-dtype=fp8"],
      why: "one byte per KV element instead of two: twice the context or the concurrent sequences",
    });
    choices.push({
      args: ["--quantization=fp8"],
      why: "quantizes 16-bit weights to fp8 while loading: about half the weight memory, usually little quality lost",
    });
  } else if (profile.isNvidia && profile.bf16) {
    notes.push(
      `${accelerator} has no fp8 compute: fp8 checkpoints run weight-only (Marlin), and --kv-cache-dtype fp8 depends on the attention backend.`,
    );
  }
  const capacity = capacityOf(profile.memoryGiB);
  notes.push(
    `One ${accelerator} holds about ${billions(capacity.parameters.bits16)} parameters in 16-bit, ${billions(capacity.parameters.bits8)} in 8-bit, ${billions(capacity.parameters.bits4)} in 4-bit, with an ${CAPACITY_CONTEXT}-token context of ${YARDSTICK.name}'s KV shape.`,
  );
  notes.push(yardstickNote(profile.memoryGiB, accelerator));
  if (profile.gpusPerNode > 1) {
    notes.push(
      `Larger models: tensor parallel over up to ${profile.gpusPerNode} GPUs on one node, requested as ${profile.name}:<units> (${profile.gpusPerUnit} GPU per unit).`,
    );
  }
  return { ...base, args, options: choices, notes, capacity };
}

/** Parameters whose weights (× 1.02) fit beside the fixed overhead and an 8k yardstick KV cache at utilization 0.9. */
function capacityOf(memoryGiB: number): NonNullable<ProfileRecommendations["capacity"]> {
  const kvBytesPerToken = 2 * YARDSTICK.kv.layers * YARDSTICK.kv.kvHeads * YARDSTICK.kv.headDim * YARDSTICK.kv.bytesPerElement;
  const room =
    memoryGiB * GIB * VLLM_BUDGET.defaultUtilization -
    VLLM_BUDGET.activationBytes -
    VLLM_BUDGET.nonTorchBytes -
    CAPACITY_CONTEXT * kvBytesPerToken;
  const fit = (bytesPerParameter: number) => Math.max(0, Math.floor(room / (bytesPerParameter * VLLM_BUDGET.weightOverheadFactor)));
  return { contextTokens: CAPACITY_CONTEXT, kvBytesPerToken, parameters: { bits16: fit(2), bits8: fit(1), bits4: fit(0.5) } };
}

function yardstickNote(memoryGiB: number, accelerator: string): string {
  const budget = gpuBudget({
    memoryBytes: memoryGiB * GIB,
    utilization: VLLM_BUDGET.defaultUtilization,
    weightBytes: YARDSTICK.parameters * 2,
    kv: YARDSTICK.kv,
    tp: 1,
  });
  const model = `A ${YARDSTICK.name}-sized model in 16-bit`;
  if (budget.kvTokens < VLLM_BUDGET.minimumContext)
    return `${model} does not fit one ${accelerator}: use an 8-bit or 4-bit build, or more GPUs.`;
  if (budget.kvTokens < YARDSTICK.maxContext) {
    const tokens = Math.floor(budget.kvTokens / 1024) * 1024;
    return `${model} needs a shorter context on one ${accelerator}: --max-model-len up to about ${tokens} of its ${YARDSTICK.maxContext}.`;
  }
  return `${model} holds its full ${YARDSTICK.maxContext}-token context on one ${accelerator}.`;
}

function billions(parameters: number): string {
  return `${(parameters / 1e9).toFixed(1)}B`;
}
