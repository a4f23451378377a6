// The preset catalog over HTTP: KubeAI's catalog seeded in, members reading enabled presets, admins adding,
// changing, disabling and deleting them (audited), deploying what a preset says, and bad input named by field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, startHarness, type Harness } from "./harness";
import { call, fieldsOf } from "./http";

const sklearn = {
  id: "iris-sklearn",
  name: "Iris classifier (scikit-learn)",
  category: "llm",
  description: "The KServe quickstart model",
  tags: ["kserve", "sklearn"],
  deployment: {
    backend: "kserve",
    modelFormat: { name: "sklearn" },
    storageUri: "gs://kfserving-examples/models/sklearn/1.0/model",
    deploymentMode: "RawDeployment",
  },
};

describe("presets", () => {
  let harness: Harness;
  let alice: string;

  beforeAll(async () => {
    harness = await startHarness("pglite");
    alice = await harness.tokenFor("alice");
  });
  afterAll(async () => harness?.stop());

  it("seeds KubeAI's model catalog, which members read by category and search", async () => {
    const all = await call("GET", "/api/v1/presets", { token: alice });
    expect(all.status).toBe(200);
    expect(all.body.items.length).toBeGreaterThanOrEqual(48);
    const llama = all.body.items.find((preset: { id: string }) => preset.id === "llama-3.1-8b-instruct-fp8-l4");
    expect(llama).toMatchObject({
      source: "kubeai-catalog",
      backend: "kubeai",
      engine: "VLLM",
      features: ["TextGeneration"],
      resourceProfile: "nvidia-gpu-l4:1",
      category: "llm",
      enabled: true,
      parameters: 8e9,
    });
    const embeddings = await call("GET", "/api/v1/presets?category=embedding", { token: alice });
    expect(embeddings.body.items.every((preset: { category: string }) => preset.category === "embedding")).toBe(true);
    expect(embeddings.body.items.length).toBeGreaterThan(0);
    const searched = await call("GET", "/api/v1/presets?search=WHISPER", { token: alice });
    expect(searched.body.items.map((preset: { category: string }) => preset.category)).toEqual(["audio"]);
  });

  it("lets an admin add a KServe preset, audited; members cannot", async () => {
    expect((await call("POST", "/api/v1/presets", { token: alice, body: sklearn })).status).toBe(403);
    const created = await call("POST", "/api/v1/presets", { token: ADMIN_TOKEN, body: sklearn });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ id: "iris-sklearn", source: "admin", backend: "kserve", engine: "sklearn", enabled: true });
    expect((await call("POST", "/api/v1/presets", { token: ADMIN_TOKEN, body: sklearn })).status).toBe(409);
    const audit = (await call("GET", "/api/v1/audit", { token: ADMIN_TOKEN })).body.items;
    expect(audit.find((entry: { resourceName: string }) => entry.resourceName === "iris-sklearn")).toMatchObject({
      action: "preset.create",
      resourceKind: "Preset",
      outcome: "succeeded",
    });
  });

  it("deploys what a preset says, given a name and a namespace", async () => {
    const preset = (await call("GET", "/api/v1/presets/iris-sklearn", { token: alice })).body;
    const deployed = await call("POST", "/api/v1/deployments", {
      token: alice,
      body: { ...preset.deployment, name: "iris-from-preset", namespace: "tenant-a" },
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    expect(deployed.body).toMatchObject({ backend: "kserve", storageUri: sklearn.deployment.storageUri });
  });

  it("hides a disabled preset from members, not from admins, and changes only the named fields", async () => {
    const disabled = await call("PATCH", "/api/v1/presets/iris-sklearn", { token: ADMIN_TOKEN, body: { enabled: false, tags: ["demo"] } });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ enabled: false, tags: ["demo"], name: sklearn.name, description: sklearn.description });
    expect((await call("GET", "/api/v1/presets/iris-sklearn", { token: alice })).status).toBe(404);
    const listed = (await call("GET", "/api/v1/presets", { token: alice })).body.items.map((preset: { id: string }) => preset.id);
    expect(listed).not.toContain("iris-sklearn");
    expect((await call("GET", "/api/v1/presets/iris-sklearn", { token: ADMIN_TOKEN })).status).toBe(200);
    expect((await call("PATCH", "/api/v1/presets/iris-sklearn", { token: alice, body: { enabled: true } })).status).toBe(403);
  });

  it("refuses a preset whose deployment would not deploy, naming the field under deployment", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...sklearn, id: "bad-1", deployment: { ...sklearn.deployment, storageUri: "ftp://x/y" } }, "deployment.storageUri"],
      [{ ...sklearn, id: "bad-2", deployment: { url: "hf://a/b", engine: "Nope", features: ["TextGeneration"] } }, "deployment.engine"],
      [{ ...sklearn, id: "bad-3", deployment: { ...sklearn.deployment, name: "fixed" } }, "deployment.name"],
      [{ ...sklearn, id: "Bad Id" }, "id"],
      [{ ...sklearn, id: "bad-4", category: "vision" }, "category"],
    ];
    for (const [body, field] of cases) {
      const response = await call("POST", "/api/v1/presets", { token: ADMIN_TOKEN, body });
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(fieldsOf(response.body), JSON.stringify(response.body)).toContain(field);
    }
    const patched = await call("PATCH", "/api/v1/presets/iris-sklearn", {
      token: ADMIN_TOKEN,
      body: { deployment: { backend: "kserve" } },
    });
    expect(patched.status).toBe(422);
    expect((await call("GET", "/api/v1/presets/iris-sklearn", { token: ADMIN_TOKEN })).body.deployment).toEqual(sklearn.deployment);
  });

  it("deletes presets; a deleted catalog preset is not seeded back, and its id can be used again", async () => {
    expect((await call("DELETE", "/api/v1/presets/opt-125m-cpu", { token: alice })).status).toBe(403);
    expect((await call("DELETE", "/api/v1/presets/opt-125m-cpu", { token: ADMIN_TOKEN })).status).toBe(200);
    expect((await call("GET", "/api/v1/presets/opt-125m-cpu", { token: ADMIN_TOKEN })).status).toBe(404);
    expect((await call("DELETE", "/api/v1/presets/opt-125m-cpu", { token: ADMIN_TOKEN })).status).toBe(404);
    const reused = await call("POST", "/api/v1/presets", { token: ADMIN_TOKEN, body: { ...sklearn, id: "opt-125m-cpu" } });
    expect(reused.status).toBe(201);
    expect(reused.body.source).toBe("admin");
  });
});
