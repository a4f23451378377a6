// Publishing end to end: the /api/v1 routes and the inference-in-a-box ones (the requests its InferenceClient and
// ModelClient classes make), API keys through the gateway's fast path (shown once, rotated with a grace period and an
// Idempotency-Key, revoked and expired at once), tenancy, and bad input.
import http from "node:http";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "@/db";
import { apiKeys } from "@/db/schema";
import { chatModel, createDeployments, iris, startGatewayServer, waitReady, type GatewayServer } from "./gateway-support";
import { ADMIN_TOKEN, databaseTargets, startHarness, type Harness } from "./harness";
import { call, fieldsOf } from "./http";

const CHAT = "/api/v1/deployments/tenant-a/chat-a/publish";

describe.each(databaseTargets())("publishing (%s)", (target) => {
  let harness: Harness;
  let server: GatewayServer;
  let gatewayUrl: string;
  let alice: string;
  let bob: string;
  let victor: string;
  let firstKey: string;

  /** What a client of the published model sends: OpenAI's chat body with the key in X-API-Key (or as a bearer token). */
  const chat = (key: string, model = "chat-a", how: "x-api-key" | "bearer" = "x-api-key") =>
    fetch(`${gatewayUrl}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(how === "x-api-key" ? { "x-api-key": key } : { authorization: `Bearer ${key}` }) },
      body: JSON.stringify({ model, messages: [{ role: "user", content: "Hello!" }] }),
    });

  beforeAll(async () => {
    harness = await startHarness(target);
    [alice, bob, victor] = await Promise.all([harness.tokenFor("alice"), harness.tokenFor("bob"), harness.tokenFor("victor")]);
    server = await startGatewayServer();
    gatewayUrl = server.url;
    await createDeployments(alice, { ...chatModel, name: "chat-a" }, { ...chatModel, name: "chat-two" }, { ...iris, name: "my-model" });
    await createDeployments(bob, { ...chatModel, namespace: "tenant-b", name: "chat-b" });
    await Promise.all([
      waitReady(alice, "tenant-a", "chat-a"),
      waitReady(alice, "tenant-a", "my-model"),
      waitReady(bob, "tenant-b", "chat-b"),
    ]);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await harness?.stop();
  });

  it("publishes a deployment with a key shown once, limits filled in and documentation for that model", async () => {
    const published = await call("POST", CHAT, {
      token: alice,
      body: { rateLimiting: { requestsPerMinute: 50 }, metadata: { description: "chat" } },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const body = published.body;
    firstKey = body.apiKey;
    expect(firstKey).toMatch(/^mp_pk_[A-Za-z0-9_-]{43}$/);
    expect(body).toMatchObject({
      modelName: "chat-a",
      namespace: "tenant-a",
      tenantId: "tenant-a",
      modelType: "openai",
      externalPath: "/v1/models/chat-a",
      status: "active",
      rateLimiting: { requestsPerMinute: 50, requestsPerHour: 5000, tokensPerHour: 100000, burstLimit: 10 },
      authentication: { requireApiKey: true, allowedTenants: ["tenant-a"] },
      metadata: { description: "chat" },
      usage: { totalRequests: 0, requestsToday: 0, tokensUsed: 0 },
    });
    expect(body.externalUrl).toBe(`http://${body.publicHostname}/v1/models/chat-a`);
    expect(body.documentation.authHeaders).toEqual({ "X-API-Key": firstKey });
    expect(body.documentation.exampleRequests[0]).toMatchObject({ method: "POST", url: expect.stringMatching(/\/v1\/chat\/completions$/) });
    expect(JSON.parse(body.documentation.exampleRequests[0].body)).toMatchObject({ model: "chat-a" });
    for (const snippet of Object.values(body.documentation.sdkExamples) as string[]) expect(snippet).toContain(firstKey);

    // Afterwards the key is only ever shown by its prefix and last four characters.
    const read = await call("GET", CHAT, { token: victor });
    expect(read.status).toBe(200);
    expect(read.body.apiKey).toBe(`${firstKey.slice(0, 10)}…${firstKey.slice(-4)}`);
    expect(JSON.stringify(read.body)).not.toContain(firstKey);
    const again = await call("POST", CHAT, { token: alice, body: {} });
    expect(again.status).toBe(409);
  });

  it("lists published OpenAI-type models for anyone in OpenRouter's format", async () => {
    const listed = await call("GET", "/public/api/models");
    expect(listed.status).toBe(200);
    expect(listed.body.total_count).toBe(listed.body.data.length);
    const chatA = listed.body.data.find((model: { id: string }) => model.id === "tenant-a/chat-a");
    expect(chatA).toMatchObject({
      canonical_slug: "tenant-a/chat-a",
      description: "chat",
      architecture: { modality: "text->text", input_modalities: ["text"], output_modalities: ["text"] },
      pricing: { prompt: "0", completion: "0" },
      top_provider: { is_moderated: false },
    });
    expect(typeof chatA.created).toBe("number");
    expect(JSON.stringify(listed.body)).not.toContain("mp_pk_");
  });

  it("lets the key call its model through the gateway, in X-API-Key or as a bearer token, and nothing else", async () => {
    expect((await chat(firstKey)).status).toBe(200);
    expect((await chat(firstKey, "tenant-a/chat-a", "bearer")).status).toBe(200);
    for (const model of ["chat-two", "tenant-b/chat-b", "chat-b"]) {
      const other = await chat(firstKey, model);
      expect(other.status, model).toBe(404);
      expect((await other.json()).error.code).toBe("model_not_found");
    }
    const models = await fetch(`${gatewayUrl}/v1/models`, { headers: { "x-api-key": firstKey } });
    expect((await models.json()).data.map((model: { id: string }) => model.id)).toEqual(["chat-a"]);
    const wrong = await chat(`${firstKey.slice(0, -1)}x`);
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error).toMatchObject({ type: "authentication_error", code: "invalid_api_key" });
  });

  it("keeps another tenant out of every publishing route, and a viewer out of changes", async () => {
    for (const [method, path] of [
      ["GET", CHAT],
      ["PUT", CHAT],
      ["DELETE", CHAT],
      ["POST", `${CHAT}/rotate-key`],
      ["GET", `${CHAT}/keys`],
    ] as const) {
      const response = await call(method, path, { token: bob, body: method === "PUT" || method === "POST" ? {} : undefined });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    expect((await call("POST", "/api/v1/deployments/tenant-a/chat-two/publish", { token: bob, body: {} })).status).toBe(404);
    expect((await call("PUT", CHAT, { token: victor, body: {} })).status).toBe(403);
    const listed = await call("GET", "/api/v1/published-models", { token: bob });
    expect(listed.body).toEqual({ publishedModels: [], total: 0 });
    const forAdmin = await call("GET", "/api/v1/published-models", { token: ADMIN_TOKEN });
    expect(forAdmin.body.publishedModels.map((model: { modelName: string }) => model.modelName)).toContain("chat-a");
  });

  it.each([
    ["a limit of zero", { rateLimiting: { requestsPerMinute: 0 } }, "rateLimiting.requestsPerMinute"],
    ["an unknown limit", { rateLimiting: { requestsPerSecond: 5 } }, "rateLimiting"],
    ["a path without a leading slash", { externalPath: "models/x" }, "externalPath"],
    ["a hostname with a space", { publicHostname: "api example.com" }, "publicHostname"],
    ["an unknown model type", { modelType: "grpc" }, "modelType"],
    ["another tenant's id", { tenantId: "tenant-b" }, "config.tenantId"],
  ])("refuses %s, naming the field, and publishes nothing", async (_label, body, field) => {
    const response = await call("POST", "/api/v1/deployments/tenant-a/chat-two/publish", { token: alice, body });
    expect(response.status).toBe(422);
    expect(fieldsOf(response.body).join(",")).toContain(field);
    expect((await call("GET", "/api/v1/deployments/tenant-a/chat-two/publish", { token: alice })).status).toBe(404);
  });

  it("rotates a key: same id, the old secret works for the grace period, and a retried rotation yields the same key", async () => {
    const headers = { "idempotency-key": "rotation-1" };
    const first = await call("POST", `${CHAT}/rotate-key`, { token: alice, headers, body: {} });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const retried = await call("POST", `${CHAT}/rotate-key`, { token: alice, headers, body: {} });
    expect(retried.status).toBe(200);
    expect(retried.body.newApiKey).toBe(first.body.newApiKey);
    expect(retried.body.keyId).toBe(first.body.keyId);
    expect(first.body.newApiKey).not.toBe(firstKey);
    expect(Date.parse(first.body.previousKeyValidUntil) - Date.now()).toBeGreaterThan(86_000_000);
    expect((await chat(first.body.newApiKey)).status).toBe(200);
    expect((await chat(firstKey)).status).toBe(200);

    // Without grace the secret before stops at once; the key's id stays the same throughout.
    const immediate = await call("POST", `${CHAT}/rotate-key`, { token: alice, body: { gracePeriodSeconds: 0 } });
    expect(immediate.body.keyId).toBe(first.body.keyId);
    expect(immediate.body.previousKeyValidUntil).toBeNull();
    expect((await chat(first.body.newApiKey)).status).toBe(401);
    expect((await chat(immediate.body.newApiKey)).status).toBe(200);
    firstKey = immediate.body.newApiKey;
  });

  it("creates named keys, refuses a revoked or expired one at once, and validates keys", async () => {
    const created = await call("POST", `${CHAT}/keys`, { token: alice, body: { name: "ci" } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await chat(created.body.apiKey)).status).toBe(200);
    const valid = await call("POST", "/api/v1/validate-api-key", { token: bob, body: { apiKey: created.body.apiKey } });
    expect(valid.body).toEqual({ valid: true, tenant: "tenant-a", model: "chat-a" });

    const revoked = await call("DELETE", `${CHAT}/keys/${created.body.id}`, { token: alice });
    expect(revoked.body.state).toBe("revoked");
    expect((await chat(created.body.apiKey)).status).toBe(401);
    expect((await call("POST", "/api/validate-api-key", { token: alice, body: { apiKey: created.body.apiKey } })).body).toEqual({
      valid: false,
      tenant: null,
      model: null,
    });

    const soon = new Date(Date.now() + 1500).toISOString();
    const expiring = await call("POST", `${CHAT}/keys`, { token: alice, body: { name: "short", expiresAt: soon } });
    expect((await chat(expiring.body.apiKey)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await chat(expiring.body.apiKey)).status).toBe(401);
    const keys = await call("GET", `${CHAT}/keys`, { token: alice });
    expect(keys.body.items.map((key: { name: string; state: string }) => `${key.name}:${key.state}`)).toEqual([
      "default:active",
      "ci:revoked",
      "short:expired",
    ]);
    expect(JSON.stringify(keys.body)).not.toContain(expiring.body.apiKey);
    const past = await call("POST", `${CHAT}/keys`, { token: alice, body: { name: "old", expiresAt: "2020-01-01T00:00:00Z" } });
    expect(past.status).toBe(422);
  });

  it("forgets a key another replica revoked as soon as it says so", async () => {
    const created = await call("POST", `${CHAT}/keys`, { token: alice, body: { name: "elsewhere" } });
    expect((await chat(created.body.apiKey)).status).toBe(200);
    // What another replica does on revoke: change the row, then NOTIFY every replica.
    const database = getDatabase();
    await database.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, created.body.id));
    expect((await chat(created.body.apiKey)).status).toBe(200);
    await database.execute(sql`select pg_notify('modelport_gateway', 'tenant-a/chat-a')`);
    await expect.poll(async () => (await chat(created.body.apiKey)).status, { timeout: 5000 }).toBe(401);
  });

  it("lets the users of allowed tenants call it with their own tokens", async () => {
    const asBob = () =>
      fetch(`${gatewayUrl}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${bob}` },
        body: JSON.stringify({ model: "tenant-a/chat-a", messages: [{ role: "user", content: "hi" }] }),
      });
    expect((await asBob()).status).toBe(404);
    const updated = await call("PUT", CHAT, { token: alice, body: { authentication: { allowedTenants: ["tenant-a", "tenant-b"] } } });
    expect(updated.status).toBe(200);
    expect(updated.body.authentication).toEqual({ requireApiKey: true, allowedTenants: ["tenant-a", "tenant-b"] });
    expect(updated.body.rateLimiting.requestsPerMinute).toBe(50);
    expect((await asBob()).status).toBe(200);
  });

  it("serves the inference-in-a-box InferenceClient's and ModelClient's requests as written", async () => {
    // InferenceClient("http://…/api", token).publish_model("my-model", config): POST {base}/models/my-model/publish
    const base = "/api";
    const config = {
      tenantId: "tenant-a",
      publicHostname: "api.router.inference-in-a-box",
      rateLimiting: { requestsPerMinute: 100, requestsPerHour: 5000 },
    };
    const published = await call("POST", `${base}/models/my-model/publish`, { token: alice, body: { config } });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(published.body.message).toBe("Model published successfully");
    expect(published.body.publishedModel).toMatchObject({
      modelName: "my-model",
      namespace: "tenant-a",
      modelType: "traditional",
      externalUrl: "https://api.router.inference-in-a-box/models/my-model",
      publicHostname: "api.router.inference-in-a-box",
    });
    const apiKey = published.body.publishedModel.apiKey as string;
    expect(published.body.publishedModel.documentation.exampleRequests[0].url).toBe(
      "https://api.router.inference-in-a-box/models/my-model/predict",
    );

    // update_published_model: PUT with {"config": …}; limits merge.
    const updated = await call("PUT", `${base}/models/my-model/publish`, {
      token: alice,
      body: {
        config: {
          tenantId: "tenant-a",
          publicHostname: "api.router.inference-in-a-box",
          rateLimiting: { requestsPerMinute: 200, requestsPerHour: 10000 },
        },
      },
    });
    expect(updated.body.message).toBe("Published model updated successfully");
    expect(updated.body.publishedModel.rateLimiting).toMatchObject({
      requestsPerMinute: 200,
      requestsPerHour: 10000,
      tokensPerHour: 100000,
      burstLimit: 10,
    });

    // get_published_models: GET {base}/published-models; the seed's GET …/publish answers at the top level.
    const listed = await call("GET", `${base}/published-models`, { token: alice });
    expect(listed.body.total).toBe(listed.body.publishedModels.length);
    expect(listed.body.publishedModels.map((model: { modelName: string }) => model.modelName).sort()).toEqual(["chat-a", "my-model"]);
    const one = await call("GET", `${base}/models/my-model/publish`, { token: alice });
    expect(one.body).toMatchObject({ modelName: "my-model", usage: { totalRequests: 0 }, rateLimiting: { requestsPerMinute: 200 } });

    // ModelClient(base_url, api_key).predict("my-model", data): POST {base_url}/models/my-model/predict with X-API-Key.
    const predicted = await fetch(`${gatewayUrl}/models/my-model/predict`, {
      method: "POST",
      headers: { "X-API-Key": apiKey, "Content-Type": "application/json" },
      body: JSON.stringify({ instances: [[6.8, 2.8, 4.8, 1.4]] }),
    });
    expect(predicted.status).toBe(200);
    expect(await predicted.json()).toEqual({ predictions: [1] });

    // rotate-key as the seed sends it: no body at all.
    const rotated = await call("POST", `${base}/models/my-model/publish/rotate-key`, { token: alice });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(rotated.body).toMatchObject({ message: "API key rotated successfully", newApiKey: expect.stringMatching(/^mp_pk_/) });

    // Errors in the Management Service's shape; an admin names the tenant.
    const twice = await call("POST", `${base}/models/my-model/publish`, { token: alice, body: { config } });
    expect(twice.status).toBe(409);
    expect(twice.body).toEqual({ error: "Model is already published" });
    const bad = await call("POST", `${base}/models/chat-two/publish`, {
      token: alice,
      body: { config: { rateLimiting: { burstLimit: -1 } } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("Invalid request format");
    const byAdmin = await call("GET", `${base}/models/my-model/publish?namespace=tenant-a`, { token: ADMIN_TOKEN });
    expect(byAdmin.status).toBe(200);

    const gone = await call("DELETE", `${base}/models/my-model/publish`, { token: alice });
    expect(gone.body).toEqual({ message: "Model unpublished successfully" });
    const after = await fetch(`${gatewayUrl}/models/my-model/predict`, {
      method: "POST",
      headers: { "X-API-Key": rotated.body.newApiKey, "Content-Type": "application/json" },
      body: JSON.stringify({ instances: [[1, 2, 3, 4]] }),
    });
    expect(after.status).toBe(401);
  });

  it("stops a deleted deployment's keys with it", async () => {
    const published = await call("POST", "/api/v1/deployments/tenant-a/chat-two/publish", { token: alice, body: {} });
    expect(published.status).toBe(201);
    expect((await chat(published.body.apiKey, "chat-two")).status).not.toBe(401);
    expect((await call("DELETE", "/api/v1/deployments/tenant-a/chat-two", { token: alice })).status).toBeLessThan(300);
    expect((await chat(published.body.apiKey, "chat-two")).status).toBe(401);
  });
});

describe("a published model on its own hostname and path", () => {
  let harness: Harness;
  let server: GatewayServer;
  let port: number;
  let alice: string;

  /** A request as it arrives for https://<host><path>: the Host header says which published model's URL it is. */
  const at = (host: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const request = http.request(
        { host: "127.0.0.1", port, path, method: "POST", headers: { host, "content-type": "application/json", ...headers } },
        (response) => {
          let text = "";
          response.on("data", (chunk) => (text += chunk));
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
        },
      );
      request.on("error", reject);
      request.end(JSON.stringify(body));
    });

  beforeAll(async () => {
    harness = await startHarness("pglite");
    alice = await harness.tokenFor("alice");
    server = await startGatewayServer();
    port = server.port;
    await createDeployments(alice, { ...chatModel, name: "llm" }, { ...iris, name: "fraud" });
    await Promise.all([waitReady(alice, "tenant-a", "llm"), waitReady(alice, "tenant-a", "fraud")]);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await harness?.stop();
  });

  it("answers at externalPath on publicHostname, for the key of that model, whatever the body names", async () => {
    const llm = await call("POST", "/api/v1/deployments/tenant-a/llm/publish", {
      token: alice,
      body: { publicHostname: "api.example.com", externalPath: "/team-a/llm" },
    });
    expect(llm.body.externalUrl).toBe("https://api.example.com/team-a/llm");
    const key = llm.body.apiKey;
    const chat = { messages: [{ role: "user", content: "hi" }] };
    await expect
      .poll(async () => (await at("api.example.com", "/team-a/llm/v1/chat/completions", chat, { "x-api-key": key })).status)
      .toBe(200);
    expect((await at("api.example.com", "/team-a/llm/chat/completions", { ...chat, model: "anything" }, { "x-api-key": key })).status).toBe(
      200,
    );
    expect((await at("api.example.com", "/team-a/llm/chat/completions", chat)).status).toBe(401);
    // Another host, or a path beside it, is not this model's URL.
    expect((await at("other.example.com", "/team-a/llm/chat/completions", chat, { "x-api-key": key })).status).toBe(418);
    expect((await at("api.example.com", "/team-a/llm/moderations", chat, { "x-api-key": key })).status).toBe(404);
  });

  it("lets anyone call a publication that needs no key, within its limits per client", async () => {
    const fraud = await call("POST", "/api/v1/deployments/tenant-a/fraud/publish", {
      token: alice,
      body: {
        publicHostname: "ml.example.com",
        externalPath: "/fraud",
        authentication: { requireApiKey: false },
        rateLimiting: { requestsPerMinute: 2, burstLimit: 10 },
      },
    });
    expect(fraud.status).toBe(201);
    const instances = { instances: [[6.8, 2.8, 4.8, 1.4]] };
    await expect.poll(async () => (await at("ml.example.com", "/fraud/predict", instances)).status).toBe(200);
    expect((await at("ml.example.com", "/fraud", instances)).status).toBe(200);
    const third = await at("ml.example.com", "/fraud/predict", instances);
    expect(third.status).toBe(429);
    // Without requireApiKey: false, nobody gets in without credentials.
    await call("PUT", "/api/v1/deployments/tenant-a/fraud/publish", { token: alice, body: { authentication: { requireApiKey: true } } });
    await expect.poll(async () => (await at("ml.example.com", "/fraud/predict", instances)).status).toBe(401);
  });
});

