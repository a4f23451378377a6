import { describe, expect, it } from "vitest";
import type { Compatibility } from "@/lib/schemas/sizing";
import { ApiError } from "./api-client";
import {
  engineNoteOf,
  fitPanelStateOf,
  fitSourceOf,
  fitViewOf,
  isSizableModelUrl,
  vllmArgsAgainst,
  type FitSource,
} from "./deployment-fit";

type ProfileFit = Compatibility["profiles"][number];

const L4: ProfileFit = {
  profile: "nvidia-gpu-l4",
  accelerator: "NVIDIA L4",
  verdict: "fits",
  gpuCount: 2,
  resourceProfile: "nvidia-gpu-l4:2",
  fullContextGpuCount: 2,
  maxContext: 32768,
  vllmArgs: ["--tensor-parallel-size=2", "--max-model-len=32768"],
  notes: ["Fits 2 × NVIDIA L4 with the full 32768-token context; the KV cache holds 40000 tokens."],
  decode: { tokensPerSecond: { emptyContext: 41.4, fullContext: 30.2 } },
  capacity: {
    resource: "nvidia.com/gpu",
    total: 4,
    free: 4,
    largestFreeOnOneNode: 4,
    nodes: [{ node: "gpu-l4-node-1", allocatable: 4, requested: 0, free: 4 }],
  },
  placement: { fits: true, node: "gpu-l4-node-1" },
};

const CPU: ProfileFit = {
  ...L4,
  profile: "cpu",
  accelerator: null,
  verdict: "no-accelerator",
  gpuCount: null,
  resourceProfile: null,
  fullContextGpuCount: null,
  maxContext: null,
  vllmArgs: [],
  notes: ["No accelerator: CPU serving is not sized"],
  decode: null,
  capacity: { resource: null, total: 0, free: 0, largestFreeOnOneNode: 0, nodes: [] },
  placement: null,
};

const answer = (...profiles: ProfileFit[]): Compatibility => ({
  model: { architectures: ["LlamaForCausalLM"], parameters: 8e9, parametersEstimated: false, missing: [] },
  engines: { vllm: { status: "supported", reason: "" }, alternatives: [] },
  estimate: { weights: { bytes: 16.3e9, gib: 15.18, formula: "8e9 × 2 B" } },
  profiles,
});

const PRESET: FitSource = { kind: "preset", id: "llama-3.1-8b-instruct-fp8-l4" };

describe("fitSourceOf", () => {
  const origin = { id: "qwen2-500m-cpu", modelUrl: "ollama://qwen2:0.5b" };

  it("asks about the preset while the form still serves its model, whatever its scheme", () => {
    expect(fitSourceOf(origin, "ollama://qwen2:0.5b")).toEqual({ kind: "preset", id: "qwen2-500m-cpu" });
    expect(fitSourceOf(origin, " ollama://qwen2:0.5b ")).toEqual({ kind: "preset", id: "qwen2-500m-cpu" });
  });

  it("asks about an hf:// URL once the model is changed, or without a preset", () => {
    expect(fitSourceOf(origin, "hf://Qwen/Qwen2-0.5B-Instruct")).toEqual({ kind: "url", url: "hf://Qwen/Qwen2-0.5B-Instruct" });
    expect(fitSourceOf(undefined, "hf://Qwen/Qwen2-0.5B-Instruct@main ")).toEqual({
      kind: "url",
      url: "hf://Qwen/Qwen2-0.5B-Instruct@main",
    });
  });

  it("has nothing to ask about for other schemes, half-typed URLs or an empty box", () => {
    expect(fitSourceOf(origin, "ollama://qwen2:1.5b")).toEqual({ kind: "none" });
    expect(fitSourceOf(undefined, "s3://bucket/model")).toEqual({ kind: "none" });
    expect(fitSourceOf(undefined, "hf://Qwen")).toEqual({ kind: "none" });
    expect(fitSourceOf(undefined, undefined)).toEqual({ kind: "none" });
    expect(isSizableModelUrl("hf://Qwen/")).toBe(false);
  });
});

describe("fitPanelStateOf", () => {
  const base = { source: PRESET, profile: "nvidia-gpu-l4", count: 2, answer: answer(L4), error: null, waiting: false };

  it("hints at what can be sized when the model is neither a preset nor an hf:// URL", () => {
    expect(fitPanelStateOf({ ...base, source: { kind: "none" } })).toEqual({
      kind: "idle",
      message: "Fit: enter an hf:// model URL, or start from a preset, to see whether the model fits.",
    });
  });

  it("asks for a profile before judging", () => {
    expect(fitPanelStateOf({ ...base, profile: undefined })).toMatchObject({
      kind: "idle",
      message: expect.stringContaining("resource profile"),
    });
  });

  it("is checking while typing has not paused, even with an older answer at hand, and while the answer is on its way", () => {
    expect(fitPanelStateOf({ ...base, waiting: true })).toEqual({ kind: "checking", message: "Fit: checking…" });
    expect(fitPanelStateOf({ ...base, answer: undefined })).toEqual({ kind: "checking", message: "Fit: checking…" });
  });

  it("says the check's own words when it fails, and when it has no answer for the profile", () => {
    const error = new ApiError(503, "The Hugging Face Hub did not answer within 10 s");
    expect(fitPanelStateOf({ ...base, answer: undefined, error })).toEqual({
      kind: "failed",
      message: "Fit unknown: The Hugging Face Hub did not answer within 10 s",
    });
    expect(fitPanelStateOf({ ...base, profile: "amd-gpu-mi300x" })).toEqual({
      kind: "failed",
      message: "Fit unknown: the check has no answer for profile amd-gpu-mi300x",
    });
  });

  it("judges the chosen profile", () => {
    const state = fitPanelStateOf({ ...base, answer: answer(CPU, L4) });
    expect(state).toMatchObject({ kind: "answer", view: { verdict: "fits", headline: "Fits on nvidia-gpu-l4 with 2 GPUs" } });
  });
});

