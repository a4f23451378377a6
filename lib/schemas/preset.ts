// Presets: known-good deployments a data scientist deploys in two clicks. A preset is a deployment body of either
// backend without its name and namespace, plus what a catalog shows: category, description, tags, token limits.
// Its deployment is checked with the deployment schema itself (deploymentInputSchema), so a preset that validates
// deploys, and the errors name the preset's own fields (`deployment.url`).
import { z } from "zod";
import { deploymentInputSchema } from "./deployment";
import { plainText } from "./text";

export const PRESET_CATEGORIES = ["llm", "embedding", "audio", "multimodal", "reranking"] as const;
export type PresetCategory = (typeof PRESET_CATEGORIES)[number];
export const PRESET_SOURCES = ["kubeai-catalog", "admin", "files"] as const;

export const presetIdSchema = z
  .string()
  .min(1, "id is required")
  .max(63)
  .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, "Use lowercase letters, digits, '.' and '-', starting and ending with a letter or digit");

const tokens = z.number().int().min(1).max(10_000_000);
const tokenLimitsSchema = z.strictObject({
  contextLength: tokens.optional().describe("Tokens per sequence the deployment is configured for (--max-model-len)"),
  maxInputTokens: tokens.optional(),
  maxOutputTokens: tokens.optional(),
});

/** A placeholder identity, so the deployment schema can check a body that gets its name and namespace on deploy. */
const CHECK_IDENTITY = { name: "preset-check", namespace: "preset-check" };

const deploymentDraftSchema = z
  .record(z.string(), z.unknown())
  .superRefine((draft, ctx) => {
    for (const key of ["name", "namespace"]) {
      if (key in draft)
        ctx.addIssue({ code: "custom", path: [key], message: `A preset's deployment has no ${key}: it is given on deploy` });
    }
    const parsed = deploymentInputSchema.safeParse({ ...draft, ...CHECK_IDENTITY });
    if (!parsed.success)
      for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  })
  .describe("A deployment body (POST /api/v1/deployments) without name and namespace; backend kubeai when absent");

/** Without defaults: a PATCH must not reset the fields it leaves out (a partial keeps defaults). */
const presetFields = {
  name: plainText(200).trim().min(1, "name is required").describe("What the catalog shows"),
  description: plainText(4000),
  category: z.enum(PRESET_CATEGORIES),
  tags: z.array(plainText(50).trim().min(1)).max(20, "At most 20 tags"),
  enabled: z.boolean().describe("Members see only enabled presets"),
  tokenLimits: tokenLimitsSchema,
  parameters: z.number().int().positive().max(10_000_000_000_000).describe("The model's parameter count, for fit estimates"),
  deployment: deploymentDraftSchema,
};

export const presetInputSchema = z
  .strictObject({
    id: presetIdSchema,
    ...presetFields,
    description: presetFields.description.default(""),
    tags: presetFields.tags.default([]),
    enabled: presetFields.enabled.default(true),
    tokenLimits: presetFields.tokenLimits.default({}),
    parameters: presetFields.parameters.optional(),
  })
  .meta({ id: "PresetInput" });
export type PresetInput = z.output<typeof presetInputSchema>;

/** PATCH: the fields it names change (null clears parameters); `deployment` is replaced whole. */
export const presetPatchSchema = z
  .strictObject({ ...presetFields, parameters: presetFields.parameters.nullable() })
  .partial()
  .meta({ id: "PresetPatch" });
export type PresetPatch = z.output<typeof presetPatchSchema>;

export const presetSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    category: z.enum(PRESET_CATEGORIES),
    tags: z.array(z.string()),
    enabled: z.boolean(),
    tokenLimits: z.object({
      contextLength: z.number().optional(),
      maxInputTokens: z.number().optional(),
      maxOutputTokens: z.number().optional(),
    }),
    parameters: z.number().nullable(),
    deployment: z.record(z.string(), z.unknown()),
    backend: z.enum(["kubeai", "kserve"]).describe("From deployment.backend"),
    engine: z.string().describe("The KubeAI engine, or KServe's model format"),
    features: z.array(z.string()),
    resourceProfile: z.string().nullable(),
    source: z.enum(PRESET_SOURCES).describe("kubeai-catalog: seeded from KubeAI's model catalog; admin; files: MODEL_CATALOG_ROOT"),
    createdAt: z.string().nullable(),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: "Preset" });
export type Preset = z.infer<typeof presetSchema>;

export const presetListQuerySchema = z.object({
  category: z.enum(PRESET_CATEGORIES).optional(),
  search: plainText(200).optional().describe("Matches id, name, description, tags and the model URL, case-insensitively"),
});

export const presetListSchema = z.object({ items: z.array(presetSchema) }).meta({ id: "PresetList" });

/** The search of `GET /api/v1/presets?search=` and the easy setup page: id, name, description, tags and where the
 * model lives (URL or storageUri), case-insensitively; an empty search matches everything. */
export function presetMatchesSearch(preset: Pick<Preset, "id" | "name" | "description" | "tags" | "deployment">, search: string): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  const location = preset.deployment.url ?? preset.deployment.storageUri ?? "";
  return [preset.id, preset.name, preset.description, ...preset.tags, typeof location === "string" ? location : ""]
    .join("\n")
    .toLowerCase()
    .includes(needle);
}
