// Sizing over HTTP: resource profiles with GPU facts and the sandbox's live capacity, the compatibility check for
// published model configurations (and where a replica would land, or why not), a profile's recommendations, and
// GPU facts from GPU_PROFILE_PATH.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";
import { call, fieldsOf } from "./http";

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join("lib/sizing/fixtures", `${name}.config.json`), "utf8"));
const llama8b = fixture("llama-3.1-8b-instruct");
const llama70b = fixture("llama-3.1-70b-instruct");

type Fit = {
  profile: string;
  verdict: string;
  gpuCount: number | null;
  placement: { fits: boolean; node?: string; reason?: string } | null;
};

describe("sizing", () => {
  let harness: Harness;
  let alice: string;
  let dir: string;

  const fitsFor = async (config: unknown, extra: Record<string, unknown> = {}) => {
    const response = await call("POST", "/api/v1/compatibility", { token: alice, body: { config, ...extra } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as { profiles: Fit[]; model: { parameters: number }; engines: { vllm: { status: string } } };
  };
  const fitOf = (body: { profiles: Fit[] }, profile: string) => body.profiles.find((fit) => fit.profile === profile)!;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gpu-facts-"));
    const facts = path.join(dir, "gpu-profiles.json");
    fs.writeFileSync(facts, JSON.stringify({ profiles: { "nvidia-gpu-l4": { hourlyPrice: 0.71 } } }));
    harness = await startHarness("pglite", { GPU_PROFILE_PATH: facts });
    alice = await harness.tokenFor("alice");
  });
  afterAll(async () => {
    await harness?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lists the profiles with their GPU facts, GPU_PROFILE_PATH's price, and the cluster's live capacity", async () => {
    const { body } = await call("GET", "/api/v1/resource-profiles", { token: alice });
    const l4 = body.items.find((profile: { name: string }) => profile.name === "nvidia-gpu-l4");
    expect(l4).toMatchObject({
      accelerator: "NVIDIA L4",
      acceleratorMemoryGiB: 24,
      hourlyPrice: 0.71,
      gpusPerNode: 4,
      capacity: {
        resource: "nvidia.com/gpu",
        total: 4,
        free: 4,
        largestFreeOnOneNode: 4,
        nodes: [{ node: "gpu-l4-node-1", allocatable: 4 }],
      },
    });
    const h100 = body.items.find((profile: { name: string }) => profile.name === "nvidia-gpu-h100");
    expect(h100).toMatchObject({ gpusPerNode: 8, hourlyPrice: null, capacity: { total: 8, free: 8 } });
    expect(body.items.find((profile: { name: string }) => profile.name === "cpu").capacity.resource).toBeNull();
  });

  it("says an 8B model in bf16 is tight on one L4 and fits one H100, and where each would run", async () => {
    const body = await fitsFor(llama8b);
    expect(body.model.parameters).toBeGreaterThan(7.9e9);
    expect(body.model.parameters).toBeLessThan(8.1e9);
    expect(body.engines.vllm.status).toBe("supported");
    expect(fitOf(body, "nvidia-gpu-l4")).toMatchObject({ verdict: "tight", gpuCount: 1, placement: { fits: true, node: "gpu-l4-node-1" } });
    expect(fitOf(body, "nvidia-gpu-h100")).toMatchObject({
      verdict: "fits",
      gpuCount: 1,
      placement: { fits: true, node: "gpu-h100-node-1" },
    });
    const l4 = fitOf(body, "nvidia-gpu-l4") as Fit & { vllmArgs: string[] };
    expect(l4.vllmArgs.find((arg) => arg.startsWith("--max-model-len="))).toBeDefined();
    expect(Number(l4.vllmArgs.find((arg) => arg.startsWith("--max-model-len="))!.split("=")[1])).toBeLessThan(131072);
  });

  it("says a 70B model does not fit the sandbox's four L4s but fits its H100 node", async () => {
    const body = await fitsFor(llama70b, { contextLength: 8192 });
    expect(fitOf(body, "nvidia-gpu-l4")).toMatchObject({ verdict: "does-not-fit", placement: null });
    const h100 = fitOf(body, "nvidia-gpu-h100");
    expect(h100.gpuCount).toBeGreaterThanOrEqual(2);
    expect(h100.placement).toEqual({ fits: true, node: "gpu-h100-node-1" });
  });

  it("says why nowhere once the L4s are taken", async () => {
    const model = {
      name: "all-l4s",
      namespace: "tenant-a",
      url: "hf://a/b",
      engine: "VLLM",
      features: ["TextGeneration"],
      resourceProfile: "nvidia-gpu-l4:4",
      replicas: 1,
    };
    expect((await call("POST", "/api/v1/deployments", { token: alice, body: model })).status).toBe(201);
    await expect
      .poll(async () => fitOf(await fitsFor(llama8b, { profile: "nvidia-gpu-l4" }), "nvidia-gpu-l4").placement, { timeout: 10_000 })
      .toMatchObject({ fits: false, reason: expect.stringContaining("gpu-l4-node-1 has 0 nvidia.com/gpu free") });
  });

  it("sizes a preset by its parameter count when there is no config.json", async () => {
    const presets = (await call("GET", "/api/v1/presets?search=llama-3.1-8b", { token: alice })).body.items as {
      id: string;
      parameters: number;
    }[];
    const preset = presets.find((candidate) => candidate.parameters === 8e9)!;
    const body = await fitsFor(undefined, { preset: preset.id, profile: "nvidia-gpu-h100" });
    expect(body.model).toMatchObject({ parameters: 8e9, parametersEstimated: true, missing: ["config.json"] });
    expect(fitOf(body, "nvidia-gpu-h100")).toMatchObject({
      verdict: "fits",
      gpuCount: 1,
      placement: { fits: true, node: "gpu-h100-node-1" },
    });
    const whisper = (await call("GET", "/api/v1/presets?category=audio", { token: alice })).body.items[0];
    const unsized = await call("POST", "/api/v1/compatibility", { token: alice, body: { preset: whisper.id } });
    expect(unsized.status).toBe(422);
    expect(unsized.body.details.fields[0].field).toBe("config");
    expect((await call("POST", "/api/v1/compatibility", { token: alice, body: { preset: "no-such-preset" } })).status).toBe(404);
  });

  it("gives a profile's flags and notes, and 404 for a profile the cluster does not know", async () => {
    const t4 = await call("GET", "/api/v1/recommendations/nvidia-gpu-t4", { token: alice });
    expect(t4.status).toBe(200);
    expect(t4.body.args.join(" ")).toMatch(/--dtype=(half|float16)/);
    expect(t4.body.clusterCapacity).toMatchObject({ total: 0, free: 0 });
    expect((await call("GET", "/api/v1/recommendations/no-such-gpu", { token: alice })).status).toBe(404);
    expect((await call("GET", "/api/v1/recommendations/nvidia-gpu-t4")).status).toBe(401);
  });

  it("refuses bad requests naming the field", async () => {
    for (const [body, field] of [
      [{}, "config"],
      [{ config: llama8b, contextLength: 10 }, "contextLength"],
      [{ config: llama8b, concurrency: 0 }, "concurrency"],
      [{ config: llama8b, kvCacheDtype: "int3" }, "kvCacheDtype"],
      [{ config: llama8b, gpu: "l4" }, "gpu"],
    ] as const) {
      const response = await call("POST", "/api/v1/compatibility", { token: alice, body });
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(fieldsOf(response.body)).toContain(field);
    }
    expect((await call("POST", "/api/v1/compatibility", { token: alice, body: { config: llama8b, profile: "nope" } })).status).toBe(404);
  });
});
