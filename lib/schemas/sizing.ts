// Will a model fit, and where: the compatibility check's request and answer, and a profile's recommendations.
// The numbers come from lib/sizing (vLLM's start-up budget); the answers keep every figure behind a verdict.
import { z } from "zod";
import { profileCapacitySchema } from "./resource-profile";

const FIT_VERDICTS = ["fits", "tight", "does-not-fit", "no-accelerator", "unknown"] as const;

export const compatibilityRequestSchema = z
  .strictObject({
    config: z.record(z.string(), z.unknown()).optional().describe("The model's Hugging Face config.json, as published"),
    preset: z.string().min(1).max(63).optional().describe("A preset's id: sized from its config when given, else its parameter count"),
    url: z
      .string()
      .min(1)
      .max(300)
      .optional()
      .describe(
        "A model on the Hugging Face Hub, hf://<org>/<name>[@<revision>]: its config.json and parameter counts are read from HF_ENDPOINT",
      ),
    safetensors: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('The Hub\'s safetensors summary, {"parameters": {"BF16": 8030261248}, "total": …}: exact parameter counts'),
    parameters: z.number().int().positive().optional().describe("The parameter count, when known another way"),
    contextLength: z.number().int().min(256).max(10_000_000).optional().describe("Tokens per sequence; default the model's maximum"),
    concurrency: z.number().int().min(1).max(1024).default(1).describe("Full-length sequences held at once"),
    kvCacheDtype: z.enum(["auto", "fp8"]).default("auto"),
    profile: z.string().min(1).max(100).optional().describe("Only this resource profile"),
  })
  .refine((request) => [request.config, request.preset, request.url].filter((value) => value !== undefined).length === 1, {
    path: ["config"],
    message: "Send one of: the model's config.json, a preset, or a model url",
  })
  .meta({ id: "CompatibilityRequest" });
export type CompatibilityRequest = z.infer<typeof compatibilityRequestSchema>;

const placementSchema = z.union([
  z.object({ fits: z.literal(true), node: z.string() }),
  z.object({ fits: z.literal(false), reason: z.string() }),
]);

export const profileFitSchema = z
  .looseObject({
    profile: z.string(),
    accelerator: z.string().nullable(),
    verdict: z.enum(FIT_VERDICTS),
    gpuCount: z.number().nullable().describe("The smallest GPU count (tensor parallel on one node) that fits or is tight"),
    resourceProfile: z.string().nullable().describe("What to deploy with: <profile>:<count>"),
    fullContextGpuCount: z.number().nullable(),
    maxContext: z.number().nullable(),
    vllmArgs: z.array(z.string()),
    notes: z.array(z.string()),
    decode: z.object({ tokensPerSecond: z.object({ emptyContext: z.number(), fullContext: z.number() }) }).nullable(),
    capacity: profileCapacitySchema.nullable().describe("Live; null when the cluster's nodes cannot be read"),
    placement: placementSchema.nullable().describe("Where one replica at gpuCount would be scheduled now, or why nowhere"),
  })
  .meta({ id: "ProfileFit" });

export const compatibilitySchema = z
  .object({
    model: z.object({
      architectures: z.array(z.string()),
      parameters: z.number().nullable(),
      parametersEstimated: z.boolean(),
      missing: z.array(z.string()).describe("config.json fields the estimate lacked"),
    }),
    engines: z.object({
      vllm: z.object({ status: z.string(), reason: z.string() }),
      alternatives: z.array(z.object({ engine: z.string(), reason: z.string() })),
    }),
    estimate: z.record(z.string(), z.unknown()).describe("Weights, KV cache and overhead in bytes and GiB, with the formulas and inputs"),
    profiles: z.array(profileFitSchema),
  })
  .meta({ id: "Compatibility" });
export type Compatibility = z.infer<typeof compatibilitySchema>;

export const recommendationsSchema = z
  .looseObject({
    profile: z.string(),
    accelerator: z.string().nullable(),
    args: z.array(z.string()),
    options: z.array(z.object({ args: z.array(z.string()), why: z.string() })),
    notes: z.array(z.string()),
    capacity: z.record(z.string(), z.unknown()).nullable().describe("The largest models one GPU holds at an 8k context, by weight width"),
    clusterCapacity: profileCapacitySchema.nullable().describe("Live GPUs of this profile; null when the cluster cannot be read"),
  })
  .meta({ id: "Recommendations" });
