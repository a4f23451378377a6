import { describe, expect, it } from "vitest";
import { fitFromParameters } from "./fit-from-parameters";
import type { GpuProfile } from "./gpu-facts";

const gpu = (name: string, memoryGiB: number | null, accelerator: string | null = name): GpuProfile => ({
  name,
  accelerator,
  memoryGiB,
  gpusPerUnit: 1,
  gpusPerNode: 8,
  bf16: true,
  fp8: false,
  memoryBandwidthGBs: 300,
  isNvidia: true,
});

describe("fit from a parameter count alone", () => {
  it("puts an 8B model on one L4 with room for a cache, and a 70B one on two 80 GiB GPUs only tightly or on four", () => {
    // 8e9 × 2 B × 1.02 = 15.2 GiB; an L4 gives 24 × 0.9 − 2.3 = 19.3 GiB: 4.1 GiB left.
    expect(fitFromParameters(8e9, gpu("l4", 24))).toMatchObject({ verdict: "fits", gpuCount: 1, resourceProfile: "l4:1" });
    // 70e9 × 2 × 1.02 = 133 GiB; one H100 gives 69.7 GiB, two give 139.4 − 133 → 3.2 GiB per GPU.
    const big = fitFromParameters(70e9, gpu("h100", 80));
    expect(big).toMatchObject({ verdict: "fits", gpuCount: 2 });
    expect(big.kvRoomBytes! / 2 ** 30).toBeCloseTo(69.7 - 133.0 / 2, 0);
  });

  it("is tight when the weights leave less than 2 GiB, and does not fit beyond one node", () => {
    // 16 GiB T4: 14.4 − 2.3 = 12.1 GiB; 5.5e9 × 2 × 1.02 = 10.45 GiB → 1.6 GiB left on one, 6.9 on two.
    expect(fitFromParameters(5.5e9, { ...gpu("t4", 16), gpusPerNode: 1 })).toMatchObject({ verdict: "tight", gpuCount: 1 });
    expect(fitFromParameters(400e9, gpu("l4", 24)).verdict).toBe("does-not-fit");
  });

  it("does not pretend for CPU profiles or unknown GPUs", () => {
    expect(fitFromParameters(1e9, gpu("cpu", null, null)).verdict).toBe("no-accelerator");
    expect(fitFromParameters(1e9, gpu("tpu", null, "google.com/tpu")).verdict).toBe("unknown");
  });
});
