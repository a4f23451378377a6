import { describe, expect, it } from "vitest";
import { ApiError } from "./api-client";
import type { Compatibility } from "@/lib/schemas/sizing";
import { fitBadgeOf, presetProfileName } from "./preset-fit";

const L4_PRESET = { resourceProfile: "nvidia-gpu-l4:1", deployment: { engine: "VLLM", resourceProfile: "nvidia-gpu-l4:1" } };

const l4Fit = {
  profile: "nvidia-gpu-l4",
  accelerator: "nvidia-l4",
  verdict: "fits" as const,
  gpuCount: 2,
  resourceProfile: "nvidia-gpu-l4:2",
  fullContextGpuCount: 2,
  maxContext: 32768,
  vllmArgs: ["--tensor-parallel-size=2", "--max-model-len=32768"],
  notes: ["Weights take 15 GiB."],
  decode: { tokensPerSecond: { emptyContext: 41.4, fullContext: 30.2 } },
  capacity: { resource: "nvidia.com/gpu", total: 4, free: 3, largestFreeOnOneNode: 2, nodes: [] },
  placement: { fits: true as const, node: "gpu-node-1" },
};

const answer = (profiles: Compatibility["profiles"]): Compatibility => ({
  model: { architectures: ["LlamaForCausalLM"], parameters: 8e9, parametersEstimated: false, missing: [] },
  engines: { vllm: { status: "supported", reason: "" }, alternatives: [] },
  estimate: {},
  profiles,
});

describe("presetProfileName", () => {
  it("is the profile part of the preset's profile, or null", () => {
    expect(presetProfileName({ resourceProfile: "cpu:2" })).toBe("cpu");
    expect(presetProfileName({ resourceProfile: "nvidia-gpu-l4" })).toBe("nvidia-gpu-l4");
    expect(presetProfileName({ resourceProfile: null })).toBeNull();
  });
});

describe("fitBadgeOf", () => {
  it("gives the verdict for the preset's own profile with the numbers behind it", () => {
    const badge = fitBadgeOf(L4_PRESET, null, answer([l4Fit]), null);
    expect(badge).toMatchObject({ kind: "fits", label: "Fits", profile: "nvidia-gpu-l4" });
    expect(badge.details).toEqual([
      "Profile nvidia-gpu-l4 (nvidia-l4)",
      "Needs 2 GPUs (nvidia-gpu-l4:2); the preset asks for 1",
      "Longest context: 32,768 tokens",
      "Decode: about 41 tokens/s (30 at full context)",
      "vLLM flags: --tensor-parallel-size=2 --max-model-len=32768",
      "Free now: 3 of 4 nvidia.com/gpu (at most 2 on one node)",
      "One replica would run on gpu-node-1",
      "Weights take 15 GiB.",
    ]);
  });

  it("answers for another profile when one is picked, and says why a replica cannot be placed", () => {
    const h100 = {
      ...l4Fit,
      profile: "nvidia-gpu-h100",
      accelerator: "nvidia-h100",
      verdict: "tight" as const,
      gpuCount: 1,
      resourceProfile: "nvidia-gpu-h100:1",
      placement: { fits: false as const, reason: "No node has a free nvidia-h100" },
      notes: [],
    };
    const badge = fitBadgeOf(L4_PRESET, "nvidia-gpu-h100", answer([l4Fit, h100]), null);
    expect(badge).toMatchObject({ kind: "tight", label: "Tight", profile: "nvidia-gpu-h100" });
    expect(badge.details).toContain("Needs 1 GPU (nvidia-gpu-h100:1)");
    expect(badge.details).toContain("Cannot be placed now: No node has a free nvidia-h100");
  });

  it("says CPU only for a profile without an accelerator", () => {
    const cpu = {
      ...l4Fit,
      profile: "cpu",
      accelerator: null,
      verdict: "no-accelerator" as const,
      gpuCount: null,
      resourceProfile: null,
      maxContext: null,
      vllmArgs: [],
      decode: null,
      capacity: null,
      placement: null,
      notes: ["No accelerator: this profile runs on CPU; no GPU fit applies."],
    };
    const badge = fitBadgeOf({ resourceProfile: "cpu:1", deployment: {} }, null, answer([cpu]), null);
    expect(badge).toEqual({
      kind: "no-accelerator",
      label: "CPU only",
      profile: "cpu",
      details: ["Profile cpu", "No accelerator: this profile runs on CPU; no GPU fit applies."],
    });
  });

  it("is unknown, with the reason, when the check cannot answer", () => {
    const message = "Preset tiny has no parameter count to size it by; send the model's config.json";
    const refused = fitBadgeOf(L4_PRESET, null, undefined, new ApiError(422, message));
    expect(refused).toMatchObject({ kind: "unknown", label: "Unknown", profile: "nvidia-gpu-l4" });
    expect(refused.details).toEqual([`Cannot check the fit: ${message}`]);
    expect(fitBadgeOf(L4_PRESET, "amd-gpu-mi300x", answer([l4Fit]), null).details).toEqual([
      "The fit check has no answer for profile amd-gpu-mi300x.",
    ]);
    expect(fitBadgeOf({ resourceProfile: null, deployment: {} }, null, undefined, null)).toMatchObject({ kind: "unknown", profile: null });
  });

  it("is checking while the answer is on its way", () => {
    expect(fitBadgeOf(L4_PRESET, null, undefined, null)).toMatchObject({ kind: "checking", label: "Checking…" });
  });
});
