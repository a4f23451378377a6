// Sizing a model named by its Hub URL: config.json and the parameter counts read through @huggingface/hub from a
// stand-in that answers the Hub's API (HF_ENDPOINT), gated models with and without a token, unknown ones.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";
import { call } from "./http";
import { startHubStandIn, type HubStandIn } from "./stand-ins/hugging-face-hub";

const fixture = (name: string) => fs.readFileSync(path.join("lib/sizing/fixtures", name), "utf8");

describe("sizing a model from the Hub", () => {
  let hub: HubStandIn;
  let harness: Harness;
  let alice: string;

  const compatibility = (url: string) => call("POST", "/api/v1/compatibility", { token: alice, body: { url, profile: "nvidia-gpu-l4" } });

  beforeAll(async () => {
    const llama = { "config.json": fixture("llama-3.1-8b-instruct.config.json") };
    hub = await startHubStandIn(
      [
        {
          id: "meta-llama/Llama-3.1-8B-Instruct",
          files: llama,
          safetensors: JSON.parse(fixture("llama-3.1-8b-instruct.safetensors.json")),
        },
        { id: "acme/gated-llama", files: llama, gated: "manual" },
        { id: "acme/no-config", files: { "README.md": "# nothing" } },
      ],
      ["hf_good_token"],
    );
    harness = await startHarness("pglite", { HF_ENDPOINT: hub.url, HUGGINGFACE_API_TOKEN: "hf_wrong_token" });
    alice = await harness.tokenFor("alice");
  });
  afterAll(async () => {
    await harness?.stop();
    await hub?.close();
  });

  it("reads config.json and the safetensors counts, and answers as for a config sent by hand", async () => {
    const response = await compatibility("hf://meta-llama/Llama-3.1-8B-Instruct");
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.model).toMatchObject({ architectures: ["LlamaForCausalLM"], parameters: 8030261248, parametersEstimated: false });
    expect(response.body.profiles[0]).toMatchObject({ profile: "nvidia-gpu-l4", verdict: "tight", gpuCount: 1 });
    expect(hub.requests).toContain("GET /api/models/meta-llama/Llama-3.1-8B-Instruct/revision/main");
    expect(hub.requests).toContain("GET /meta-llama/Llama-3.1-8B-Instruct/resolve/main/config.json");
  });

  it("says how to get access to a gated model, and names an unknown one", async () => {
    const gated = await compatibility("hf://acme/gated-llama");
    expect(gated.status).toBe(403);
    expect(gated.body.error).toMatch(/gated or private on the Hub.*HUGGINGFACE_API_TOKEN/);
    const unknown = await compatibility("hf://acme/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe("acme/nothing-here not found on the Hub");
    expect((await compatibility("hf://acme/no-config")).status).toBe(404);
    const wrongRevision = await compatibility("hf://meta-llama/Llama-3.1-8B-Instruct@no-such-branch");
    expect(wrongRevision.status).toBe(404);
    const notHub = await compatibility("s3://bucket/model");
    expect(notHub.status).toBe(422);
    expect(notHub.body.details.fields[0].field).toBe("url");
  });
});

describe("sizing a gated model with a token that may read it", () => {
  it("passes HUGGINGFACE_API_TOKEN to the Hub", async () => {
    const hub = await startHubStandIn(
      [{ id: "acme/gated-llama", files: { "config.json": fixture("llama-3.1-8b-instruct.config.json") }, gated: "manual" }],
      ["hf_good_token"],
    );
    const harness = await startHarness("pglite", { HF_ENDPOINT: hub.url, HUGGINGFACE_API_TOKEN: "hf_good_token" });
    try {
      const alice = await harness.tokenFor("alice");
      const response = await call("POST", "/api/v1/compatibility", {
        token: alice,
        body: { url: "hf://acme/gated-llama", profile: "nvidia-gpu-h100" },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.model.parametersEstimated).toBe(true);
      expect(response.body.profiles[0].verdict).toBe("fits");
    } finally {
      await harness.stop();
      await hub.close();
    }
  });
});
