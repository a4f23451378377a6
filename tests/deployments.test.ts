// Deployments end to end through the route handlers, the services, the sandbox cluster and the database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, databaseTargets, startHarness, type Harness } from "./harness";
import { call } from "./http";

const base = {
  namespace: "tenant-a",
  url: "hf://Qwen/Qwen2-0.5B-Instruct",
  engine: "VLLM",
  features: ["TextGeneration"],
  resourceProfile: "nvidia-gpu-l4",
  instanceCount: 1,
  replicas: 1,
  minReplicas: 0,
  maxReplicas: 2,
};

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

describe.each(databaseTargets())("deployments API on %s", (target) => {
  let harness: Harness;
  let alice: string;

  beforeAll(async () => {
    harness = await startHarness(target);
    alice = await harness.tokenFor("alice");
  });
  afterAll(async () => harness?.stop());

  it("creates a deployment that becomes Ready, owned by the signed-in user", async () => {
    const created = await call("POST", "/api/v1/deployments", { token: alice, body: { ...base, name: "qwen-ready" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "qwen-ready", namespace: "tenant-a", owner: "alice@modelport.local" });
    expect(created.body.object).toMatchObject({ kind: "Model", spec: { resourceProfile: "nvidia-gpu-l4:1", targetRequests: 100 } });

    const ready = await waitFor(
      () => call("GET", "/api/v1/deployments/tenant-a/qwen-ready", { token: alice }),
      (result) => result.body.status === "Ready",
    );
    expect(ready.body).toMatchObject({ status: "Ready", replicaStatus: { desired: 1, ready: 1 } });
    expect(ready.body.events.length).toBeGreaterThan(0);
  });

  it("keeps a deployment that needs more GPUs than any node has Pending, saying why", async () => {
    const created = await call("POST", "/api/v1/deployments", {
      token: alice,
      body: { ...base, name: "too-big", resourceProfile: "nvidia-gpu-l4", instanceCount: 64 },
    });
    expect(created.status).toBe(201);
    const pending = await waitFor(
      () => call("GET", "/api/v1/deployments/tenant-a/too-big", { token: alice }),
      (result) => result.body.statusMessage !== null,
    );
    expect(pending.body.status).toBe("Pending");
    expect(pending.body.statusMessage).toMatch(/nvidia\.com\/gpu/);
    expect(pending.body.capacityNote).toMatch(/^Needs 64 nvidia\.com\/gpu of nvidia-gpu-l4 on one node; \d+ free, 4 in the cluster$/);
  });

  it("lists with limit and continue across pages without repeats", async () => {
    for (const index of [1, 2, 3]) {
      const result = await call("POST", "/api/v1/deployments", { token: alice, body: { ...base, name: `paged-${index}`, replicas: 0 } });
      expect(result.status).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call("GET", `/api/v1/deployments?limit=2${cursor ? `&continue=${cursor}` : ""}`, { token: alice });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((item: { namespace: string; name: string }) => `${item.namespace}/${item.name}`));
      cursor = page.body.continue;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(["tenant-a/paged-1", "tenant-a/paged-2", "tenant-a/paged-3", "tenant-a/qwen-ready"]));
  });

  it("edits replicas, args and env, keeping fields it was not asked to change", async () => {
    const patched = await call("PATCH", "/api/v1/deployments/tenant-a/qwen-ready", {
      token: alice,
      body: { replicas: 2, args: ["--max-model-len=4096"], env: { HF_HUB_OFFLINE: "1" } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.object.spec).toMatchObject({
      replicas: 2,
      args: ["--max-model-len=4096"],
      env: { HF_HUB_OFFLINE: "1" },
      resourceProfile: "nvidia-gpu-l4:1",
      maxReplicas: 2,
      owner: "alice@modelport.local",
    });
    const cleared = await call("PATCH", "/api/v1/deployments/tenant-a/qwen-ready", { token: alice, body: { replicas: null } });
    expect(cleared.body.object.spec).not.toHaveProperty("replicas");
  });

  it("refuses a patch that breaks the CRD's rules and leaves the Model unchanged", async () => {
    const before = await call("GET", "/api/v1/deployments/tenant-a/qwen-ready", { token: alice });
    const result = await call("PATCH", "/api/v1/deployments/tenant-a/qwen-ready", { token: alice, body: { minReplicas: 5 } });
    expect(result.status).toBe(422);
    expect(result.body.details.fields).toEqual([{ field: "maxReplicas", message: "Max replicas must be at least min replicas" }]);
    const after = await call("GET", "/api/v1/deployments/tenant-a/qwen-ready", { token: alice });
    expect(after.body.object.spec).toEqual(before.body.object.spec);
  });

  it("mounts files (KubeAI's spec.files, e.g. a chat template), edits and clears them, and refuses a relative path", async () => {
    const template = { path: "/config/chat-template.jinja", content: "{% for message in messages %}{{ message['content'] }}{% endfor %}" };
    const created = await call("POST", "/api/v1/deployments", { token: alice, body: { ...base, name: "with-files", files: [template] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.files).toEqual([template]);
    expect(created.body.object.spec.files).toEqual([template]);
    const relative = await call("PATCH", "/api/v1/deployments/tenant-a/with-files", {
      token: alice,
      body: { files: [{ path: "x", content: "" }] },
    });
    expect(relative.status).toBe(422);
    expect(relative.body.details.fields[0].field).toBe("files.0.path");
    const cleared = await call("PATCH", "/api/v1/deployments/tenant-a/with-files", { token: alice, body: { files: [] } });
    expect(cleared.body.object.spec).not.toHaveProperty("files");
    expect(cleared.body.files).toEqual([]);
  });

  it("answers 409 on a name clash and creates nothing on dryRun=All", async () => {
    const clash = await call("POST", "/api/v1/deployments", { token: alice, body: { ...base, name: "qwen-ready" } });
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatch(/already exists/);
    const dry = await call("POST", "/api/v1/deployments?dryRun=All", { token: alice, body: { ...base, name: "dry-only" } });
    expect(dry.status).toBe(201);
    const missing = await call("GET", "/api/v1/deployments/tenant-a/dry-only", { token: alice });
    expect(missing.status).toBe(404);
  });

  it("deletes a deployment, then answers 404 for it", async () => {
    const deleted = await call("DELETE", "/api/v1/deployments/tenant-a/paged-3", { token: alice });
    expect(deleted.status).toBe(200);
    expect((await call("GET", "/api/v1/deployments/tenant-a/paged-3", { token: alice })).status).toBe(404);
    expect((await call("DELETE", "/api/v1/deployments/tenant-a/paged-3", { token: alice })).status).toBe(404);
  });

  it("records creates, changes and deletes in the audit log, visible to admins only", async () => {
    const log = await call("GET", "/api/v1/audit?tenant=tenant-a", { token: ADMIN_TOKEN });
    expect(log.status).toBe(200);
    const actions = log.body.items.map((item: { action: string; resourceName: string }) => `${item.action} ${item.resourceName}`);
    expect(actions).toEqual(
      expect.arrayContaining(["deployment.create qwen-ready", "deployment.update qwen-ready", "deployment.delete paged-3"]),
    );
    const update = log.body.items.find((item: { action: string }) => item.action === "deployment.update");
    expect(update).toMatchObject({ actor: "alice@modelport.local", actorKind: "user", tenant: "tenant-a" });
    expect(update.before.spec).toBeDefined();
    expect(update.after.spec).toBeDefined();
    expect((await call("GET", "/api/v1/audit", { token: alice })).status).toBe(403);
  });

  it("registers and unregisters through the Model Installer paths", async () => {
    const admin = await harness.tokenFor("admin");
    const registered = await call("POST", "/register_model", {
      token: admin,
      body: {
        name: "installer-model",
        engine: "OLlama",
        features: ["TextGeneration"],
        url: "ollama://qwen2:0.5b",
        resource_profile: "cpu:2",
        model_mode: "completion",
        timeout: 30,
      },
    });
    expect(registered.status).toBe(201);
    expect(registered.body.deployment).toMatchObject({
      namespace: "kubeai",
      resourceProfile: "cpu:2",
      proxy: { model_mode: "completion", timeout: 30 },
    });
    const missing = await call("POST", "/register_model", { token: admin, body: { name: "x", engine: "VLLM", url: "hf://a/b" } });
    expect(missing.status).toBe(422);
    expect(missing.body.details.fields).toEqual([{ field: "features", message: expect.any(String) }]);
    expect((await call("DELETE", "/unregister_model/installer-model/kubeai", { token: admin })).status).toBe(200);
    expect((await call("DELETE", "/unregister_model/installer-model/kubeai", { token: admin })).status).toBe(404);
  });
});
