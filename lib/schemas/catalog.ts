// The file catalog's status, and checking a preset or deployment draft before it is saved or deployed: the problems
// found (schema, profile, storage, GPUs, the API server's dry run) and the exact manifest it would create.
import { z } from "zod";
import { plainText } from "./text";

export const catalogProblemSchema = z.object({ file: z.string(), field: z.string(), message: z.string() });

export const catalogStatusSchema = z
  .object({
    root: z.string().nullable().describe("MODEL_CATALOG_ROOT; null when no file catalog is configured"),
    loadedAt: z.string().nullable(),
    files: z.number(),
    presets: z.number().describe("Presets loaded from the files"),
    problems: z.array(catalogProblemSchema).describe("Files or entries left out, by path and field"),
  })
  .meta({ id: "CatalogStatus" });

export const draftCheckRequestSchema = z
  .strictObject({
    preset: z.record(z.string(), z.unknown()).optional().describe("A preset body, as POST /api/v1/presets takes it"),
    deployment: z.record(z.string(), z.unknown()).optional().describe("A deployment body; name and namespace may be left out"),
    name: plainText(63).optional().describe("The name to check and render with; default the preset's id or the deployment's name"),
    namespace: plainText(63).optional().describe("Default: the deployment's namespace, else the caller's first tenant"),
  })
  .refine((request) => (request.preset === undefined) !== (request.deployment === undefined), {
    path: ["preset"],
    message: "Send either a preset or a deployment",
  })
  .meta({ id: "DraftCheckRequest" });
export type DraftCheckRequest = z.infer<typeof draftCheckRequestSchema>;

export const draftProblemSchema = z.object({
  severity: z.enum(["error", "warning"]),
  field: z.string().describe("e.g. deployment.url, preset.category, resourceProfile"),
  message: z.string(),
});
export type DraftProblem = z.infer<typeof draftProblemSchema>;

export const draftCheckSchema = z
  .object({
    valid: z.boolean().describe("No errors (warnings may remain)"),
    problems: z.array(draftProblemSchema),
    manifest: z.record(z.string(), z.unknown()).nullable().describe("The object it would create; null when the schema refuses it"),
    yaml: z.string().nullable().describe("The manifest as YAML (preview)"),
  })
  .meta({ id: "DraftCheck" });
export type DraftCheck = z.infer<typeof draftCheckSchema>;
