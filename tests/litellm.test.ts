// The proxy layer teams already run: with LITELLM_PROXY_URL and LITELLM_MASTER_KEY, a deployment that serves OpenAI's
// API is registered in LiteLLM with its proxy settings and upstream, updated with it and removed with it (also through
// the Model Installer's /register_model); a failure there comes back as a warning and keeps the Kubernetes object.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";
import { call } from "./http";
import { startLiteLLMStandIn, type LiteLLMStandIn } from "./stand-ins/litellm";

const MASTER_KEY = "sk-litellm-master-0123456789";
const chat = {
  namespace: "tenant-a",
  url: "hf://Qwen/Qwen2-0.5B-Instruct",
  engine: "VLLM",
  features: ["TextGeneration"],
  resourceProfile: "cpu:1",
  proxy: { timeout: 30, stream_timeout: 60, max_retries: 2, model_mode: "chat", max_input_tokens: 4096, max_output_tokens: 512 },
};

describe("a LiteLLM proxy kept in step with deployments", () => {
  let proxy: LiteLLMStandIn;
  let harness: Harness;
  let alice: string;

  beforeAll(async () => {
    proxy = await startLiteLLMStandIn(MASTER_KEY);
    harness = await startHarness("pglite", { LITELLM_PROXY_URL: proxy.url, LITELLM_MASTER_KEY: MASTER_KEY });
    alice = await harness.tokenFor("alice");
  });
  afterAll(async () => {
    await harness?.stop();
    await proxy?.close();
  });

  it("registers a new deployment with its settings and upstream, updates it with it, and removes it with it", async () => {
    const created = await call("POST", "/api/v1/deployments", { token: alice, body: { ...chat, name: "synced" } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.warnings).toEqual([]);
    expect(proxy.models.get("modelport:tenant-a:synced")).toEqual({
      model_name: "tenant-a/synced",
      litellm_params: {
        model: "openai/synced",
        api_base: "http://kubeai.kubeai.svc.cluster.local/openai/v1",
        api_key: "none",
        timeout: 30,
        stream_timeout: 60,
        max_retries: 2,
      },
      model_info: { id: "modelport:tenant-a:synced", mode: "chat", max_input_tokens: 4096, max_output_tokens: 512 },
    });

    const patched = await call("PATCH", "/api/v1/deployments/tenant-a/synced", {
      token: alice,
      body: { proxy: { ...chat.proxy, timeout: 90 } },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(proxy.models.get("modelport:tenant-a:synced")?.litellm_params.timeout).toBe(90);
    expect(proxy.calls).toContain("POST /model/update");

    expect((await call("DELETE", "/api/v1/deployments/tenant-a/synced", { token: alice })).status).toBeLessThan(300);
    expect(proxy.models.has("modelport:tenant-a:synced")).toBe(false);
  });

  it("registers what /register_model deploys, and leaves traditional models out", async () => {
    const registered = await call("POST", "/register_model", {
      token: alice,
      body: {
        name: "installer-chat",
        namespace: "tenant-a",
        engine: "VLLM",
        url: "hf://Qwen/Qwen2-0.5B-Instruct",
        features: ["TextGeneration"],
        resourceProfile: "cpu:1",
      },
    });
    expect(registered.status, JSON.stringify(registered.body)).toBeLessThan(300);
    expect(proxy.models.has("modelport:tenant-a:installer-chat")).toBe(true);
    const iris = await call("POST", "/api/v1/deployments", {
      token: alice,
      body: {
        backend: "kserve",
        namespace: "tenant-a",
        name: "iris",
        modelFormat: { name: "sklearn" },
        storageUri: "gs://kfserving-examples/models/sklearn/1.0/model",
      },
    });
    expect(iris.status).toBe(201);
    expect(proxy.models.has("modelport:tenant-a:iris")).toBe(false);
  });

  it("keeps the deployment when LiteLLM fails, and says so", async () => {
    proxy.failWith = 500;
    try {
      const created = await call("POST", "/api/v1/deployments", { token: alice, body: { ...chat, name: "unsynced" } });
      expect(created.status).toBe(201);
      expect(created.body.warnings).toEqual([
        expect.stringMatching(/^LiteLLM: the model was not registered \(the LiteLLM proxy answered 500/),
      ]);
      expect(JSON.stringify(created.body)).not.toContain(MASTER_KEY);
      // The failure stays on the deployment, and in the audit log, until a sync succeeds.
      const detail = await call("GET", "/api/v1/deployments/tenant-a/unsynced", { token: alice });
      expect(detail.status).toBe(200);
      expect(detail.body.litellm).toMatchObject({ step: "register", state: "failed", error: expect.stringMatching(/answered 500/) });
      const audit = await call("GET", "/api/v1/audit?tenant=tenant-a", { token: await harness.tokenFor("admin") });
      expect(audit.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ action: "deployment.litellm.register", resourceName: "unsynced", outcome: "failed" }),
        ]),
      );
    } finally {
      proxy.failWith = undefined;
    }
    // The next change registers it after all.
    const patched = await call("PATCH", "/api/v1/deployments/tenant-a/unsynced", {
      token: alice,
      body: { proxy: { ...chat.proxy, timeout: 45 } },
    });
    expect(patched.body.warnings).toEqual([]);
    expect(proxy.models.get("modelport:tenant-a:unsynced")?.litellm_params.timeout).toBe(45);
    const detail = await call("GET", "/api/v1/deployments/tenant-a/unsynced", { token: alice });
    expect(detail.body.litellm).toMatchObject({ step: "update", state: "synced", error: null });
  });
});
