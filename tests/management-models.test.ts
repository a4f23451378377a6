// The inference-in-a-box Management Service's /api/models, with the request bodies its document shows sent verbatim
// and the response fields it documents checked; the same services as /api/v1, so the model is a deployment there too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, startHarness, type Harness } from "./harness";
import { call } from "./http";

// ../shared/seeds/004_80dc44b69ad07b0c.txt, "POST /api/models" and "PUT /api/models/{name}", byte for byte.
const SEED_CREATE = `{
"name": "my-model",
"framework": "sklearn",
"storageUri": "s3://my-bucket/model",
"minReplicas": 1,
"maxReplicas": 10,
"scaleTarget": 80,
"scaleMetric": "concurrency",
"namespace": "tenant-a"
}`;
const SEED_UPDATE = `{
"minReplicas": 2,
"maxReplicas": 20,
"scaleTarget": 70
}`;

const JSON_HEADERS = { "content-type": "application/json" };

describe("the Management Service's /api/models", () => {
  let harness: Harness;
  let alice: string;
  let bob: string;
  let victor: string;

  beforeAll(async () => {
    harness = await startHarness("pglite");
    [alice, bob, victor] = await Promise.all([harness.tokenFor("alice"), harness.tokenFor("bob"), harness.tokenFor("victor")]);
  });
  afterAll(async () => harness?.stop());

  it("creates a model from the documented body and answers with the documented fields", async () => {
    const created = await call("POST", "/api/models", { token: alice, headers: JSON_HEADERS, rawBody: SEED_CREATE });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({
      message: "Model created successfully",
      name: "my-model",
      namespace: "tenant-a",
      config: {
        framework: "sklearn",
        storageUri: "s3://my-bucket/model",
        minReplicas: 1,
        maxReplicas: 10,
        scaleTarget: 80,
        scaleMetric: "concurrency",
      },
    });
    // The same deployment under /api/v1, as an InferenceService owned by the caller.
    const v1 = await call("GET", "/api/v1/deployments/tenant-a/my-model", { token: alice });
    expect(v1.body).toMatchObject({ backend: "kserve", owner: "alice@modelport.local", modelFormat: { name: "sklearn" } });
  });

  it("lists and reads it with status, ready, predict URL, predictor and statusDetails", async () => {
    await expect
      .poll(async () => (await call("GET", "/api/models/my-model", { token: alice })).body.status, { timeout: 15_000 })
      .toBe("Ready");
    const model = (await call("GET", "/api/models/my-model", { token: alice })).body;
    expect(model).toMatchObject({
      name: "my-model",
      namespace: "tenant-a",
      status: "Ready",
      ready: true,
      predictor: { framework: "sklearn", storageUri: "s3://my-bucket/model" },
      statusDetails: { ready: true, phase: "Ready", replicas: { desired: 1, ready: 1, total: 1 } },
    });
    expect(model.url).toMatch(/^http:\/\/my-model(-predictor)?\.tenant-a\.svc\.cluster\.local\/v1\/models\/my-model:predict$/);
    expect(Date.parse(model.createdAt)).not.toBeNaN();
    expect(model.statusDetails.conditions).toContainEqual(expect.objectContaining({ type: "Ready", status: "True" }));

    const list = await call("GET", "/api/models", { token: alice });
    expect(list.status).toBe(200);
    expect(list.body.models.map((m: { name: string }) => m.name)).toContain("my-model");
    // The seed's admin script lists every tenant's models with the admin's token.
    const all = await call("GET", "/api/models", { token: ADMIN_TOKEN });
    expect(all.body.models).toContainEqual(expect.objectContaining({ name: "my-model", namespace: "tenant-a" }));
  });

  it("updates only the fields the documented PUT names", async () => {
    const updated = await call("PUT", "/api/models/my-model", { token: alice, headers: JSON_HEADERS, rawBody: SEED_UPDATE });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({
      message: "Model updated successfully",
      config: {
        framework: "sklearn",
        storageUri: "s3://my-bucket/model",
        minReplicas: 2,
        maxReplicas: 20,
        scaleTarget: 70,
        scaleMetric: "concurrency",
      },
    });
    const spec = (await call("GET", "/api/v1/deployments/tenant-a/my-model", { token: alice })).body.object.spec.predictor;
    expect(spec).toMatchObject({ minReplicas: 2, maxReplicas: 20, scaleTarget: 70, scaleMetric: "concurrency" });
  });

  it("takes the namespace from ?namespace= or the only tenant, and names the choices when there are several", async () => {
    const ambiguous = await call("GET", "/api/models/my-model", { token: ADMIN_TOKEN });
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.error).toBe("Invalid request format");
    expect(ambiguous.body.details).toMatch(/tenant-a, tenant-b/);
    expect((await call("GET", "/api/models/my-model?namespace=tenant-a", { token: ADMIN_TOKEN })).body.name).toBe("my-model");
  });

  it("keeps tenants apart in the Management Service's error shape", async () => {
    for (const [method, url] of [
      ["GET", "/api/models/my-model?namespace=tenant-a"],
      ["DELETE", "/api/models/my-model?namespace=tenant-a"],
      ["GET", "/api/models/my-model"],
    ] as const) {
      const response = await call(method, url, { token: bob });
      expect(response.status, `${method} ${url}`).toBe(404);
      expect(typeof response.body.error).toBe("string");
    }
    const put = await call("PUT", "/api/models/my-model?namespace=tenant-a", { token: bob, headers: JSON_HEADERS, rawBody: SEED_UPDATE });
    expect(put.status).toBe(404);
    expect((await call("GET", "/api/models", { token: bob })).body.models.map((m: { name: string }) => m.name)).not.toContain("my-model");
    expect((await call("POST", "/api/models", { token: bob, headers: JSON_HEADERS, rawBody: SEED_CREATE })).status).toBe(404);

    const viewer = await call("PUT", "/api/models/my-model", { token: victor, headers: JSON_HEADERS, rawBody: SEED_UPDATE });
    expect(viewer.status).toBe(403);
    expect(viewer.body).toEqual({ error: expect.any(String) });
    const anonymous = await call("GET", "/api/models");
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual({ error: expect.any(String) });
  });

  it("refuses bad input with 400 naming the field, and creates nothing", async () => {
    const cases: [unknown, string][] = [
      [{ framework: "sklearn", storageUri: "s3://b/m" }, "name"],
      [{ name: "bad", framework: "caffe", storageUri: "s3://b/m" }, "framework"],
      [{ name: "bad", framework: "sklearn", storageUri: "ftp://b/m" }, "storageUri"],
      [{ name: "Bad_Name", framework: "sklearn", storageUri: "s3://b/m" }, "name"],
      [{ name: "bad", framework: "sklearn", storageUri: "s3://b/m", minReplicas: 5, maxReplicas: 2 }, "maxReplicas"],
      [{ name: "bad", framework: "sklearn", storageUri: "s3://b/m", replicas: 2 }, "replicas"],
    ];
    for (const [body, field] of cases) {
      const response = await call("POST", "/api/models", { token: alice, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error).toBe("Invalid request format");
      expect(response.body.details, JSON.stringify(body)).toContain(`'${field}'`);
    }
    const malformed = await call("POST", "/api/models", { token: alice, headers: JSON_HEADERS, rawBody: "{not json" });
    expect(malformed.status).toBe(400);
    expect((await call("GET", "/api/models/bad", { token: alice })).status).toBe(404);
  });

  it("does not treat a KubeAI Model as one of its models", async () => {
    const body = { namespace: "tenant-a", name: "llm", url: "hf://a/b", engine: "VLLM", features: ["TextGeneration"] };
    expect((await call("POST", "/api/v1/deployments", { token: alice, body })).status).toBe(201);
    expect((await call("GET", "/api/models/llm", { token: alice })).status).toBe(404);
    expect((await call("GET", "/api/models", { token: alice })).body.models.map((m: { name: string }) => m.name)).not.toContain("llm");
  });

  it("deletes it with the documented answer", async () => {
    const deleted = await call("DELETE", "/api/models/my-model", { token: alice });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ message: "Model deleted successfully" });
    expect((await call("GET", "/api/models/my-model", { token: alice })).status).toBe(404);
  });
});
