// Per-profile advice from the bundled GPU facts, checked against the same budget fit.ts applies.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fitProfile } from "./fit";
import { gpuProfile } from "./gpu-facts";
import { loadGpuFacts, loadModelConfig } from "./load-facts";
import { recommendationsFor } from "./recommendations";

const here = path.dirname(fileURLToPath(import.meta.url));
const facts = loadGpuFacts(path.join(here, "../k8s/catalog/gpu-facts.json"));
const requestOf = (name: string) => ({ name, requests: { "nvidia.com/gpu": "1" } });

describe("recommendationsFor", () => {
  it("gives a T4 --dtype half, and no fp8 options", () => {
    const advice = recommendationsFor(requestOf("nvidia-gpu-t4"), facts);
    expect(advice.args).toEqual(["--dtype=half"]);
    expect(advice.options).toEqual([]);
    expect(advice.notes[0]).toContain("NVIDIA T4 has no bfloat16");
    expect(advice.notes).toContain(
      "A Llama-3.1-8B-sized model in 16-bit does not fit one NVIDIA T4: use an 8-bit or 4-bit build, or more GPUs.",
    );
  });

  it("offers an L4 the fp8 KV cache and says a 16-bit 8B model needs a shorter context there", () => {
    const advice = recommendationsFor(requestOf("nvidia-gpu-l4"), facts);
    expect(advice.args).toEqual([]);
    expect(advice.options.map((option) => option.args)).toContainEqual(["--kv-cache-dtype=fp8"]);
    expect(advice.notes).toContain(
      "A Llama-3.1-8B-sized model in 16-bit needs a shorter context on one NVIDIA L4: --max-model-len up to about 32768 of its 131072.",
    );
    // 24 × 0.9 − 2.3 − 1 GiB (8k × 128 KiB) = 18.3 GiB over 2 B × 1.02 per parameter ≈ 9.63B.
    expect(advice.capacity?.parameters.bits16).toBeGreaterThan(9.5e9);
    expect(advice.capacity?.parameters.bits16).toBeLessThan(9.7e9);
  });

  it("agrees with fit.ts on the Llama-3.1-8B fixture", () => {
    const l4 = gpuProfile(requestOf("nvidia-gpu-l4"), facts);
    const fit = fitProfile(loadModelConfig(path.join(here, "fixtures/llama-3.1-8b-instruct.config.json")), l4);
    expect(recommendationsFor(requestOf("nvidia-gpu-l4"), facts).notes.join(" ")).toContain(`about ${fit.args?.maxModelLen} of`);
  });

  it("lets an H100 hold an 8B model's full context, and an A100 warns it has no fp8 compute", () => {
    expect(recommendationsFor(requestOf("nvidia-gpu-h100"), facts).notes).toContain(
      "A Llama-3.1-8B-sized model in 16-bit holds its full 131072-token context on one NVIDIA H100 80GB.",
    );
    const a100 = recommendationsFor(requestOf("nvidia-gpu-a100-40gb"), facts);
    expect(a100.options).toEqual([]);
    expect(a100.notes[0]).toContain("no fp8 compute");
  });

  it("says a CPU profile has no accelerator and recommends no GPU flags", () => {
    const advice = recommendationsFor({ name: "cpu", requests: { cpu: "1", memory: "2Gi" } }, facts);
    expect(advice).toMatchObject({ accelerator: null, args: [], options: [], capacity: null });
    expect(advice.notes[0]).toMatch(/^No accelerator/);
  });

  it("uses a node size given for the profile", () => {
    const advice = recommendationsFor(requestOf("nvidia-gpu-l4"), facts, { gpusPerNode: { "nvidia-gpu-l4": 4 } });
    expect(advice.notes.at(-1)).toContain("up to 4 GPUs on one node");
  });
});
