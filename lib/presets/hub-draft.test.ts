// Drafting a preset from a Hub model: which profile it gets, its id, the card's summary, and the engine for models
// vLLM does not list.
import { describe, expect, it } from "vitest";
import type { EngineSupport } from "@/lib/sizing/architectures";
import { servingChoiceOf } from "@/lib/sizing/serving-choice";
import { cardSummary, draftPresetId, smallestFit, type FitLike } from "./hub-draft";

const MEMORY: Record<string, number> = { small: 16, medium: 24, large: 80 };
const memoryGiB = (profile: string) => MEMORY[profile] ?? null;

function fit(profile: string, verdict: FitLike["verdict"], gpuCount: number | null, nodeGpus: number[] | null): FitLike {
  return {
    profile,
    verdict,
    gpuCount,
    resourceProfile: gpuCount ? `${profile}:${gpuCount}` : null,
    vllmArgs: [],
    notes: [],
    capacity: nodeGpus
      ? {
          resource: "nvidia.com/gpu",
          total: nodeGpus.reduce((sum, gpus) => sum + gpus, 0),
          free: 0,
          largestFreeOnOneNode: 0,
          nodes: nodeGpus.map((gpus, index) => ({ node: `n${index}`, allocatable: gpus, requested: 0, free: gpus })),
        }
      : null,
  };
}

describe("choosing a draft's resource profile", () => {
  it("takes the least GPU memory in all among profiles the cluster has nodes for", () => {
    const profiles = [fit("large", "fits", 1, [8]), fit("medium", "tight", 2, [4]), fit("small", "fits", 1, null)];
    expect(smallestFit(profiles, memoryGiB)?.profile).toBe("medium");
  });

  it("ignores a profile whose nodes are too small for the GPU count, and one that does not fit", () => {
    const profiles = [fit("large", "tight", 2, [8]), fit("medium", "fits", 8, [4]), fit("small", "does-not-fit", null, [8])];
    expect(smallestFit(profiles, memoryGiB)?.profile).toBe("large");
  });

  it("falls back to every fitting profile when the cluster has none of them, and prefers fits on a tie", () => {
    const profiles = [fit("medium", "tight", 2, null), fit("small", "fits", 3, null)];
    expect(smallestFit(profiles, memoryGiB)?.profile).toBe("small");
    expect(smallestFit([fit("small", "no-accelerator", null, null)], memoryGiB)).toBeUndefined();
  });
});

describe("a draft's id and description", () => {
  it("names the preset after the model and the profile, within 63 characters", () => {
    expect(draftPresetId("acme/Tiny_Llama-3.1", "nvidia-gpu-l4")).toBe("tiny-llama-3.1-l4");
    expect(draftPresetId("acme/model", undefined)).toBe("model");
    const long = draftPresetId(`acme/${"x".repeat(100)}`, "amd-gpu-mi300x");
    expect(long).toHaveLength(63);
    expect(long.endsWith("-mi300x")).toBe(true);
  });

  it("summarizes the card's first paragraph of prose, without markup", () => {
    const card =
      "---\nlicense: mit\n---\n# Title\n\n<p align=center>logo</p>\n\n- a list\n\nThe **best** model [ever](https://x.y)\nmade.\n\nMore.";
    expect(cardSummary(card)).toBe("The best model ever made.");
    expect(cardSummary(`${"word ".repeat(200)}`, 40)).toBe(`${"word ".repeat(8).trim()}…`);
    expect(cardSummary("# Only a title")).toBeUndefined();
  });
});

describe("the engine for a model vLLM does not list", () => {
  const unverified = (alternatives: EngineSupport["alternatives"]): EngineSupport => ({
    vllm: { status: "unverified", architecture: "NewEncoderModel", tasks: [], lastVersion: null, reason: "not in vLLM's registry" },
    alternatives,
  });

  it("is Infinity for an encoder, as an embedder or a reranker by its pipeline tag", () => {
    const support = unverified([{ engine: "Infinity", reason: "an embedding or reranking model" }]);
    expect(servingChoiceOf(support, "feature-extraction")).toMatchObject({
      engine: "Infinity",
      features: ["TextEmbedding"],
      category: "embedding",
    });
    expect(servingChoiceOf(support, "text-ranking")).toMatchObject({ engine: "Infinity", features: ["Reranking"], category: "reranking" });
  });

  it("stays vLLM, unverified, when nothing else is named", () => {
    expect(servingChoiceOf(unverified([{ engine: "OLlama", reason: "if published for Ollama" }]), "text-generation")).toMatchObject({
      engine: "VLLM",
      features: ["TextGeneration"],
      reason: "vLLM, unverified: not in vLLM's registry",
    });
  });
});
