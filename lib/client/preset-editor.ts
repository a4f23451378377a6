// The admin's preset dialog ↔ the preset API: the fields as typed (tags comma separated, the deployment as JSON), the
// body for POST and the patch of only what changed for PATCH, checked with the preset schemas before sending; and
// the API's field errors placed on the dialog's inputs, a deployment's own errors (`deployment.url`) under the JSON
// box with their path. Pure.
import {
  PRESET_CATEGORIES,
  presetInputSchema,
  presetPatchSchema,
  type Preset,
  type PresetCategory,
  type PresetInput,
} from "@/lib/schemas/preset";
import type { FieldProblem } from "./api-client";
import { issuesAsProblems } from "./form-errors";
import { parseParameterCount } from "./preset-catalog";

const TOKEN_FIELDS = ["tokenLimits.contextLength", "tokenLimits.maxInputTokens", "tokenLimits.maxOutputTokens"] as const;
type TokenField = (typeof TOKEN_FIELDS)[number];

export const PRESET_EDITOR_FIELDS = [
  "id",
  "name",
  "category",
  "description",
  "tags",
  "enabled",
  ...TOKEN_FIELDS,
  "parameters",
  "deployment",
] as const;
export type PresetEditorField = (typeof PRESET_EDITOR_FIELDS)[number];

/** Every field as the dialog holds it: text as typed, except the category (a choice) and enabled (a switch). */
export type PresetDraft = Record<Exclude<PresetEditorField, "category" | "enabled">, string> & {
  category: PresetCategory;
  enabled: boolean;
};

export type PresetEditorErrors = Partial<Record<PresetEditorField, string>>;

/** A starting point that shows the shape of a KubeAI deployment; the admin replaces it. */
const DEPLOYMENT_TEMPLATE = {
  engine: "VLLM",
  url: "hf://org/model",
  features: ["TextGeneration"],
  resourceProfile: "nvidia-gpu-l4:1",
  args: [],
};

const json = (value: unknown) => JSON.stringify(value, null, 2);
const text = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value));

export function newPresetDraft(): PresetDraft {
  return {
    id: "",
    name: "",
    category: PRESET_CATEGORIES[0],
    description: "",
    tags: "",
    enabled: true,
    "tokenLimits.contextLength": "",
    "tokenLimits.maxInputTokens": "",
    "tokenLimits.maxOutputTokens": "",
    parameters: "",
    deployment: json(DEPLOYMENT_TEMPLATE),
  };
}

/** A saved preset, or a body drafted elsewhere (a Hub model's draft), as the dialog holds it. */
export function presetDraftOf(
  preset: Pick<PresetInput, "id" | "name" | "category" | "description" | "tags" | "enabled" | "tokenLimits" | "deployment"> & {
    parameters?: number | null;
  },
): PresetDraft {
  return {
    id: preset.id,
    name: preset.name,
    category: preset.category,
    description: preset.description,
    tags: preset.tags.join(", "),
    enabled: preset.enabled,
    "tokenLimits.contextLength": text(preset.tokenLimits.contextLength),
    "tokenLimits.maxInputTokens": text(preset.tokenLimits.maxInputTokens),
    "tokenLimits.maxOutputTokens": text(preset.tokenLimits.maxOutputTokens),
    parameters: text(preset.parameters),
    deployment: json(preset.deployment),
  };
}

/** "a, b,,a " → ["a", "b"]. */
export function tagsOf(value: string): string[] {
  return [...new Set(value.split(",").map((tag) => tag.trim()))].filter(Boolean);
}

interface Parsed {
  tokenLimits: Partial<Record<"contextLength" | "maxInputTokens" | "maxOutputTokens", number>>;
  parameters: number | null;
  deployment: Record<string, unknown> | undefined;
  errors: PresetEditorErrors;
}

