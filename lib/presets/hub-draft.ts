// A preset drafted from a Hub model, as the Model Manager's catalog generation drafts a catalog entry: the engine and
// features from its architecture (serving-choice.ts), the resource profile from the fit estimate (the least GPU memory
// where it fits, with the GPU count, among the profiles the cluster has nodes for when there are any), vLLM's flags and context length from the same estimate, a description from the
// model card. The admin reviews it; nothing here saves it. Pure.
import type { PresetInput } from "@/lib/schemas/preset";
import type { Compatibility } from "@/lib/schemas/sizing";
import type { ServingChoice } from "@/lib/sizing/serving-choice";

type ProfileFit = Compatibility["profiles"][number];
export type FitLike = Pick<ProfileFit, "profile" | "verdict" | "gpuCount" | "resourceProfile" | "vllmArgs" | "notes" | "capacity">;

export interface HubDraftInput {
  /** org/name on the Hub. */
  repo: string;
  gated: false | "auto" | "manual";
  license: string | null;
  parameters: number | null;
  /** quantization_config.quant_method, when the checkpoint is quantized. */
  quantization: string | null;
  /** The model card (README.md), when it could be read. */
  card?: string;
  choice: ServingChoice;
  /** Verified: vLLM's registry maps the architecture, or another engine was chosen for it. */
  verified: boolean;
  profiles: readonly FitLike[];
  /** GiB per GPU of a profile, from the GPU facts; null when unknown. */
  memoryGiB: (profile: string) => number | null;
}

const ID_LENGTH = 63;
const VERDICT_RANK = { fits: 0, tight: 1 } as const;

/** Whether one of the cluster's nodes has as many of the profile's GPUs as one replica needs (false when unknown). */
export function isInCluster(fit: Pick<FitLike, "capacity" | "gpuCount">): boolean {
  const nodes = fit.capacity?.resource ? fit.capacity.nodes : [];
  return fit.gpuCount !== null && nodes.some((node) => node.allocatable >= (fit.gpuCount ?? 0));
}

/**
 * The profile whose chosen GPU count has the least GPU memory in all ("fits" before "tight" on a tie), among those the
 * cluster has nodes for when any of them will do: a GPU the cluster does not have is no use, however small.
 */
export function smallestFit<T extends FitLike>(profiles: readonly T[], memoryGiB: (profile: string) => number | null): T | undefined {
  const candidates = profiles.flatMap((fit) => {
    const memory = memoryGiB(fit.profile);
    if ((fit.verdict !== "fits" && fit.verdict !== "tight") || !fit.gpuCount || !fit.resourceProfile || memory === null) return [];
    return [{ fit, verdict: fit.verdict, total: memory * fit.gpuCount, present: isInCluster(fit) }];
  });
  const present = candidates.filter((candidate) => candidate.present);
  const pool = present.length > 0 ? present : candidates;
  pool.sort((a, b) => a.total - b.total || VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] || a.fit.profile.localeCompare(b.fit.profile));
  return pool[0]?.fit;
}

