// Weight-only quantization as a config.json states it (`quantization_config`): its method and bits, what each
// quantized weight costs on the GPU, and the `--quantization` value to start vLLM with. Pure.
import { z } from "zod";

const count = z.number().int().positive();

export const quantizationConfigSchema = z.looseObject({
  quant_method: z.string().nullish(),
  bits: count.nullish(),
  w_bit: count.nullish(),
  group_size: z.number().int().nullish(),
  q_group_size: z.number().int().nullish(),
  load_in_4bit: z.boolean().nullish(),
  load_in_8bit: z.boolean().nullish(),
  quant_algo: z.string().nullish(),
  config_groups: z
    .record(
      z.string(),
      z.looseObject({ weights: z.looseObject({ num_bits: count.nullish(), group_size: z.number().int().nullish() }).nullish() }),
    )
    .nullish(),
});

export interface QuantizationFacts {
  /** `quant_method` as written: awq, gptq, fp8, compressed-tensors, bitsandbytes, … */
  method: string;
  /** Bits per quantized weight, when the config says. */
  bits: number | null;
  /** Weights sharing one scale (and zero point); null for per-channel or unknown. */
  groupSize: number | null;
}

/**
 * Bits each quantized weight costs on the GPU: the weight itself plus, per group, a 16-bit scale and a zero point of
 * the weight's width (AWQ and GPTQ store both). Per-channel and block scales are left out: under 0.1%.
 */
export function bitsPerQuantizedWeight(quantization: QuantizationFacts): number | null {
  if (quantization.bits === null) return null;
  if (quantization.method === "bitsandbytes" && quantization.bits === 4) return 4.5; // one fp32 absmax per 64 weights
  const group = quantization.groupSize;
  return group !== null && group > 0 ? quantization.bits + (16 + quantization.bits) / group : quantization.bits;
}

/**
 * The `--quantization` value for a checkpoint. vLLM reads the method from the config by itself; naming plain awq or
 * gptq would force the slow kernels, so on NVIDIA GPUs of compute capability 8.0+ (the ones with bfloat16) the Marlin
 * variants are named instead, as vLLM itself picks them.
 */
export function quantizationFlag(quantization: QuantizationFacts, gpu: { bf16: boolean; isNvidia: boolean }): string {
  const marlin = gpu.bf16 && gpu.isNvidia;
  if (quantization.method === "awq" && marlin && quantization.bits === 4) return "awq_marlin";
  if (quantization.method === "gptq" && marlin && (quantization.bits === 4 || quantization.bits === 8)) return "gptq_marlin";
  return quantization.method;
}

export function readQuantization(quantization: z.infer<typeof quantizationConfigSchema> | null): QuantizationFacts | null {
  if (!quantization) return null;
  const method = quantization.quant_method ?? (quantization.load_in_4bit || quantization.load_in_8bit ? "bitsandbytes" : null);
  if (!method) return null;
  const groups = Object.values(quantization.config_groups ?? {});
  const weights = groups.find((group) => group.weights)?.weights ?? null;
  const groupSize = quantization.group_size ?? quantization.q_group_size ?? weights?.group_size ?? null;
  return {
    method,
    bits: quantizationBits(method, quantization, weights?.num_bits ?? null),
    groupSize: groupSize !== null && groupSize > 0 ? groupSize : null,
  };
}

function quantizationBits(method: string, quantization: z.infer<typeof quantizationConfigSchema>, groupBits: number | null): number | null {
  if (method === "fp8" || method === "fbgemm_fp8") return 8;
  if (method === "mxfp4") return 4;
  if (method === "bitsandbytes") return quantization.load_in_4bit ? 4 : quantization.load_in_8bit ? 8 : null;
  if (method === "modelopt") return quantization.quant_algo === "FP8" ? 8 : quantization.quant_algo === "NVFP4" ? 4 : null;
  return quantization.bits ?? quantization.w_bit ?? groupBits;
}
