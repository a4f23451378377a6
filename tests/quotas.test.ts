// GPU quotas per tenant with Kubernetes' own mechanism: an admin's limits become a ResourceQuota in the tenant's
// namespace (the sandbox enforces it as an API server does), Modelport refuses a create, an edit or a start that
// would pass it with a 422 in numbers, and the cluster itself holds back what was made without Modelport.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientsFor, GROUP, model } from "@/lib/sandbox/testing";
import { ADMIN_TOKEN, startHarness, type Harness } from "./harness";
import { call, fieldsOf } from "./http";
import { startWebhookReceiver, type WebhookReceiver } from "./stand-ins/webhook";

const l4 = (name: string, extra: Record<string, unknown> = {}) => ({
  namespace: "tenant-a",
  name,
  url: "hf://Qwen/Qwen2-0.5B-Instruct",
  engine: "VLLM",
  features: ["TextGeneration"],
  resourceProfile: "nvidia-gpu-l4:1",
  minReplicas: 1,
  maxReplicas: 3,
  replicas: 1,
  ...extra,
});

describe("GPU quotas per tenant", () => {
  let harness: Harness;
  let receiver: WebhookReceiver;
  let alice: string;
  let bob: string;
  const quota = (token: string, method: "GET" | "PUT" | "DELETE" = "GET", body?: unknown) =>
    call(method, "/api/v1/tenants/tenant-a/quota", { token, body });
  const used = async (label: string) =>
    (await quota(alice)).body.resources.find((resource: { label: string }) => resource.label === label)?.used;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    harness = await startHarness("pglite", { NOTIFY_WEBHOOK_URL: receiver.url });
    alice = await harness.tokenFor("alice");
    bob = await harness.tokenFor("bob");
  });
  afterAll(async () => {
    await harness?.stop();
    await receiver?.close();
  });

  it("writes an admin's limits as a ResourceQuota the cluster holds, readable by the tenant, set only by admins", async () => {
    expect((await quota(alice)).body).toEqual({ tenant: "tenant-a", resourceQuota: null, limits: null, resources: [] });
    const set = await quota(ADMIN_TOKEN, "PUT", { gpus: { "nvidia.com/gpu": 2 }, deployments: 3 });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.limits).toEqual({ gpus: { "nvidia.com/gpu": 2 }, deployments: 3 });
    expect(set.body.resources).toEqual([
      {
        key: "count/models.kubeai.org+count/inferenceservices.serving.kserve.io",
        label: "deployments",
        hard: "3",
        used: "0",
        remaining: "3",
      },
      { key: "requests.nvidia.com/gpu", label: "nvidia.com/gpu", hard: "2", used: "0", remaining: "2" },
    ]);
    const stored = await clientsFor(harness.started.sandbox!).core.readNamespacedResourceQuota({
      name: "modelport-quota",
      namespace: "tenant-a",
    });
    expect(stored.spec?.hard).toEqual({
      "requests.nvidia.com/gpu": "2",
      "count/models.kubeai.org": "3",
      "count/inferenceservices.serving.kserve.io": "3",
    });

    expect((await quota(alice, "PUT", { gpus: { "nvidia.com/gpu": 99 } })).status).toBe(403);
    // Another tenant's quota is not there for bob, as every other object of tenant-a.
    expect((await quota(bob)).status).toBe(404);
    const audit = await call("GET", "/api/v1/audit?tenant=tenant-a", { token: ADMIN_TOKEN });
    expect(audit.body.items.map((entry: { action: string }) => entry.action)).toContain("tenant.quota.set");
  });

  it("refuses bad limits naming the field, and changes nothing", async () => {
    for (const [body, field] of [
      [{ gpus: { "nvidia.com/gpu": -1 } }, "gpus.nvidia.com/gpu"],
      [{ gpus: { "not a resource": 1 } }, "gpus.not a resource"],
      [{ cpu: "lots" }, "cpu"],
      [{ deployments: 1.5 }, "deployments"],
      [{ gpu: 4 }, ""],
    ] as const) {
      const refused = await quota(ADMIN_TOKEN, "PUT", body);
      expect(refused.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      if (field) expect(fieldsOf(refused.body).join(" ")).toContain(field);
    }
    expect((await quota(ADMIN_TOKEN, "PUT", {})).status).toBe(422);
    expect((await quota(alice)).body.limits).toEqual({ gpus: { "nvidia.com/gpu": 2 }, deployments: 3 });
  });

  it("refuses a create, an edit and a start past the quota with the numbers, and keeps nothing of a refused create", async () => {
    expect((await call("POST", "/api/v1/deployments", { token: alice, body: l4("one-gpu") })).status).toBe(201);
    await expect.poll(() => used("nvidia.com/gpu"), { timeout: 10_000 }).toBe("1");

    const tooBig = await call("POST", "/api/v1/deployments", {
      token: alice,
      body: l4("two-gpus", { resourceProfile: "nvidia-gpu-l4:2" }),
    });
    expect(tooBig.status).toBe(422);
    expect(tooBig.body.details.fields).toEqual([{ field: "resourceProfile", message: "needs 2 nvidia.com/gpu; tenant-a has 1 of 2 left" }]);
    expect((await call("GET", "/api/v1/deployments/tenant-a/two-gpus", { token: alice })).status).toBe(404);

    // A second replica fits (1 left); a third does not.
    expect((await call("PATCH", "/api/v1/deployments/tenant-a/one-gpu", { token: alice, body: { replicas: 2 } })).status).toBe(200);
    await expect.poll(() => used("nvidia.com/gpu"), { timeout: 10_000 }).toBe("2");
    const third = await call("PATCH", "/api/v1/deployments/tenant-a/one-gpu", { token: alice, body: { replicas: 3 } });
    expect(third.status).toBe(422);
    expect(third.body.details.fields[0].message).toBe("needs 1 nvidia.com/gpu; tenant-a has 0 of 2 left");

    // Stopped, it gives its GPUs back; another takes one; started again, it no longer fits.
    expect((await call("POST", "/api/v1/deployments/tenant-a/one-gpu/stop", { token: alice })).status).toBe(200);
    await expect.poll(() => used("nvidia.com/gpu"), { timeout: 10_000 }).toBe("0");
    expect((await call("POST", "/api/v1/deployments", { token: alice, body: l4("other") })).status).toBe(201);
    await expect.poll(() => used("nvidia.com/gpu"), { timeout: 10_000 }).toBe("1");
    const start = await call("POST", "/api/v1/deployments/tenant-a/one-gpu/start", { token: alice });
    expect(start.status).toBe(422);
    expect(start.body.error).toMatch(/needs 2 nvidia\.com\/gpu; tenant-a has 1 of 2 left/);

    // The deployments count: two exist, a third fits, a fourth does not.
    expect((await call("POST", "/api/v1/deployments", { token: alice, body: l4("cpu-one", { resourceProfile: "cpu:1" }) })).status).toBe(
      201,
    );
    const fourth = await call("POST", "/api/v1/deployments", { token: alice, body: l4("cpu-two", { resourceProfile: "cpu:1" }) });
    expect(fourth.status).toBe(422);
    expect(fourth.body.details.fields).toEqual([{ field: "namespace", message: "needs 1 more deployment; tenant-a has 0 of 3 left" }]);

    // The webhook heard that the tenant reached its quota.
    await expect
      .poll(() => receiver.received.filter((event) => event.kind === "quota.reached").map((event) => event.resource))
      .toEqual(expect.arrayContaining(["nvidia.com/gpu", "deployments"]));
  });

  it("is enforced by the cluster for what Modelport did not make: the pods wait, and the deployment says why", async () => {
    expect((await quota(ADMIN_TOKEN, "PUT", { gpus: { "nvidia.com/gpu": 2 }, deployments: 10 })).status).toBe(200);
    const { custom } = clientsFor(harness.started.sandbox!);
    await custom.createNamespacedCustomObject({
      ...GROUP,
      namespace: "tenant-a",
      body: model("by-kubectl", { resourceProfile: "nvidia-gpu-l4:2", minReplicas: 1 }),
    });
    await expect
      .poll(async () => (await call("GET", "/api/v1/deployments/tenant-a/by-kubectl", { token: alice })).body.statusMessage ?? "", {
        timeout: 10_000,
      })
      .toMatch(/exceeded quota: modelport-quota/);
    const pods = await clientsFor(harness.started.sandbox!).core.listNamespacedPod({
      namespace: "tenant-a",
      labelSelector: "model=by-kubectl",
    });
    expect(pods.items).toHaveLength(0);

    // Raised, the cluster creates the pods by itself.
    expect((await quota(ADMIN_TOKEN, "PUT", { gpus: { "nvidia.com/gpu": 4 }, deployments: 10 })).status).toBe(200);
    await expect
      .poll(
        async () =>
          (await clientsFor(harness.started.sandbox!).core.listNamespacedPod({ namespace: "tenant-a", labelSelector: "model=by-kubectl" }))
            .items.length,
        { timeout: 10_000 },
      )
      .toBe(1);
  });

  it("removes the limits on DELETE (admins)", async () => {
    expect((await quota(alice, "DELETE")).status).toBe(403);
    const removed = await quota(ADMIN_TOKEN, "DELETE");
    expect(removed.status).toBe(200);
    expect(removed.body.resourceQuota).toBeNull();
    expect((await quota(ADMIN_TOKEN, "DELETE")).status).toBe(404);
    const big = await call("POST", "/api/v1/deployments", { token: alice, body: l4("no-limits", { resourceProfile: "cpu:1" }) });
    expect(big.status).toBe(201);
  });
});