/** The first paragraph of prose in a model card: no front matter, headings, tables, lists, images or markup. */
export function cardSummary(readme: string, maxLength = 400): string | undefined {
  const body = readme.replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n?/, "");
  for (const paragraph of body.split(/\r?\n\s*\r?\n/)) {
    const trimmed = paragraph.trim();
    if (!trimmed || /^(#|<|\||!\[|```|[-*+] |>|\d+\. )/.test(trimmed)) continue;
    const text = trimmed
      .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/<[^>]+>/g, "")
      .replace(/[*_`]+/g, "")
      .replace(/[\u0000-\u001f\u007f\s]+/g, " ")
      .trim();
    if (text.length < 20) continue;
    if (text.length <= maxLength) return text;
    const cut = text.lastIndexOf(" ", maxLength - 1);
    return `${text.slice(0, cut > 0 ? cut : maxLength - 1)}…`;
  }
  return undefined;
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");

/** `acme/Tiny-Llama` on `nvidia-gpu-t4` → `tiny-llama-t4`, as KubeAI's catalog names its entries. */
export function draftPresetId(repo: string, profile: string | undefined): string {
  const suffix = profile ? slug(profile.replace(/^(nvidia|amd)-gpu-/, "")) : "";
  const name = slug(repo.split("/").at(-1) ?? repo) || "model";
  const room = ID_LENGTH - (suffix ? suffix.length + 1 : 0);
  const head = name.slice(0, room).replace(/[^a-z0-9]+$/, "");
  return suffix ? `${head}-${suffix}` : head;
}

const maxModelLenOf = (args: readonly string[]) => {
  const value = args.find((arg) => arg.startsWith("--max-model-len="))?.slice("--max-model-len=".length);
  return value && /^\d+$/.test(value) ? Number(value) : undefined;
};

function notesFor(input: HubDraftInput, chosen: FitLike | undefined): string[] {
  const notes = [`Engine ${input.choice.engine}: ${input.choice.reason}.`];
  if (!input.verified) notes.push("Left disabled: vLLM's registry does not list the architecture; try it before members see it.");
  if (chosen) {
    const memory = input.memoryGiB(chosen.profile);
    const total = memory === null || chosen.gpuCount === null ? "?" : memory * chosen.gpuCount;
    notes.push(
      `${chosen.resourceProfile} (${chosen.verdict}): the least GPU memory (${total} GiB) among the profiles where it fits${isInCluster(chosen) ? " that the cluster has nodes for" : ""}.`,
      ...(isInCluster(chosen) ? [] : ["The cluster has no node with that many of these GPUs now: check before members deploy it."]),
      ...chosen.notes,
    );
  } else {
    notes.push("No resource profile fits this model by the estimate: choose one (and the GPU count) before saving.");
  }
  if (input.gated) notes.push("Gated on the Hub: the token KubeAI downloads with must have been granted access to it.");
  notes.push("The id is a suggestion: saving fails with 409 when a preset already has it.");
  return notes;
}

export function draftPresetFromHub(input: HubDraftInput): { preset: PresetInput; notes: string[] } {
  const { choice, repo } = input;
  const chosen = smallestFit(input.profiles, input.memoryGiB);
  const profileName = chosen?.profile;
  const args = choice.engine === "VLLM" && chosen ? [...chosen.vllmArgs] : [];
  const contextLength = chosen ? maxModelLenOf(chosen.vllmArgs) : undefined;
  const url = `hf://${repo}`;
  const serving = `${choice.engine} serving ${url} for ${choice.features.join(", ")} on ${chosen?.resourceProfile ?? "a profile to choose"}, drafted from the Hugging Face Hub.`;
  const card = input.card ? cardSummary(input.card) : undefined;
  const tags = [
    choice.engine.toLowerCase(),
    profileName,
    profileName ? (profileName === "cpu" ? "cpu" : "gpu") : undefined,
    input.quantization?.toLowerCase(),
    input.license ? `license:${input.license}`.slice(0, 50) : undefined,
  ];
  const preset: PresetInput = {
    id: draftPresetId(repo, profileName),
    name: `${repo.split("/").at(-1) ?? repo} (${chosen?.resourceProfile ?? "no resource profile"})`,
    description: card ? `${card} ${serving}` : serving,
    category: choice.category,
    tags: [...new Set(tags.filter((tag): tag is string => Boolean(tag)))],
    enabled: input.verified,
    tokenLimits: contextLength ? { contextLength } : {},
    ...(input.parameters && input.parameters > 0 ? { parameters: Math.round(input.parameters) } : {}),
    deployment: {
      engine: choice.engine,
      url,
      features: choice.features,
      ...(chosen?.resourceProfile ? { resourceProfile: chosen.resourceProfile } : {}),
      args,
    },
  };
  return { preset, notes: notesFor(input, chosen) };
}
