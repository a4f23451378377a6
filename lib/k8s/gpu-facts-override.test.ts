// GPU_PROFILE_PATH: facts laid over the bundled ones profile by profile, and a broken file named, not ignored.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gpuFacts } from "./resource-profiles";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-facts-"));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

describe("GPU facts with GPU_PROFILE_PATH", () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("keeps the bundled facts a file leaves out, and adds profiles it names", () => {
    const file = write(
      "ok.json",
      JSON.stringify({ profiles: { "nvidia-gpu-l4": { gpusPerNode: 2 }, "acme-gpu-x1": { accelerator: "Acme X1", memoryGiB: 64 } } }),
    );
    const facts = gpuFacts(file);
    expect(facts.profiles["nvidia-gpu-l4"]).toMatchObject({ accelerator: "NVIDIA L4", memoryGiB: 24, gpusPerNode: 2 });
    expect(facts.profiles["acme-gpu-x1"]).toMatchObject({ accelerator: "Acme X1", memoryGiB: 64 });
    expect(gpuFacts().profiles["nvidia-gpu-l4"].gpusPerNode).toBe(8);
  });

  it("names the file when it is missing or wrong", () => {
    expect(() => gpuFacts(path.join(dir, "missing.json"))).toThrow(/GPU_PROFILE_PATH .*missing\.json/);
    const bad = write("bad.json", JSON.stringify({ profiles: { "nvidia-gpu-l4": { memoryGiB: "lots" } } }));
    expect(() => gpuFacts(bad)).toThrow(/GPU_PROFILE_PATH .*bad\.json.*memoryGiB/s);
  });
});
