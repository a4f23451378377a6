// KubeAI's own model catalog (its Helm chart's models values: `catalog.<name>`) as presets: every entry keeps what
// it sets — engine, URL, features, resource profile, args, env, files, scaling — and gains what a catalog shows:
// a category, a description, tags, token limits and a parameter count read from its name. Pure.
import type { PresetCategory } from "@/lib/schemas/preset";

interface CatalogEntry {
  url?: string;
  engine?: string;
  features?: string[];
  resourceProfile?: string;
  args?: string[];
  env?: Record<string, string>;
  files?: { path: string; content: string }[];
  minReplicas?: number;
  maxReplicas?: number;
  targetRequests?: number;
  cacheProfile?: string;
}

/** The fields of a catalog entry a deployment takes as they are; `enabled` (install with the chart) is not one. */
const DEPLOYMENT_FIELDS = [
  "url",
  "engine",
  "features",
  "resourceProfile",
  "args",
  "env",
  "files",
  "minReplicas",
  "maxReplicas",
  "targetRequests",
  "cacheProfile",
] as const;

const VISION = /vision|[-_]vl\b|-vl-|llava|pixtral|gemma-3|multimodal/i;

function categoryOf(name: string, entry: CatalogEntry): PresetCategory {
  const features = entry.features ?? [];
  if (features.includes("TextEmbedding")) return "embedding";
  if (features.includes("Reranking")) return "reranking";
  if (features.includes("SpeechToText")) return "audio";
  return VISION.test(`${name} ${entry.url ?? ""}`) ? "multimodal" : "llm";
}

/** `--max-model-len=8192` or `--max-model-len 8192`. */
function contextLengthOf(args: readonly string[]): number | undefined {
  for (const [index, arg] of args.entries()) {
    const value = arg.startsWith("--max-model-len=")
      ? arg.slice("--max-model-len=".length)
      : arg === "--max-model-len"
        ? args[index + 1]
        : undefined;
    const parsed = value === undefined ? NaN : Number(value);
    if (Number.isInteger(parsed) && parsed > 0) return parsed;
  }
  return undefined;
}

/** "llama-3.1-8b-instruct" → 8e9, "opt-125m" → 1.25e8, "mixtral-8x7b" → 5.6e10 (all experts); from the name only. */
export function parametersFromName(text: string): number | undefined {
  const lower = text.toLowerCase();
  const experts = /(\d+)x(\d+(?:\.\d+)?)b(?![a-z])/.exec(lower);
  if (experts) return Math.round(Number(experts[1]) * Number(experts[2]) * 1e9);
  const billions = /(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)b(?![a-z])/.exec(lower);
  if (billions) return Math.round(Number(billions[1]) * 1e9);
  const millions = /(?:^|[^a-z0-9.])(\d+(?:\.\d+)?)m(?![a-z])/.exec(lower);
  return millions ? Math.round(Number(millions[1]) * 1e6) : undefined;
}

const QUANTIZATION_TAGS = ["fp8", "awq", "gptq", "int4", "int8", "gguf", "bnb"];

function tagsOf(name: string, entry: CatalogEntry): string[] {
  const profile = (entry.resourceProfile ?? "").split(":")[0];
  const haystack = `${name} ${entry.url ?? ""}`.toLowerCase();
  const tags = [entry.engine?.toLowerCase(), profile, profile === "cpu" || profile === "" ? "cpu" : "gpu"];
  tags.push(...QUANTIZATION_TAGS.filter((tag) => haystack.includes(tag)));
  return [...new Set(tags.filter((tag): tag is string => Boolean(tag)))];
}

/** `hf://org/Model-Name` → `Model-Name`; `ollama://qwen2:0.5b` → `qwen2:0.5b`. */
function modelNameOf(url: string): string {
  const path = url.slice(url.indexOf("://") + 3);
  return path.split("/").filter(Boolean).at(-1) ?? path;
}

export interface CatalogPreset {
  id: string;
  name: string;
  description: string;
  category: PresetCategory;
  tags: string[];
  tokenLimits: { contextLength?: number };
  parameters?: number;
  deployment: Record<string, unknown>;
}

/** Every entry of `catalog` as a preset body, in the catalog's order. */
export function presetsFromKubeAICatalog(values: { catalog?: Record<string, CatalogEntry> }): CatalogPreset[] {
  return Object.entries(values.catalog ?? {}).map(([id, entry]) => {
    const deployment = Object.fromEntries(
      DEPLOYMENT_FIELDS.filter((field) => entry[field] !== undefined).map((field) => [field, entry[field]]),
    );
    const profile = entry.resourceProfile ?? "no resource profile";
    const contextLength = contextLengthOf(entry.args ?? []);
    const parameters = parametersFromName(`${id} ${entry.url ?? ""}`);
    return {
      id,
      name: `${modelNameOf(entry.url ?? id)} (${profile})`,
      description: `${entry.engine ?? "An engine"} serving ${entry.url ?? id} for ${(entry.features ?? []).join(", ") || "no feature"} on ${profile}, as KubeAI's model catalog configures it.`,
      category: categoryOf(id, entry),
      tags: tagsOf(id, entry),
      tokenLimits: contextLength ? { contextLength } : {},
      ...(parameters ? { parameters } : {}),
      deployment,
    };
  });
}
