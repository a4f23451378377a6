// Bad input on every route: a clear 4xx naming the field, and nothing half-made.
import { SignJWT, generateKeyPair } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, startHarness, type Harness } from "./harness";
import { call, fieldsOf } from "./http";

const valid = { name: "ok-model", namespace: "tenant-a", url: "hf://a/b", engine: "VLLM", features: ["TextGeneration"] };

describe("bad input", () => {
  let harness: Harness;
  let alice: string;

  beforeAll(async () => {
    harness = await startHarness("pglite");
    alice = await harness.tokenFor("alice");
  });
  afterAll(async () => harness?.stop());

  it("answers 401 without a token, with a malformed one, and with a forged or foreign JWT", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT({ groups: ["/tenants/tenant-a/member"], realm_access: { roles: ["modelport-admin"] } })
      .setProtectedHeader({ alg: "RS256", kid: "forged" })
      .setIssuer(harness.issuerUrl)
      .setAudience("modelport")
      .setExpirationTime("5m")
      .sign(privateKey);
    const routes: ["GET" | "POST" | "DELETE", string][] = [
      ["GET", "/api/v1/deployments"],
      ["POST", "/api/v1/deployments"],
      ["GET", "/api/v1/deployments/tenant-a/x"],
      ["GET", "/api/v1/tenants"],
      ["GET", "/api/v1/tenants/tenant-a/service-accounts"],
      ["GET", "/api/v1/audit"],
      ["POST", "/register_model"],
      ["DELETE", "/unregister_model/x/kubeai"],
    ];
    for (const [method, path] of routes) {
      for (const token of [undefined, "not-a-token", "mp_sa_unknown", `${ADMIN_TOKEN}x`, forged, "a.b.c"]) {
        const result = await call(method, path, { token, body: method === "POST" ? valid : undefined });
        expect(result.status, `${method} ${path} with ${token?.slice(0, 12)}`).toBe(401);
        expect(typeof result.body.error).toBe("string");
      }
    }
  });

  it("answers 400 for a body that is not JSON, or none at all", async () => {
    for (const path of ["/api/v1/deployments", "/register_model", "/api/v1/tenants", "/api/v1/tenants/tenant-a/service-accounts"]) {
      const malformed = await call("POST", path, { token: ADMIN_TOKEN, rawBody: "{name: " });
      expect(malformed.status, path).toBe(400);
      expect(fieldsOf(malformed.body)).toEqual(["(body)"]);
      expect((await call("POST", path, { token: ADMIN_TOKEN, rawBody: "" })).status, path).toBe(400);
    }
    expect((await call("PATCH", "/api/v1/deployments/tenant-a/x", { token: alice, rawBody: "[" })).status).toBe(400);
  });

  it.each([
    [{ name: undefined }, "name"],
    [{ name: "Has_Capitals" }, "name"],
    [{ name: "x".repeat(41) }, "name"],
    [{ namespace: "" }, "namespace"],
    [{ url: "" }, "url"],
    [{ url: "http://example.com/model" }, "url"],
    [{ url: "gs://bucket/m" }, "cacheProfile"],
    [{ url: "ollama://qwen" }, "url"],
    [{ engine: "TGI" }, "engine"],
    [{ features: "TextGeneration" }, "features"],
    [{ features: ["Chat"] }, "features.0"],
    [{ replicas: -1 }, "replicas"],
    [{ minReplicas: 1.5 }, "minReplicas"],
    [{ maxReplicas: "3" }, "maxReplicas"],
    [{ minReplicas: 4, maxReplicas: 2 }, "maxReplicas"],
    [{ targetRequests: 0 }, "targetRequests"],
    [{ env: { "1BAD": "x" } }, "env.1BAD"],
    [{ args: [1] }, "args.0"],
    [{ proxy: { timeout: -5 } }, "proxy.timeout"],
    [{ proxy: { unknown: 1 } }, "proxy"],
  ])("refuses deployment %j naming %s, and creates nothing", async (change, field) => {
    const body = { ...valid, name: "bad-input", ...change };
    const result = await call("POST", "/api/v1/deployments", { token: alice, body });
    expect(result.status).toBe(422);
    expect(fieldsOf(result.body)).toContain(field);
    expect(result.body.error).toBeTruthy();
    const list = await call("GET", "/api/v1/deployments?namespace=tenant-a", { token: alice });
    expect(list.body.items).toEqual([]);
  });

  it("refuses bad list queries naming the parameter", async () => {
    for (const [query, field] of [
      ["limit=0", "limit"],
      ["limit=abc", "limit"],
      ["limit=501", "limit"],
      ["continue=garbage", "continue"],
      ["namespace=Bad_NS", "namespace"],
    ]) {
      const result = await call("GET", `/api/v1/deployments?${query}`, { token: alice });
      expect(result.status, query).toBe(422);
      expect(fieldsOf(result.body), query).toContain(field);
    }
    expect((await call("GET", "/api/v1/audit?limit=-1", { token: ADMIN_TOKEN })).status).toBe(422);
  });

  it("refuses bad patches naming the field, including fields that may not change", async () => {
    expect((await call("POST", "/api/v1/deployments", { token: alice, body: { ...valid, name: "patch-me" } })).status).toBe(201);
    for (const [patch, field] of [
      [{ engine: "OLlama" }, "(body)"],
      [{ replicas: "two" }, "replicas"],
      [{ url: "ftp://x" }, "url"],
      [{ instanceCount: 0 }, "instanceCount"],
    ] as const) {
      const result = await call("PATCH", "/api/v1/deployments/tenant-a/patch-me", { token: alice, body: patch });
      expect(result.status, JSON.stringify(patch)).toBe(422);
      if (field !== "(body)") expect(fieldsOf(result.body)).toContain(field);
    }
    expect((await call("DELETE", "/api/v1/deployments/tenant-a/patch-me", { token: alice })).status).toBe(200);
  });

  it("refuses bad tenants, service accounts and installer bodies naming the field", async () => {
    const cases: [string, unknown, string][] = [
      ["/api/v1/tenants", { name: "Not Valid" }, "name"],
      ["/api/v1/tenants", { name: "ok", extra: true }, "(body)"],
      ["/api/v1/tenants/tenant-a/service-accounts", { name: "ci", role: "owner" }, "role"],
      ["/api/v1/tenants/tenant-a/service-accounts", { role: "member" }, "name"],
      ["/register_model", { name: "m", engine: "VLLM", features: ["TextGeneration"] }, "url"],
      [
        "/register_model",
        { name: "m", engine: "VLLM", features: ["TextGeneration"], url: "hf://a/b", resource_profile: "gpu x 2" },
        "resource_profile",
      ],
      ["/register_model", { name: "m", engine: "VLLM", features: ["TextGeneration"], url: "hf://a/b", colour: "red" }, "(body)"],
    ];
    for (const [path, body, field] of cases) {
      const result = await call("POST", path, { token: ADMIN_TOKEN, body });
      expect(result.status, `${path} ${JSON.stringify(body)}`).toBe(422);
      expect(fieldsOf(result.body).some((name) => name === field || field === "(body)")).toBe(true);
    }
    const tenants = await call("GET", "/api/v1/tenants", { token: ADMIN_TOKEN });
    expect(tenants.body.items.map((tenant: { name: string }) => tenant.name)).toEqual(["kubeai", "tenant-a", "tenant-b"]);
  });

  it("answers 404 for unknown tenants and malformed ids in paths", async () => {
    expect((await call("GET", "/api/v1/tenants/nope/service-accounts", { token: ADMIN_TOKEN })).status).toBe(404);
    expect((await call("DELETE", "/api/v1/tenants/tenant-a/service-accounts/not-a-uuid", { token: ADMIN_TOKEN })).status).toBe(404);
    expect((await call("GET", "/api/v1/deployments/nope/x", { token: ADMIN_TOKEN })).status).toBe(404);
    expect((await call("POST", "/api/v1/deployments", { token: ADMIN_TOKEN, body: { ...valid, namespace: "nope" } })).status).toBe(404);
  });
});
