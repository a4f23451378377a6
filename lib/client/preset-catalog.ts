// What the easy setup page shows of a preset and how it narrows the catalog: a model's size as people say it ("8B"),
// the serving label, where the model lives, the filter choices and the filter itself. Pure.
import { PRESET_CATEGORIES, presetMatchesSearch, type Preset, type PresetCategory } from "@/lib/schemas/preset";

const SCALES = [
  { factor: 1e12, suffix: "T" },
  { factor: 1e9, suffix: "B" },
  { factor: 1e6, suffix: "M" },
  { factor: 1e3, suffix: "K" },
] as const;

/** 8_030_261_248 → "8B", 1.5e9 → "1.5B", 1.25e8 → "125M", 5.6e10 → "56B"; "" when unknown. */
export function formatParameterCount(count: number | null | undefined): string {
  if (count === null || count === undefined || !Number.isFinite(count) || count <= 0) return "";
  for (const { factor, suffix } of SCALES) {
    if (count < factor) continue;
    const scaled = count / factor;
    // One decimal below ten ("1.5B"), whole numbers above ("56B"): the way model names write it.
    const rounded = scaled < 10 ? Math.round(scaled * 10) / 10 : Math.round(scaled);
    return `${rounded}${suffix}`;
  }
  return String(Math.round(count));
}

/** The inverse, for the admin form: "8B", "1.5b", "125M" or a plain count; NaN for anything else. */
export function parseParameterCount(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmbt]?)\s*$/i.exec(text.replace(/[_,]/g, ""));
  if (!match) return Number.NaN;
  const factor = SCALES.find((scale) => scale.suffix === match[2].toUpperCase())?.factor ?? 1;
  return Math.round(Number(match[1]) * factor);
}

/** The KubeAI engine (VLLM, OLlama…), or `KServe · <model format>`, as the deployments list labels them. */
export function presetServingLabel(preset: Pick<Preset, "backend" | "engine">): string {
  return preset.backend === "kserve" ? `KServe · ${preset.engine || "unknown format"}` : preset.engine || "no engine";
}

/** The KubeAI Model's URL or the InferenceService's storageUri. */
export function presetModelLocation(preset: Pick<Preset, "backend" | "deployment">): string {
  const value = preset.backend === "kserve" ? preset.deployment.storageUri : preset.deployment.url;
  return typeof value === "string" ? value : "";
}

/** KubeAI's features; an InferenceService answers predictions (its protocol says how). */
export function presetFeaturesLabel(preset: Pick<Preset, "backend" | "features">): string {
  return preset.backend === "kserve" ? "predict" : preset.features.join(", ") || "none";
}

export const CATEGORY_LABELS: Record<PresetCategory, string> = {
  llm: "LLM",
  embedding: "Embedding",
  audio: "Audio",
  multimodal: "Multimodal",
  reranking: "Reranking",
};

export interface PresetFilter {
  category?: PresetCategory;
  /** Any case; matches id, name, description, tags and the model's location, as the API's search does. */
  search?: string;
  /** A serving label (presetServingLabel). */
  serving?: string;
  tag?: string;
}

/** The presets the filter lets through, in the order given. */
export function filterPresets(presets: readonly Preset[], filter: PresetFilter): Preset[] {
  return presets.filter(
    (preset) =>
      (!filter.category || preset.category === filter.category) &&
      (!filter.serving || presetServingLabel(preset) === filter.serving) &&
      (!filter.tag || preset.tags.includes(filter.tag)) &&
      presetMatchesSearch(preset, filter.search ?? ""),
  );
}

/** How many presets each category holds, in the schema's category order, empty categories left out. */
export function categoryCounts(presets: readonly Preset[]): { category: PresetCategory; count: number }[] {
  return PRESET_CATEGORIES.map((category) => ({ category, count: presets.filter((preset) => preset.category === category).length })).filter(
    (entry) => entry.count > 0,
  );
}

/** The serving labels and tags the presets use, sorted, for the filter pickers. */
export function filterChoices(presets: readonly Preset[]): { serving: string[]; tags: string[] } {
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => a.localeCompare(b));
  return { serving: sorted(presets.map(presetServingLabel)), tags: sorted(presets.flatMap((preset) => preset.tags)) };
}