// The inference-in-a-box documents' own requests, bodies copied as written (../shared/seeds/002 and 004), with the
// response fields they show.
describe("the inference-in-a-box publishing requests, verbatim", () => {
  let harness: Harness;
  let server: GatewayServer;
  let alice: string;

  beforeAll(async () => {
    harness = await startHarness("pglite");
    alice = await harness.tokenFor("alice");
    server = await startGatewayServer();
    await createDeployments(alice, { ...iris, name: "my-model" }, { ...chatModel, name: "my-llm" });
    await createDeployments(await harness.tokenFor("bob"), { ...iris, namespace: "tenant-b", name: "tenant-b-model" });
    await Promise.all([waitReady(alice, "tenant-a", "my-model"), waitReady(alice, "tenant-a", "my-llm")]);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await harness?.stop();
  });

  it("publishes, reads, updates, rotates, validates, lists and unpublishes as the API reference shows", async () => {
    // POST /api/models/{name}/publish — the API reference's request.
    const published = await call("POST", "/api/models/my-model/publish", {
      token: alice,
      body: {
        config: {
          tenantId: "tenant-a",
          modelType: "traditional",
          externalPath: "/models/my-model",
          publicHostname: "api.router.inference-in-a-box",
          rateLimiting: { requestsPerMinute: 100, requestsPerHour: 5000, tokensPerHour: 100000, burstLimit: 10 },
          authentication: { requireApiKey: true, allowedTenants: ["tenant-a", "tenant-b"] },
          metadata: { description: "My production model" },
        },
      },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(published.body).toMatchObject({
      message: "Model published successfully",
      publishedModel: {
        modelName: "my-model",
        namespace: "tenant-a",
        tenantId: "tenant-a",
        modelType: "traditional",
        externalUrl: "https://api.router.inference-in-a-box/models/my-model",
        publicHostname: "api.router.inference-in-a-box",
        rateLimiting: { requestsPerMinute: 100, requestsPerHour: 5000, tokensPerHour: 100000, burstLimit: 10 },
        status: "active",
        usage: { totalRequests: 0, requestsToday: 0, tokensUsed: 0, lastAccessTime: null },
        documentation: {
          endpointUrl: "https://api.router.inference-in-a-box/models/my-model",
          exampleRequests: [
            {
              method: "POST",
              url: "https://api.router.inference-in-a-box/models/my-model/predict",
              headers: { "Content-Type": "application/json" },
              description: "Make a prediction request",
            },
          ],
        },
      },
    });
    const model = published.body.publishedModel;
    const apiKey = model.apiKey as string;
    expect(model.documentation.authHeaders).toEqual({ "X-API-Key": apiKey });
    expect(Object.keys(model.documentation.sdkExamples).sort()).toEqual(["curl", "javascript", "python"]);
    for (const field of ["createdAt", "updatedAt"]) expect(Date.parse(model[field])).not.toBeNaN();

    // The ModelClient's predict, with the guide's own data.
    const predicted = await fetch(`${server.url}/models/my-model/predict`, {
      method: "POST",
      headers: { "X-API-Key": apiKey, "Content-Type": "application/json" },
      body: JSON.stringify({ instances: [{ feature1: 1.0, feature2: 2.0 }] }),
    });
    expect(predicted.status).toBe(200);
    expect((await predicted.json()).predictions).toHaveLength(1);

    // PUT /api/models/{name}/publish — the reference's update; limits it leaves out keep their values.
    const updated = await call("PUT", "/api/models/my-model/publish", {
      token: alice,
      body: {
        config: {
          tenantId: "tenant-a",
          publicHostname: "api.router.inference-in-a-box",
          rateLimiting: { requestsPerMinute: 200, requestsPerHour: 10000 },
        },
      },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      message: "Published model updated successfully",
      publishedModel: { rateLimiting: { requestsPerMinute: 200, requestsPerHour: 10000, tokensPerHour: 100000, burstLimit: 10 } },
    });
    // The guide's troubleshooting update: no publicHostname.
    const again = await call("PUT", "/api/models/my-model/publish", {
      token: alice,
      body: { config: { tenantId: "tenant-a", rateLimiting: { requestsPerMinute: 200, requestsPerHour: 10000 } } },
    });
    expect(again.status).toBe(200);

    // GET answers the published model at the top level, with usage and rateLimiting.
    await expect
      .poll(async () => (await call("GET", "/api/models/my-model/publish", { token: alice })).body.usage.totalRequests, { timeout: 5000 })
      .toBe(1);
    const read = await call("GET", "/api/models/my-model/publish", { token: alice });
    expect(read.body).toMatchObject({ modelName: "my-model", namespace: "tenant-a", rateLimiting: { requestsPerMinute: 200 } });
    expect(Object.keys(read.body.usage)).toEqual(
      expect.arrayContaining(["totalRequests", "requestsToday", "tokensUsed", "lastAccessTime"]),
    );

    // rotate-key with no body, as the guide's curl sends it.
    const rotated = await call("POST", "/api/models/my-model/publish/rotate-key", { token: alice });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ message: "API key rotated successfully", newApiKey: expect.stringMatching(/^mp_pk_/) });
    expect(Date.parse(rotated.body.updatedAt)).not.toBeNaN();

    // validate-api-key with {"apiKey": …}.
    const validated = await call("POST", "/api/validate-api-key", { token: alice, body: { apiKey: rotated.body.newApiKey } });
    expect(validated.body).toEqual({ valid: true, tenant: "tenant-a", model: "my-model" });

    const listed = await call("GET", "/api/published-models", { token: alice });
    expect(listed.body).toMatchObject({
      total: 1,
      publishedModels: [{ modelName: "my-model", tenantId: "tenant-a", usage: { totalRequests: 1 } }],
    });

    const gone = await call("DELETE", "/api/models/my-model/publish", { token: alice });
    expect(gone.body).toEqual({ message: "Model unpublished successfully" });
  });

  it("publishes an OpenAI model as the guide does, and its curl request works with the key", async () => {
    const published = await call("POST", "/api/models/my-llm/publish", {
      token: alice,
      body: {
        config: {
          tenantId: "tenant-a",
          modelType: "openai",
          publicHostname: "api.router.inference-in-a-box",
          externalPath: "/v1/models/my-llm",
          rateLimiting: { requestsPerMinute: 50, requestsPerHour: 2000, tokensPerHour: 1000000 },
        },
      },
    });
    expect(published.status).toBe(201);
    expect(published.body.publishedModel).toMatchObject({
      modelType: "openai",
      externalUrl: "https://api.router.inference-in-a-box/v1/models/my-llm",
      rateLimiting: { requestsPerMinute: 50, requestsPerHour: 2000, tokensPerHour: 1000000 },
    });
    const answered = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "X-API-Key": published.body.publishedModel.apiKey, "Content-Type": "application/json" },
      body: JSON.stringify({ model: "my-llm", messages: [{ role: "user", content: "Hello!" }] }),
    });
    expect(answered.status).toBe(200);
    expect((await answered.json()).object).toBe("chat.completion");
  });

  it("lets an admin publish for another tenant, as the guide does", async () => {
    const published = await call("POST", "/api/models/tenant-b-model/publish", {
      token: ADMIN_TOKEN,
      body: { config: { tenantId: "tenant-b", publicHostname: "api.router.inference-in-a-box", externalPath: "/models/tenant-b-model" } },
    });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    expect(published.body.publishedModel).toMatchObject({
      namespace: "tenant-b",
      tenantId: "tenant-b",
      externalUrl: "https://api.router.inference-in-a-box/models/tenant-b-model",
    });
    // The guide's custom-domain request for a model that is already published: a 409, as the reference's errors say.
    const clash = await call("POST", "/api/models/my-llm/publish", {
      token: alice,
      body: { config: { tenantId: "tenant-a", publicHostname: "api.mycompany.com", externalPath: "/models/my-model" } },
    });
    expect(clash.status).toBe(409);
    expect(clash.body).toEqual({ error: "Model is already published" });
  });
});
