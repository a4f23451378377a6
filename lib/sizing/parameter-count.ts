// The parameter count the Hub publishes for a repository (its `safetensors` summary), when the caller has it. Pure.
import { z } from "zod";

const safetensorsSchema = z.looseObject({
  parameters: z.record(z.string(), z.number().nonnegative()).nullish(),
  total: z.number().nonnegative().nullish(),
});

export interface ParameterCount {
  total: number;
  /** Parameters per safetensors dtype ({BF16: n}); packed 4-bit weights appear as I32 words, each holding 8. */
  byDtype: Record<string, number> | null;
  source: "safetensors" | "estimate";
}

/** The Hub's `safetensors` summary ({parameters: {BF16: n}, total}) as a parameter count; null when it says nothing. */
export function parameterCountFromSafetensors(meta: unknown): ParameterCount | null {
  const parsed = safetensorsSchema.safeParse(meta);
  if (!parsed.success) return null;
  const byDtype = parsed.data.parameters ?? null;
  const total = parsed.data.total ?? (byDtype ? Object.values(byDtype).reduce((sum, n) => sum + n, 0) : null);
  if (!total) return null;
  return { total, byDtype, source: "safetensors" };
}
