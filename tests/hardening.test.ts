// Edges a careful attacker or an unlucky script would find: odd tenant names, ID tokens, token minting, secrets in
// the audit log, malformed paths and queries, concurrent edits, paging across tenants.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, startHarness, type Harness } from "./harness";
import { call, callRaw } from "./http";

const model = { url: "hf://a/b", engine: "VLLM", features: ["TextGeneration"] };

describe("hardening", () => {
  let harness: Harness;
  let alice: string;

  beforeAll(async () => {
    harness = await startHarness("pglite");
    alice = await harness.tokenFor("alice");
  });
  afterAll(async () => harness?.stop());

  it("does not let a tenant named like an object property become visible to everyone", async () => {
    expect((await call("POST", "/api/v1/tenants", { token: ADMIN_TOKEN, body: { name: "constructor" } })).status).toBe(201);
    expect(
      (await call("POST", "/api/v1/deployments", { token: ADMIN_TOKEN, body: { ...model, namespace: "constructor", name: "hidden" } }))
        .status,
    ).toBe(201);
    const tenants = await call("GET", "/api/v1/tenants", { token: alice });
    expect(tenants.body.items.map((tenant: { name: string }) => tenant.name)).toEqual(["tenant-a"]);
    expect((await call("GET", "/api/v1/deployments?namespace=constructor", { token: alice })).status).toBe(404);
    expect((await call("DELETE", "/unregister_model/hidden/constructor", { token: alice })).status).toBe(404);
    const all = await call("GET", "/api/v1/deployments", { token: alice });
    expect(all.body.items.map((item: { name: string }) => item.name)).not.toContain("hidden");
  });

  it("refuses an ID token as a bearer token, though it is signed by the same issuer", async () => {
    const idToken = await harness.idTokenFor("alice");
    const result = await call("GET", "/api/v1/deployments", { token: idToken });
    expect(result.status).toBe(401);
  });

  it("does not let a service account mint or revoke service accounts", async () => {
    const created = await call("POST", "/api/v1/tenants/tenant-a/service-accounts", { token: alice, body: { name: "ci", role: "member" } });
    const token = created.body.token;
    expect((await call("POST", "/api/v1/tenants/tenant-a/service-accounts", { token, body: { name: "ci2", role: "member" } })).status).toBe(
      403,
    );
    expect((await call("DELETE", `/api/v1/tenants/tenant-a/service-accounts/${created.body.id}`, { token })).status).toBe(403);
    expect((await call("POST", "/api/v1/deployments", { token, body: { ...model, namespace: "tenant-a", name: "by-ci" } })).status).toBe(
      201,
    );
  });

  it("keeps env values out of the audit log", async () => {
    const body = { ...model, namespace: "tenant-a", name: "secretive", env: { HF_TOKEN: "hf_very_secret_value" } };
    expect((await call("POST", "/api/v1/deployments", { token: alice, body })).status).toBe(201);
    expect(
      (await call("PATCH", "/api/v1/deployments/tenant-a/secretive", { token: alice, body: { env: { HF_TOKEN: "hf_other_secret" } } }))
        .status,
    ).toBe(200);
    const log = await call("GET", "/api/v1/audit?tenant=tenant-a", { token: ADMIN_TOKEN });
    const text = JSON.stringify(log.body);
    expect(text).toContain("HF_TOKEN");
    expect(text).not.toContain("hf_very_secret_value");
    expect(text).not.toContain("hf_other_secret");
  });

  it("answers 404 for ids and names that cannot exist, and 422 for an unknown dryRun value", async () => {
    const hex36 = "a".repeat(36);
    expect((await call("DELETE", `/api/v1/tenants/tenant-a/service-accounts/${hex36}`, { token: alice })).status).toBe(404);
    expect((await call("GET", "/api/v1/deployments/tenant-a/bad,name=x", { token: alice })).status).toBe(404);
    expect((await call("PATCH", "/api/v1/deployments/tenant-a/UPPER", { token: alice, body: { replicas: 1 } })).status).toBe(404);
    for (const value of ["all", "true"]) {
      const result = await call("POST", `/api/v1/deployments?dryRun=${value}`, {
        token: alice,
        body: { ...model, namespace: "tenant-a", name: "not-dry" },
      });
      expect(result.status).toBe(422);
      expect(result.body.details.fields[0].field).toBe("dryRun");
    }
    expect((await call("GET", "/api/v1/deployments/tenant-a/not-dry", { token: alice })).status).toBe(404);
  });

  it("refuses a body over 1 MiB with 413", async () => {
    const result = await call("POST", "/api/v1/deployments", {
      token: alice,
      rawBody: JSON.stringify({ ...model, args: ["x".repeat(1_100_000)] }),
    });
    expect(result.status).toBe(413);
    expect(result.body.details.fields).toEqual([{ field: "(body)", message: "Too large" }]);
  });

  it("refuses a 200 MB upload from its Content-Length without reading it", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const declared = await callRaw("POST", "/api/v1/deployments", {
      token: alice,
      body: endless,
      headers: { "content-length": String(200 * 1024 * 1024), "content-type": "application/json" },
    });
    expect(declared.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(2); // a stream may pull ahead once; nothing like 200 MB was read
  });

  it("stops reading a body without Content-Length as soon as it passes 1 MiB", async () => {
    let bytes = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        bytes += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const response = await callRaw("POST", "/register_model", {
      token: alice,
      body: endless,
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(413);
    expect(bytes).toBeLessThan(1.5 * 1024 * 1024);
  });

  it("names installer fields as the script sent them", async () => {
    const result = await call("POST", "/register_model", {
      token: ADMIN_TOKEN,
      body: {
        name: "inst",
        engine: "VLLM",
        features: ["TextGeneration"],
        url: "pvc://models/x",
        min_replicas: 3,
        max_replicas: 2,
        cache_profile: "fast",
      },
    });
    expect(result.status).toBe(422);
    expect(result.body.details.fields.map((problem: { field: string }) => problem.field).sort()).toEqual(["cache_profile", "max_replicas"]);
  });

  it("refuses an edit based on a version someone else has changed since, and can set and clear the cache profile", async () => {
    const created = await call("POST", "/api/v1/deployments", {
      token: alice,
      body: { ...model, namespace: "tenant-a", name: "contested" },
    });
    const seen = created.body.resourceVersion;
    expect((await call("PATCH", "/api/v1/deployments/tenant-a/contested", { token: alice, body: { replicas: 1 } })).status).toBe(200);
    const stale = await call("PATCH", "/api/v1/deployments/tenant-a/contested", {
      token: alice,
      body: { replicas: 2, resourceVersion: seen },
    });
    expect(stale.status).toBe(409);
    const moved = await call("PATCH", "/api/v1/deployments/tenant-a/contested", {
      token: alice,
      body: { url: "s3://bucket/model", cacheProfile: "standard" },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.object.spec).toMatchObject({ url: "s3://bucket/model", cacheProfile: "standard" });
    // s3:// without a cache is Modelport's advice, not the CRD's rule: allowed, with a warning.
    const noCache = await call("PATCH", "/api/v1/deployments/tenant-a/contested", { token: alice, body: { cacheProfile: null } });
    expect(noCache.status).toBe(200);
    expect(noCache.body.warnings.join(" ")).toMatch(/every replica downloads/);
  });

  it("pages across several tenants without losing or repeating anything", async () => {
    for (const namespace of ["kubeai", "tenant-b"]) {
      for (const index of [1, 2, 3]) {
        expect(
          (await call("POST", "/api/v1/deployments", { token: ADMIN_TOKEN, body: { ...model, namespace, name: `spread-${index}` } }))
            .status,
        ).toBe(201);
      }
    }
    const everything = await call("GET", "/api/v1/deployments?limit=500", { token: ADMIN_TOKEN });
    const expected = everything.body.items.map((item: { namespace: string; name: string }) => `${item.namespace}/${item.name}`);
    for (const limit of [1, 2, 3, 4]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await call("GET", `/api/v1/deployments?limit=${limit}${cursor ? `&continue=${encodeURIComponent(cursor)}` : ""}`, {
          token: ADMIN_TOKEN,
        });
        expect(page.body.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.body.items.map((item: { namespace: string; name: string }) => `${item.namespace}/${item.name}`));
        cursor = page.body.continue;
      } while (cursor);
      expect(seen).toEqual(expected);
    }
    expect(expected.filter((key: string) => key.includes("spread"))).toHaveLength(6);
  });
});
