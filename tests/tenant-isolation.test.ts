// One tenant probing another's objects through every route: 404, never 403, and nothing changes. Viewers only read.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, databaseTargets, startHarness, type Harness } from "./harness";
import { call } from "./http";

const model = { url: "hf://Qwen/Qwen2-0.5B-Instruct", engine: "VLLM", features: ["TextGeneration"], minReplicas: 0 };

describe.each(databaseTargets())("tenant isolation on %s", (target) => {
  let harness: Harness;
  let alice: string;
  let bob: string;
  let victor: string;
  let bobAccountId: string;

  beforeAll(async () => {
    harness = await startHarness(target);
    [alice, bob, victor] = await Promise.all([harness.tokenFor("alice"), harness.tokenFor("bob"), harness.tokenFor("victor")]);
    expect(
      (await call("POST", "/api/v1/deployments", { token: bob, body: { ...model, namespace: "tenant-b", name: "bobs-model" } })).status,
    ).toBe(201);
    expect(
      (await call("POST", "/api/v1/deployments", { token: alice, body: { ...model, namespace: "tenant-a", name: "alices-model" } })).status,
    ).toBe(201);
    const account = await call("POST", "/api/v1/tenants/tenant-b/service-accounts", { token: bob, body: { name: "ci", role: "member" } });
    expect(account.status).toBe(201);
    bobAccountId = account.body.id;
  });
  afterAll(async () => harness?.stop());

  it("lists only the caller's tenants and deployments", async () => {
    const list = await call("GET", "/api/v1/deployments", { token: alice });
    const names = list.body.items.map((item: { namespace: string; name: string }) => `${item.namespace}/${item.name}`);
    expect(names).toContain("tenant-a/alices-model");
    expect(names).not.toContain("tenant-b/bobs-model");
    const tenants = await call("GET", "/api/v1/tenants", { token: alice });
    expect(tenants.body.items.map((tenant: { name: string }) => tenant.name)).toEqual(["tenant-a"]);
    const all = await call("GET", "/api/v1/deployments", { token: ADMIN_TOKEN });
    expect(all.body.items.map((item: { name: string }) => item.name)).toEqual(expect.arrayContaining(["alices-model", "bobs-model"]));
  });

  it("answers 404 for another tenant's deployments on every route, and changes nothing", async () => {
    const probes = [
      call("GET", "/api/v1/deployments?namespace=tenant-b", { token: alice }),
      call("GET", "/api/v1/deployments/tenant-b/bobs-model", { token: alice }),
      call("GET", "/api/v1/deployments/tenant-b/no-such-model", { token: alice }),
      call("PATCH", "/api/v1/deployments/tenant-b/bobs-model", { token: alice, body: { replicas: 3 } }),
      call("DELETE", "/api/v1/deployments/tenant-b/bobs-model", { token: alice }),
      call("POST", "/api/v1/deployments", { token: alice, body: { ...model, namespace: "tenant-b", name: "intruder" } }),
      call("DELETE", "/unregister_model/bobs-model/tenant-b", { token: alice }),
      call("POST", "/register_model", {
        token: alice,
        body: { url: model.url, engine: model.engine, features: model.features, namespace: "tenant-b", name: "intruder" },
      }),
    ];
    for (const result of await Promise.all(probes)) expect(result.status).toBe(404);
    const still = await call("GET", "/api/v1/deployments/tenant-b/bobs-model", { token: bob });
    expect(still.status).toBe(200);
    expect(still.body.object.spec.replicas).toBe(1); // the default, not alice's 3
    expect((await call("GET", "/api/v1/deployments/tenant-b/intruder", { token: bob })).status).toBe(404);
  });

  it("answers 404 for another tenant's publication, keys and usage on every publishing route, and changes nothing", async () => {
    const published = await call("POST", "/api/v1/deployments/tenant-b/bobs-model/publish", { token: bob, body: {} });
    expect(published.status).toBe(201);
    const keys = await call("GET", "/api/v1/deployments/tenant-b/bobs-model/publish/keys", { token: bob });
    const keyId = keys.body.items[0].id;
    const base = "/api/v1/deployments/tenant-b/bobs-model/publish";
    const probes = [
      call("GET", base, { token: alice }),
      call("PUT", base, { token: alice, body: { rateLimiting: { requestsPerMinute: 1 } } }),
      call("DELETE", base, { token: alice }),
      call("POST", `${base}/rotate-key`, { token: alice, body: { gracePeriodSeconds: 0 } }),
      call("GET", `${base}/keys`, { token: alice }),
      call("POST", `${base}/keys`, { token: alice, body: { name: "stolen" } }),
      call("DELETE", `${base}/keys/${keyId}`, { token: alice }),
      call("GET", `${base}/usage`, { token: alice }),
      call("POST", "/api/v1/deployments/tenant-b/no-such-model/publish", { token: alice, body: {} }),
      call("GET", "/api/models/bobs-model/publish?namespace=tenant-b", { token: alice }),
      call("PUT", "/api/models/bobs-model/publish?namespace=tenant-b", {
        token: alice,
        body: { config: { rateLimiting: { requestsPerMinute: 1 } } },
      }),
      call("DELETE", "/api/models/bobs-model/publish?namespace=tenant-b", { token: alice }),
      call("POST", "/api/models/bobs-model/publish/rotate-key?namespace=tenant-b", { token: alice }),
    ];
    for (const result of await Promise.all(probes)) expect(result.status).toBe(404);
    const after = await call("GET", base, { token: bob });
    expect(after.body.rateLimiting.requestsPerMinute).toBe(100);
    expect(after.body.apiKey).toBe(published.body.apiKey.slice(0, 10) + "…" + published.body.apiKey.slice(-4));
    expect(
      (await call("GET", `${base}/keys`, { token: bob })).body.items.map(
        (key: { name: string; state: string }) => `${key.name}:${key.state}`,
      ),
    ).toEqual(["default:active"]);
    expect((await call("GET", "/api/v1/published-models", { token: alice })).body.total).toBe(0);
    expect((await call("GET", "/api/published-models", { token: victor })).body.total).toBe(0);
  });

  it("answers 404 for another tenant's service accounts", async () => {
    const probes = [
      call("GET", "/api/v1/tenants/tenant-b/service-accounts", { token: alice }),
      call("POST", "/api/v1/tenants/tenant-b/service-accounts", { token: alice, body: { name: "x", role: "member" } }),
      call("DELETE", `/api/v1/tenants/tenant-b/service-accounts/${bobAccountId}`, { token: alice }),
      call("DELETE", `/api/v1/tenants/tenant-a/service-accounts/${bobAccountId}`, { token: alice }),
    ];
    for (const result of await Promise.all(probes)) expect(result.status).toBe(404);
    const list = await call("GET", "/api/v1/tenants/tenant-b/service-accounts", { token: bob });
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].revokedAt).toBeNull();
  });

  it("lets a viewer read but not create, change or delete", async () => {
    expect((await call("GET", "/api/v1/deployments/tenant-a/alices-model", { token: victor })).status).toBe(200);
    const writes = [
      call("POST", "/api/v1/deployments", { token: victor, body: { ...model, namespace: "tenant-a", name: "viewer-made" } }),
      call("PATCH", "/api/v1/deployments/tenant-a/alices-model", { token: victor, body: { replicas: 1 } }),
      call("DELETE", "/api/v1/deployments/tenant-a/alices-model", { token: victor }),
      call("POST", "/api/v1/tenants/tenant-a/service-accounts", { token: victor, body: { name: "v", role: "viewer" } }),
    ];
    for (const result of await Promise.all(writes)) expect(result.status).toBe(403);
    expect((await call("GET", "/api/v1/deployments/tenant-b/bobs-model", { token: victor })).status).toBe(404);
  });

  it("scopes a service-account token to its tenant and role, and refuses it once revoked", async () => {
    const created = await call("POST", "/api/v1/tenants/tenant-a/service-accounts", {
      token: alice,
      body: { name: "deployer", role: "member" },
    });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^mp_sa_/);
    const listed = await call("GET", "/api/v1/tenants/tenant-a/service-accounts", { token: alice });
    expect(JSON.stringify(listed.body)).not.toContain(token);

    expect((await call("POST", "/api/v1/deployments", { token, body: { ...model, namespace: "tenant-a", name: "from-ci" } })).status).toBe(
      201,
    );
    expect((await call("GET", "/api/v1/deployments/tenant-b/bobs-model", { token })).status).toBe(404);
    expect((await call("POST", "/api/v1/tenants", { token, body: { name: "sneaky" } })).status).toBe(403);

    const viewer = await call("POST", "/api/v1/tenants/tenant-a/service-accounts", {
      token: alice,
      body: { name: "reader", role: "viewer" },
    });
    expect((await call("DELETE", "/api/v1/deployments/tenant-a/from-ci", { token: viewer.body.token })).status).toBe(403);

    expect((await call("DELETE", `/api/v1/tenants/tenant-a/service-accounts/${created.body.id}`, { token: alice })).status).toBe(200);
    expect((await call("GET", "/api/v1/deployments", { token })).status).toBe(401);
  });

  it("lets only admins manage tenants, and a new tenant gets its namespace", async () => {
    expect((await call("POST", "/api/v1/tenants", { token: alice, body: { name: "tenant-c" } })).status).toBe(403);
    expect((await call("DELETE", "/api/v1/tenants/tenant-b", { token: alice })).status).toBe(403);
    const created = await call("POST", "/api/v1/tenants", { token: ADMIN_TOKEN, body: { name: "tenant-c", displayName: "Tenant C" } });
    expect(created.status).toBe(201);
    expect((await call("POST", "/api/v1/tenants", { token: ADMIN_TOKEN, body: { name: "tenant-c" } })).status).toBe(409);
    const deployed = await call("POST", "/api/v1/deployments", {
      token: ADMIN_TOKEN,
      body: { ...model, namespace: "tenant-c", name: "first" },
    });
    expect(deployed.status).toBe(201);
    expect((await call("DELETE", "/api/v1/tenants/tenant-c", { token: ADMIN_TOKEN })).status).toBe(200);
    expect((await call("DELETE", "/api/v1/tenants/tenant-c", { token: ADMIN_TOKEN })).status).toBe(404);
  });
});