/** What the boxes say as values, and what cannot be read at all (before the schema has its say). */
function parseDraft(draft: PresetDraft): Parsed {
  const errors: PresetEditorErrors = {};
  const tokenLimits: Parsed["tokenLimits"] = {};
  for (const field of TOKEN_FIELDS) {
    const value = draft[field].trim();
    if (!value) continue;
    if (/^\d+$/.test(value)) tokenLimits[field.slice("tokenLimits.".length) as keyof Parsed["tokenLimits"]] = Number(value);
    else errors[field] = "A whole number of tokens";
  }
  let parameters: number | null = null;
  if (draft.parameters.trim()) {
    parameters = parseParameterCount(draft.parameters);
    if (Number.isNaN(parameters)) errors.parameters = "Use a count such as 8B, 125M or 8000000000";
  }
  let deployment: Record<string, unknown> | undefined;
  try {
    const value: unknown = JSON.parse(draft.deployment);
    if (value && typeof value === "object" && !Array.isArray(value)) deployment = value as Record<string, unknown>;
    else errors.deployment = 'The deployment must be a JSON object, e.g. {"engine": "VLLM", …}';
  } catch (error) {
    errors.deployment = `Not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  return { tokenLimits, parameters, deployment, errors };
}

/**
 * Each problem on the input it belongs to: `tokenLimits.contextLength` on its box, `tags.2` on the tags, every
 * `deployment.*` under the JSON box as "deployment.url: …" (all of them: a deployment can be wrong in several places).
 */
export function placePresetErrors(problems: readonly FieldProblem[]): { byField: PresetEditorErrors; unplaced: FieldProblem[] } {
  const byField: PresetEditorErrors = {};
  const unplaced: FieldProblem[] = [];
  for (const problem of problems) {
    const path = problem.field.replace(/\[(\w+)\]/g, ".$1").replace(/^body\./, "");
    if (path === "deployment" || path.startsWith("deployment.")) {
      const line = path === "deployment" ? problem.message : `${path}: ${problem.message}`;
      byField.deployment = byField.deployment ? `${byField.deployment}\n${line}` : line;
      continue;
    }
    const field = PRESET_EDITOR_FIELDS.find((candidate) => path === candidate || path.startsWith(`${candidate}.`));
    if (field) byField[field] ??= problem.message;
    else unplaced.push(problem);
  }
  return { byField, unplaced };
}

type Result = { body?: Record<string, unknown>; errors: PresetEditorErrors; formError?: string };

function checked(body: Record<string, unknown>, schema: typeof presetInputSchema | typeof presetPatchSchema): Result {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { body, errors: {} };
  const { byField, unplaced } = placePresetErrors(issuesAsProblems(parsed.error.issues));
  return {
    errors: byField,
    formError: unplaced.length ? unplaced.map((problem) => `${problem.field}: ${problem.message}`).join("; ") : undefined,
  };
}

/** POST's body for a new preset; parameters left out when empty. */
export function presetInputFromDraft(draft: PresetDraft): Result {
  const { tokenLimits, parameters, deployment, errors } = parseDraft(draft);
  if (Object.keys(errors).length > 0) return { errors };
  return checked(
    {
      id: draft.id.trim(),
      name: draft.name,
      category: draft.category,
      description: draft.description,
      tags: tagsOf(draft.tags),
      enabled: draft.enabled,
      tokenLimits,
      ...(parameters !== null ? { parameters } : {}),
      deployment,
    },
    presetInputSchema,
  );
}

/** PATCH's body: the fields that changed (token limits as a whole, an emptied parameter count as null). */
export function presetPatchFromDraft(preset: Preset, draft: PresetDraft): Result {
  const { tokenLimits, parameters, deployment, errors } = parseDraft(draft);
  if (Object.keys(errors).length > 0) return { errors };
  const initial = presetDraftOf(preset);
  const changed = (field: Exclude<PresetEditorField, "id">) => draft[field] !== initial[field];
  const patch: Record<string, unknown> = {};
  if (changed("name")) patch.name = draft.name;
  if (changed("category")) patch.category = draft.category;
  if (changed("description")) patch.description = draft.description;
  if (changed("tags")) patch.tags = tagsOf(draft.tags);
  if (changed("enabled")) patch.enabled = draft.enabled;
  if (TOKEN_FIELDS.some((field: TokenField) => changed(field))) patch.tokenLimits = tokenLimits;
  if (changed("parameters")) patch.parameters = parameters;
  if (changed("deployment")) patch.deployment = deployment;
  return checked(patch, presetPatchSchema);
}
