// The Hub pages' API against a stand-in Hub (HF_ENDPOINT): search marked by what vLLM serves, page by page; a model's
// files, config and fit on every profile; a preset drafted from a model (admins only, never stored); gated, unknown
// and rate-limited models, and query values the API refuses.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { presetInputSchema } from "@/lib/schemas/preset";
import { ADMIN_TOKEN, startHarness, type Harness } from "./harness";
import { call, fieldsOf } from "./http";
import { generateModelRepo } from "./stand-ins/hub-repos";
import { startHubStandIn, type HubStandIn, type StandInModel } from "./stand-ins/hugging-face-hub";

const fixture = (name: string) => fs.readFileSync(path.join("lib/sizing/fixtures", name), "utf8");

const CARD = [
  "---",
  "license: apache-2.0",
  "library_name: transformers",
  "---",
  "# Tiny Llama",
  "",
  "![logo](logo.png)",
  "",
  "A **tiny** Llama for tests, trained on [nothing at all](https://example.com).",
  "",
  "## Use",
].join("\n");

const tinyRepo = generateModelRepo({ id: "acme/tiny-llama", layers: 2, hidden: 256, vocab: 1024 });
const tiny: StandInModel = { ...tinyRepo, files: { ...tinyRepo.files, "README.md": CARD }, downloads: 500 };
const TINY_PARAMETERS = (tinyRepo.safetensors as { total: number }).total;
const qwen: StandInModel = {
  ...generateModelRepo({ id: "acme/tiny-qwen", architecture: "Qwen2ForCausalLM", layers: 1, hidden: 128, vocab: 256 }),
  downloads: 300,
};
/** An architecture no vLLM registry lists, written by hand. */
const foo: StandInModel = {
  id: "acme/foo-model",
  downloads: 100,
  files: {
    "config.json": JSON.stringify({
      architectures: ["FooForCausalLM"],
      model_type: "foo",
      hidden_size: 512,
      intermediate_size: 1376,
      num_hidden_layers: 4,
      num_attention_heads: 8,
      num_key_value_heads: 8,
      max_position_embeddings: 2048,
      vocab_size: 32000,
      torch_dtype: "bfloat16",
    }),
  },
};
const gated: StandInModel = {
  ...generateModelRepo({ id: "acme/gated-llama", layers: 1, hidden: 64, vocab: 128, license: "llama3.1" }),
  gated: "manual",
  downloads: 900,
};
const big: StandInModel = {
  id: "acme/big-llama",
  downloads: 50,
  files: { "config.json": fixture("llama-3.1-70b-instruct.config.json") },
  safetensors: JSON.parse(fixture("llama-3.1-70b-instruct.safetensors.json")),
};
const embedder: StandInModel = {
  id: "acme/small-embedder",
  downloads: 700,
  pipelineTag: "feature-extraction",
  files: { "config.json": fixture("bge-small-en-v1.5.config.json") },
};
const noConfig: StandInModel = { id: "acme/no-config", downloads: 1, files: { "README.md": "# nothing" } };

