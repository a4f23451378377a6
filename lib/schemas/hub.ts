// The Hugging Face Hub as Modelport shows it: a page of search results marked by what vLLM can serve, one model's
// files, config summary and fit on every resource profile, and a preset drafted from it for an admin to review.
import { z } from "zod";
import { presetInputSchema } from "./preset";
import { compatibilitySchema } from "./sizing";
import { plainText } from "./text";

export const HUB_SORTS = ["downloads", "likes", "lastModified", "trending"] as const;
export type HubSort = (typeof HUB_SORTS)[number];

/** What vLLM serves a model as, from its registry's groups. */
export const VLLM_SERVES_AS = ["generate", "multimodal", "embed", "rerank", "transcribe"] as const;
export type VllmServesAs = (typeof VLLM_SERVES_AS)[number];

const repoPart = (what: string) =>
  z
    .string()
    .max(96)
    .regex(/^(?!\.+$)[A-Za-z0-9][\w.-]*$/, `Not a Hub ${what}`);

export const hubModelParamsSchema = z.object({ org: repoPart("organisation"), name: repoPart("model name") });

export const hubModelQuerySchema = z.object({
  search: plainText(200).trim().optional().describe("Matches model ids, as the Hub's own search does"),
  task: plainText(60)
    .regex(/^[a-z0-9][a-z0-9-]*$/, "Use a Hub task (pipeline tag) such as text-generation")
    .optional()
    .describe("A pipeline tag, e.g. text-generation, feature-extraction"),
  sort: z.enum(HUB_SORTS).default("downloads").describe("Most first"),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: plainText(2000).min(1).optional().describe("nextCursor of the previous page, with the same search"),
});
export type HubModelQuery = z.infer<typeof hubModelQuerySchema>;

export const hubRevisionQuerySchema = z.object({
  revision: plainText(200)
    .regex(/^[\w.-]+(\/[\w.-]+)*$/, "A branch, tag or commit")
    .default("main")
    .describe("A branch, tag or commit"),
});

const gatedSchema = z.union([z.literal(false), z.enum(["auto", "manual"])]).describe("false, or how access is granted");

export const vllmSupportSchema = z.object({
  supported: z.boolean().describe("vLLM's registry maps one of the model's architectures"),
  status: z.enum(["supported", "dropped", "unverified", "not-applicable"]),
  as: z.enum(VLLM_SERVES_AS).optional().describe("What vLLM serves it as first; absent when not supported"),
  architecture: z.string().nullable(),
  note: z.string().optional().describe("Why not, or what to know"),
});
export type VllmSupport = z.infer<typeof vllmSupportSchema>;

export const hubModelSummarySchema = z
  .object({
    id: z.string(),
    downloads: z.number(),
    likes: z.number(),
    pipelineTag: z.string().nullable(),
    license: z.string().nullable(),
    gated: gatedSchema,
    parameters: z.number().nullable().describe("From the Hub's safetensors summary; null when it has none"),
    architectures: z.array(z.string()).nullable().describe("config.json's architectures, as the Hub summarizes it"),
    lastModified: z.string().nullable(),
    vllm: vllmSupportSchema,
  })
  .meta({ id: "HubModelSummary" });
export type HubModelSummary = z.infer<typeof hubModelSummarySchema>;

export const hubModelListSchema = z
  .object({ items: z.array(hubModelSummarySchema), nextCursor: z.string().nullable() })
  .meta({ id: "HubModelList" });
export type HubModelList = z.infer<typeof hubModelListSchema>;

export const hubConfigSummarySchema = z.object({
  source: z.enum(["config.json", "hub-summary"]).describe("hub-summary: config.json could not be read, only the Hub's summary"),
  architectures: z.array(z.string()),
  modelType: z.string().nullable(),
  layers: z.number().nullable(),
  hiddenSize: z.number().nullable(),
  attentionHeads: z.number().nullable(),
  kvHeads: z.number().nullable(),
  contextLength: z.number().nullable().describe("max_position_embeddings"),
  dtype: z.string().nullable().describe("torch_dtype as published"),
  quantization: z.object({ method: z.string(), bits: z.number().nullable() }).nullable(),
});
export type HubConfigSummary = z.infer<typeof hubConfigSummarySchema>;

export const hubModelDetailsSchema = hubModelSummarySchema
  .extend({
    revision: z.string(),
    commit: z.string(),
    libraryName: z.string().nullable(),
    tags: z.array(z.string()),
    parametersEstimated: z.boolean().describe("true when the count comes from the config, not the safetensors summary"),
    files: z.array(z.object({ path: z.string(), bytes: z.number() })),
    bytesTotal: z.number(),
    config: hubConfigSummarySchema,
    alternatives: z.array(z.object({ engine: z.string(), reason: z.string() })).describe("Other KubeAI engines worth a look"),
    fit: compatibilitySchema.nullable().describe("The compatibility check's answer for every resource profile"),
    fitUnavailable: z.string().nullable().describe("Why there is no fit, e.g. a gated config.json"),
  })
  .meta({ id: "HubModelDetails" });
export type HubModelDetails = z.infer<typeof hubModelDetailsSchema>;

export const hubPresetDraftSchema = z
  .object({
    preset: presetInputSchema.describe("Not saved: POST it to /api/v1/presets once reviewed"),
    notes: z.array(z.string()).describe("How the engine, features and profile were chosen, and what to check"),
  })
  .meta({ id: "HubPresetDraft" });
export type HubPresetDraft = z.infer<typeof hubPresetDraftSchema>;