describe("fitViewOf", () => {
  it("gives the verdict at the estimate's count with the numbers, the flags and the check's placement", () => {
    expect(fitViewOf(answer(L4), L4, 2)).toEqual({
      verdict: "fits",
      label: "Fits",
      headline: "Fits on nvidia-gpu-l4 with 2 GPUs",
      numbers: [
        "Needs 2 GPUs (nvidia-gpu-l4:2)",
        "Weights: 15.2 GiB",
        "Longest context: 32,768 tokens",
        "Decode: roughly 41 tokens/s (30 at full context)",
        "Free now: 4 of 4 nvidia.com/gpu (at most 4 on one node)",
      ],
      placement: "Would run on gpu-l4-node-1",
      vllmArgs: ["--tensor-parallel-size=2", "--max-model-len=32768"],
      argsFor: "nvidia-gpu-l4:2",
      notes: L4.notes,
      engineNote: null,
    });
  });

  it("does not fit with fewer GPUs than the estimate needs, whatever the profile's verdict", () => {
    const short = fitViewOf(answer(L4), L4, 1);
    expect(short).toMatchObject({ verdict: "does-not-fit", label: "Does not fit", headline: "Does not fit with 1 GPU; needs 2" });
    // An emptied count box is one unit.
    expect(fitViewOf(answer(L4), L4, undefined).headline).toBe("Does not fit with 1 GPU; needs 2");
    expect(fitViewOf(answer(L4), { ...L4, verdict: "tight" }, 3).headline).toBe("Tight on nvidia-gpu-l4 with 3 GPUs");
  });

  it("places another count by the live GPUs alone, and says why none can take it", () => {
    expect(fitViewOf(answer(L4), L4, 3).placement).toBe("Would run on gpu-l4-node-1 (4 nvidia.com/gpu free there)");
    expect(fitViewOf(answer(L4), L4, 8).placement).toBe(
      "Cannot be placed now: no node has 8 nvidia.com/gpu free (at most 4 on one node, 4 in the cluster)",
    );
    const blocked = { ...L4, placement: { fits: false as const, reason: "needs 2 nvidia.com/gpu of nvidia-gpu-l4 on one node" } };
    expect(fitViewOf(answer(blocked), blocked, 2).placement).toBe(
      "Cannot be placed now: needs 2 nvidia.com/gpu of nvidia-gpu-l4 on one node",
    );
  });

  it("counts GPUs, not units, for a profile with several GPUs a unit", () => {
    const pairs = { ...L4, profile: "gpu-pair", resourceProfile: "gpu-pair:1" };
    expect(fitViewOf(answer(pairs), pairs, 1).headline).toBe("Fits on gpu-pair with 2 GPUs");
  });

  it("says so when nothing fits on one node, and when the profile has no accelerator", () => {
    const tooBig: ProfileFit = { ...L4, verdict: "does-not-fit", gpuCount: null, resourceProfile: null, placement: null, decode: null };
    const view = fitViewOf(answer(tooBig), tooBig, 8);
    expect(view).toMatchObject({ verdict: "does-not-fit", headline: "Does not fit on nvidia-gpu-l4, at any GPU count on one node" });
    expect(view.placement).toBe("Cannot be placed now: no node has 8 nvidia.com/gpu free (at most 4 on one node, 4 in the cluster)");
    const cpu = fitViewOf({ ...answer(CPU), estimate: {} }, CPU, 1);
    expect(cpu).toMatchObject({
      verdict: "no-accelerator",
      label: "CPU only",
      headline: "No accelerator on cpu: the GPU fit does not apply",
      numbers: [],
      placement: null,
    });
  });
});

describe("vllmArgsAgainst", () => {
  const recommended = ["--tensor-parallel-size=2", "--max-model-len=32768", "--enable-prefix-caching"];

  it("lists the recommended flags the arguments lack", () => {
    expect(vllmArgsAgainst([], recommended)).toEqual({ missing: recommended, differing: [] });
    expect(vllmArgsAgainst(["--max-model-len 32768", "--enable-prefix-caching"], recommended)).toEqual({
      missing: ["--tensor-parallel-size=2"],
      differing: [],
    });
  });

  it("reads a value on the next line, and leaves a flag set to another value for the person", () => {
    expect(vllmArgsAgainst(["--tensor-parallel-size", "4", "--max-model-len=32768", "--enable-prefix-caching"], recommended)).toEqual({
      missing: [],
      differing: [{ recommended: "--tensor-parallel-size=2", current: "--tensor-parallel-size=4" }],
    });
  });
});

describe("engineNoteOf", () => {
  it("says nothing for an architecture vLLM serves, and names the reason and the other engines otherwise", () => {
    const model = { architectures: ["XLMRobertaModel"], parameters: null, parametersEstimated: true, missing: [] };
    expect(engineNoteOf({ model, engines: { vllm: { status: "supported", reason: "listed" }, alternatives: [] } })).toBeNull();
    expect(
      engineNoteOf({
        model,
        engines: {
          vllm: { status: "unverified", reason: "XLMRobertaModel is not in vLLM's registry" },
          alternatives: [{ engine: "Infinity", reason: "serves embedding models" }],
        },
      }),
    ).toBe("vLLM unverified: XLMRobertaModel is not in vLLM's registry. Other engines: Infinity (serves embedding models)");
  });
});