describe("the Hugging Face Hub pages' API", () => {
  let hub: HubStandIn;
  let harness: Harness;
  let alice: string;

  const get = (url: string, token = alice) => call("GET", url, { token });
  const draft = (repo: string, token = ADMIN_TOKEN) => call("POST", `/api/v1/hub/models/${repo}/preset-draft`, { token });

  beforeAll(async () => {
    hub = await startHubStandIn([tiny, qwen, foo, gated, big, embedder, noConfig], ["hf_granted"]);
    harness = await startHarness("pglite", { HF_ENDPOINT: hub.url });
    alice = await harness.tokenFor("alice");
  });
  afterAll(async () => {
    await harness?.stop();
    await hub?.close();
  });

  it("searches page by page, each model marked by whether and how vLLM serves it", async () => {
    const seen: Record<string, { vllm: Record<string, unknown> } & Record<string, unknown>> = {};
    const order: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `search=acme/&sort=downloads&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page = await get(`/api/v1/hub/models?${query}`);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      for (const item of page.body.items) {
        seen[item.id] = item;
        order.push(item.id);
      }
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 5);
    expect(pages).toBe(3);
    expect(order).toEqual([
      "acme/gated-llama",
      "acme/small-embedder",
      "acme/tiny-llama",
      "acme/tiny-qwen",
      "acme/foo-model",
      "acme/big-llama",
      "acme/no-config",
    ]);
    expect(seen["acme/tiny-llama"]).toMatchObject({
      downloads: 500,
      license: "apache-2.0",
      gated: false,
      parameters: TINY_PARAMETERS,
      architectures: ["LlamaForCausalLM"],
      vllm: { supported: true, status: "supported", as: "generate", architecture: "LlamaForCausalLM" },
    });
    expect(seen["acme/small-embedder"].vllm).toMatchObject({ supported: true, as: "embed" });
    expect(seen["acme/foo-model"]).toMatchObject({ parameters: null, vllm: { supported: false, status: "unverified" } });
    expect(seen["acme/foo-model"].vllm.note).toMatch(/FooForCausalLM is not in vLLM's registry/);
    expect(seen["acme/no-config"]).toMatchObject({ architectures: null, vllm: { supported: false } });
    expect(seen["acme/gated-llama"]).toMatchObject({ gated: "manual", license: "llama3.1" });

    const embeddings = await get("/api/v1/hub/models?task=feature-extraction");
    expect(embeddings.body.items.map((item: { id: string }) => item.id)).toEqual(["acme/small-embedder"]);
    expect(
      hub.received.some((request) => request.path === "/api/models" && request.query.includes("pipeline_tag=feature-extraction")),
    ).toBe(true);
  });

  it("shows a model's files and sizes, its config and its fit on every resource profile", async () => {
    const response = await get("/api/v1/hub/models/acme/tiny-llama");
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const model = response.body;
    const weights = await hub.facts("acme/tiny-llama", "model.safetensors");
    expect(model.files).toContainEqual({ path: "model.safetensors", bytes: weights.size });
    expect(model.bytesTotal).toBe(model.files.reduce((sum: number, file: { bytes: number }) => sum + file.bytes, 0));
    expect(model).toMatchObject({
      revision: "main",
      license: "apache-2.0",
      gated: false,
      parameters: TINY_PARAMETERS,
      parametersEstimated: false,
      vllm: { supported: true, as: "generate" },
      fitUnavailable: null,
      config: {
        source: "config.json",
        architectures: ["LlamaForCausalLM"],
        modelType: "llama",
        layers: 2,
        hiddenSize: 256,
        attentionHeads: 4,
        kvHeads: 4,
        contextLength: 4096,
        dtype: "bfloat16",
        quantization: null,
      },
    });
    const profiles = (await get("/api/v1/resource-profiles")).body.items.map((profile: { name: string }) => profile.name);
    expect(model.fit.profiles.map((fit: { profile: string }) => fit.profile)).toEqual(profiles);
    expect(model.fit.profiles.find((fit: { profile: string }) => fit.profile === "nvidia-gpu-l4")).toMatchObject({
      verdict: "fits",
      gpuCount: 1,
      resourceProfile: "nvidia-gpu-l4:1",
    });

    const foo = (await get("/api/v1/hub/models/acme/foo-model")).body;
    expect(foo).toMatchObject({ vllm: { supported: false, status: "unverified" }, parametersEstimated: true });
    expect(foo.parameters).toBeGreaterThan(0);
  });

  it("drafts a preset from a model without storing it: vLLM, text generation, the smallest profile the cluster has", async () => {
    const before = (await get("/api/v1/presets", ADMIN_TOKEN)).body.items.map((preset: { id: string }) => preset.id);
    const response = await draft("acme/tiny-llama");
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const parsed = presetInputSchema.safeParse(response.body.preset);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    const preset = response.body.preset;
    expect(preset).toMatchObject({
      id: "tiny-llama-l4",
      category: "llm",
      enabled: true,
      parameters: TINY_PARAMETERS,
      tokenLimits: { contextLength: 4096 },
      deployment: { engine: "VLLM", url: "hf://acme/tiny-llama", features: ["TextGeneration"], resourceProfile: "nvidia-gpu-l4:1" },
    });
    expect(preset.deployment.args).toContain("--max-model-len=4096");
    expect(preset.description).toMatch(/^A tiny Llama for tests, trained on nothing at all\. VLLM serving hf:\/\/acme\/tiny-llama/);
    expect(response.body.notes.join("\n")).toMatch(/nvidia-gpu-l4:1 \(fits\)/);
    const after = (await get("/api/v1/presets", ADMIN_TOKEN)).body.items.map((preset: { id: string }) => preset.id);
    expect(after).toEqual(before);

    // What the admin saves after review is accepted by the preset API as it is.
    const saved = await call("POST", "/api/v1/presets", { token: ADMIN_TOKEN, body: preset });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body).toMatchObject({ engine: "VLLM", resourceProfile: "nvidia-gpu-l4:1", source: "admin" });
    await call("DELETE", `/api/v1/presets/${preset.id}`, { token: ADMIN_TOKEN });
  });

  it("sizes a large model onto several GPUs of one node, with tensor parallelism", async () => {
    const response = await draft("acme/big-llama");
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const { deployment, parameters, tokenLimits } = response.body.preset;
    expect(parameters).toBe(70553706496);
    // The sandbox's L4 nodes have 4 GPUs (96 GiB), too few for 141 GB of weights; two H100s hold them and a shorter context.
    expect(deployment.resourceProfile).toBe("nvidia-gpu-h100:2");
    expect(deployment.args).toContain("--tensor-parallel-size=2");
    expect(tokenLimits.contextLength).toBeLessThan(131072);
    expect(deployment.args).toContain(`--max-model-len=${tokenLimits.contextLength}`);
    expect(response.body.notes.join("\n")).toMatch(/nvidia-gpu-h100:2 \(tight\)/);
    expect(presetInputSchema.safeParse(response.body.preset).success).toBe(true);
  });

  it("drafts embedding models as embeddings, and leaves an unlisted architecture disabled with a note", async () => {
    const embedding = await draft("acme/small-embedder");
    expect(embedding.status, JSON.stringify(embedding.body)).toBe(200);
    expect(embedding.body.preset).toMatchObject({
      category: "embedding",
      deployment: { engine: "VLLM", features: ["TextEmbedding"] },
    });
    const unlisted = await draft("acme/foo-model");
    expect(unlisted.status, JSON.stringify(unlisted.body)).toBe(200);
    expect(unlisted.body.preset).toMatchObject({ enabled: false, deployment: { engine: "VLLM", features: ["TextGeneration"] } });
    expect(unlisted.body.notes.join("\n")).toMatch(/vLLM, unverified: FooForCausalLM is not in vLLM's registry/);
    expect(presetInputSchema.safeParse(unlisted.body.preset).success).toBe(true);
  });

  it("lets only admins draft presets", async () => {
    const member = await draft("acme/tiny-llama", alice);
    expect(member.status).toBe(403);
    expect(member.body.error).toBe("Only administrators may do this");
  });

  it("shows a gated model's files without a fit, says how to get access, and names unknown models", async () => {
    const gatedModel = await get("/api/v1/hub/models/acme/gated-llama");
    expect(gatedModel.status, JSON.stringify(gatedModel.body)).toBe(200);
    expect(gatedModel.body).toMatchObject({
      gated: "manual",
      fit: null,
      config: { source: "hub-summary", architectures: ["LlamaForCausalLM"], layers: null },
      vllm: { supported: true },
    });
    expect(gatedModel.body.files.map((file: { path: string }) => file.path)).toContain("config.json");
    expect(gatedModel.body.fitUnavailable).toMatch(/gated or private on the Hub.*HUGGINGFACE_API_TOKEN/);
    const gatedDraft = await draft("acme/gated-llama");
    expect(gatedDraft.status).toBe(403);
    expect(gatedDraft.body.error).toMatch(/acme\/gated-llama\/config\.json is gated or private on the Hub/);

    const unknown = await get("/api/v1/hub/models/acme/nothing-here");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe("acme/nothing-here not found on the Hub");
    expect((await get("/api/v1/hub/models/acme/tiny-llama?revision=no-such-branch")).status).toBe(404);
    expect((await draft("acme/nothing-here")).status).toBe(404);

    const withoutConfig = await get("/api/v1/hub/models/acme/no-config");
    expect(withoutConfig.status).toBe(200);
    expect(withoutConfig.body.fitUnavailable).toMatch(/config\.json not found on the Hub/);
    const draftWithoutConfig = await draft("acme/no-config");
    expect(draftWithoutConfig.status).toBe(404);
    expect(draftWithoutConfig.body.error).toBe("acme/no-config/config.json not found on the Hub");
  });

  it("passes the Hub's rate limit on with when to try again", async () => {
    hub.throttle("/api/models", 1, 5);
    const limited = await get("/api/v1/hub/models?search=tiny");
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe("The Hub is rate limiting requests for the model search: try again in 5 s");
    expect((await get("/api/v1/hub/models?search=tiny")).status).toBe(200);
  });

  it.each([
    ["sort=best", "sort"],
    ["limit=0", "limit"],
    ["limit=many", "limit"],
    ["task=Text%20Generation", "task"],
    ["search=a%0Ab", "search"],
  ])("refuses the query %s, naming %s", async (query, field) => {
    const response = await get(`/api/v1/hub/models?${query}`);
    expect(response.status).toBe(422);
    expect(fieldsOf(response.body)).toEqual([field]);
  });

  it("refuses a revision that cannot name one, and asks for a sign-in", async () => {
    const response = await get("/api/v1/hub/models/acme/tiny-llama?revision=a%20b");
    expect(response.status).toBe(422);
    expect(fieldsOf(response.body)).toEqual(["revision"]);
    expect((await call("GET", "/api/v1/hub/models")).status).toBe(401);
  });
});
