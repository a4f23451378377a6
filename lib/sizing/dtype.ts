// The dtype vLLM will actually serve a checkpoint in (it decides bytes per weight and per KV element), and the dtype
// sizes of safetensors headers. Pure.

export type ServingDtype = "bfloat16" | "float16" | "float32";

export const SERVING_DTYPE_BYTES: Record<ServingDtype, number> = { bfloat16: 2, float16: 2, float32: 4 };

/** Sizes of the dtype names in safetensors headers (and so in the Hub's `safetensors.parameters`). */
export const SAFETENSORS_DTYPE_BYTES: Record<string, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  F8_E4M3: 1,
  F8_E5M2: 1,
  F8_E8M0: 1,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

/** vLLM refuses float16 for these model types ("Numerical instability"), `_FLOAT16_NOT_SUPPORTED_MODELS` in its config. */
const FLOAT16_REFUSED = new Set(["gemma2", "gemma3", "gemma3_text", "glm4", "plamo2"]);

export interface DtypeResolution {
  /** The checkpoint's own dtype (`torch_dtype`, or `dtype` in newer transformers), as written. */
  config: string | null;
  serving: ServingDtype;
  /** Why vLLM ends up with `serving`, in a sentence. */
  reason: string;
  /** The `--dtype` value to pass, when leaving `auto` would not say what happens or would fail on older vLLM. */
  flag: ServingDtype | null;
}

/** A config's dtype spelling as one of vLLM's serving dtypes; null for anything else ("auto", int8, …). */
export function normalizeDtype(dtype: string | null): ServingDtype | null {
  switch (dtype?.toLowerCase()) {
    case "bfloat16":
    case "bf16":
      return "bfloat16";
    case "float16":
    case "fp16":
    case "half":
      return "float16";
    case "float32":
    case "fp32":
    case "float":
      return "float32";
    default:
      return null;
  }
}

/**
 * vLLM's `--dtype auto` (`_resolve_auto_dtype`): the platform's dtypes (bfloat16 only from compute capability 8.0),
 * minus float16 for the model types that refuse it; float32 checkpoints are downcast to the preferred one (float16 for
 * pooling models); a dtype the GPU lacks falls back to the preferred one.
 */
export function resolveServingDtype(
  configDtype: string | null,
  modelType: string | null,
  gpu: { bf16: boolean },
  options: { isPoolingModel?: boolean; requested?: ServingDtype | "auto" } = {},
): DtypeResolution {
  const requested = options.requested ?? "auto";
  if (requested !== "auto")
    return { config: configDtype, serving: requested, reason: `--dtype ${requested} was asked for`, flag: requested };
  const platform: ServingDtype[] = gpu.bf16 ? ["bfloat16", "float16", "float32"] : ["float16", "float32"];
  const supported = platform.filter((dtype) => !(dtype === "float16" && modelType !== null && FLOAT16_REFUSED.has(modelType)));
  const preferred = options.isPoolingModel && supported.includes("float16") ? "float16" : supported[0];
  const declared = normalizeDtype(configDtype);
  if (declared === null) {
    return {
      config: configDtype,
      serving: preferred,
      reason: `the config names no dtype vLLM knows (${configDtype ?? "none"}); vLLM would read the weights' dtype, assumed ${preferred}`,
      flag: null,
    };
  }
  if (declared === "float32" && preferred !== "float32") {
    return { config: configDtype, serving: preferred, reason: `vLLM downcasts float32 checkpoints to ${preferred}`, flag: null };
  }
  if (supported.includes(declared)) return { config: configDtype, serving: declared, reason: `the checkpoint's own dtype`, flag: null };
  const refusesHalf = modelType !== null && FLOAT16_REFUSED.has(modelType);
  const why =
    declared === "bfloat16"
      ? `this GPU has no bfloat16${refusesHalf ? ` and vLLM refuses float16 for ${modelType}` : ""}`
      : `vLLM refuses ${declared} for ${modelType}`;
  return { config: configDtype, serving: preferred, reason: `${why}, so it runs as ${preferred}`, flag: preferred };
}
