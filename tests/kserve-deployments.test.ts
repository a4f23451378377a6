// KServe InferenceServices through every /api/v1/deployments route, beside KubeAI Models: create (dry run first), one
// list and one cursor across both kinds, read with conditions, edit, stop and start, delete, the live stream, tenancy
// and bad input. Real routes, the sandbox cluster's simulated KServe controller, no mocks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCluster } from "@/lib/k8s/cluster";
import { ADMIN_TOKEN, startHarness, type Harness } from "./harness";
import { call, callRaw } from "./http";
import { readEvents } from "./sse";

const iris = {
  backend: "kserve",
  namespace: "tenant-a",
  modelFormat: { name: "sklearn" },
  storageUri: "gs://kfserving-examples/models/sklearn/1.0/model",
  deploymentMode: "RawDeployment",
};
const llm = {
  namespace: "tenant-a",
  url: "hf://Qwen/Qwen2-0.5B-Instruct",
  engine: "VLLM",
  features: ["TextGeneration"],
  resourceProfile: "cpu:1",
};
const path = (name: string, action?: "stop" | "start") => `/api/v1/deployments/tenant-a/${name}${action ? `/${action}` : ""}`;

async function isvcExists(name: string): Promise<boolean> {
  const list = (await getCluster().customObjects.listNamespacedCustomObject({
    group: "serving.kserve.io",
    version: "v1beta1",
    plural: "inferenceservices",
    namespace: "tenant-a",
  })) as { items: { metadata: { name: string } }[] };
  return list.items.some((item) => item.metadata.name === name);
}

describe("KServe deployments over /api/v1/deployments", () => {
  let harness: Harness;
  let alice: string;
  let bob: string;
  let victor: string;

  const get = (name: string, token = alice) => call("GET", path(name), { token });
  const statusOf = (name: string) => async () => (await get(name)).body.status;

  beforeAll(async () => {
    harness = await startHarness("pglite");
    [alice, bob, victor] = await Promise.all([harness.tokenFor("alice"), harness.tokenFor("bob"), harness.tokenFor("victor")]);
  });
  afterAll(async () => harness?.stop());

  it("creates an sklearn InferenceService after a dry run that stores nothing, and it becomes Ready with its predictor URL", async () => {
    const dry = await call("POST", "/api/v1/deployments?dryRun=All", { token: alice, body: { ...iris, name: "iris-dry" } });
    expect(dry.status, JSON.stringify(dry.body)).toBe(201);
    expect(dry.body).toMatchObject({ backend: "kserve", name: "iris-dry", modelFormat: { name: "sklearn" }, protocol: "v1" });
    expect(await isvcExists("iris-dry")).toBe(false);

    const created = await call("POST", "/api/v1/deployments", { token: alice, body: { ...iris, name: "iris" } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      backend: "kserve",
      owner: "alice@modelport.local",
      storageUri: iris.storageUri,
      deploymentMode: "RawDeployment",
      minReplicas: 1,
      warnings: [],
    });
    expect(created.body.object).toMatchObject({
      kind: "InferenceService",
      spec: { predictor: { model: { modelFormat: { name: "sklearn" } } } },
    });
    await expect.poll(statusOf("iris"), { timeout: 15_000 }).toBe("Ready");

    const detail = (await get("iris")).body;
    expect(detail.endpoint).toBe("http://iris-predictor.tenant-a.svc.cluster.local");
    expect(detail.conditions.slice(0, 2)).toMatchObject([
      { type: "Ready", status: "True" },
      { type: "PredictorReady", status: "True" },
    ]);
    expect(detail.replicaStatus).toMatchObject({ desired: 1, ready: 1 });
    expect(detail.events.map((event: { reason: string }) => event.reason)).toContain("InferenceServiceReady");

    const audit = (await call("GET", "/api/v1/audit?tenant=tenant-a", { token: ADMIN_TOKEN })).body.items;
    expect(audit.find((entry: { resourceName: string }) => entry.resourceName === "iris")).toMatchObject({
      action: "deployment.create",
      resourceKind: "InferenceService",
      outcome: "succeeded",
    });
  });

  it("creates a copy from a GET body sent back with a new name", async () => {
    const original = (await get("iris")).body;
    const copy = await call("POST", "/api/v1/deployments", { token: alice, body: { ...original, name: "iris-copy" } });
    expect(copy.status, JSON.stringify(copy.body)).toBe(201);
    expect(copy.body).toMatchObject({
      backend: "kserve",
      name: "iris-copy",
      storageUri: original.storageUri,
      modelFormat: original.modelFormat,
    });
    expect((await call("DELETE", path("iris-copy"), { token: alice })).status).toBe(200);
  });

  it("lists both kinds in one table, and a cursor walks across kinds one item at a time without losing or repeating any", async () => {
    for (const name of ["llm-a", "llm-b"]) {
      expect((await call("POST", "/api/v1/deployments", { token: alice, body: { ...llm, name } })).status).toBe(201);
    }
    expect((await call("POST", "/api/v1/deployments", { token: alice, body: { ...iris, name: "iris-two" } })).status).toBe(201);
    const all = (await call("GET", "/api/v1/deployments?namespace=tenant-a", { token: alice })).body.items as {
      name: string;
      backend: string;
    }[];
    expect(all.map((item) => `${item.backend}:${item.name}`)).toEqual(
      expect.arrayContaining(["kubeai:llm-a", "kserve:iris", "kserve:iris-two"]),
    );

    const walked: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await call("GET", `/api/v1/deployments?namespace=tenant-a&limit=1${cursor ? `&continue=${cursor}` : ""}`, {
        token: alice,
      });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      walked.push(...page.body.items.map((item: { name: string }) => item.name));
      cursor = page.body.continue;
    } while (cursor);
    expect(walked).toEqual(all.map((item) => item.name));
  });

  it("edits only the fields named, refuses another backend's fields naming them, and guards with generation", async () => {
    const before = (await get("iris")).body;
    const edited = await call("PATCH", path("iris"), {
      token: alice,
      body: { maxReplicas: 3, env: { LOG_LEVEL: "debug" }, generation: before.generation },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ maxReplicas: 3, env: { LOG_LEVEL: "debug" }, storageUri: iris.storageUri });
    expect(edited.body.object.spec.predictor.model.env).toEqual([{ name: "LOG_LEVEL", value: "debug" }]);

    const foreign = await call("PATCH", path("iris"), { token: alice, body: { url: "hf://a/b", cacheProfile: "efs" } });
    expect(foreign.status).toBe(422);
    expect(foreign.body.details.fields).toEqual([
      { field: "url", message: "url does not apply to a kserve deployment" },
      { field: "cacheProfile", message: "cacheProfile does not apply to a kserve deployment" },
    ]);
    const unknown = await call("PATCH", path("iris"), { token: alice, body: { engine: "VLLM" } });
    expect(unknown.body.details.fields).toEqual([{ field: "engine", message: "Unknown field engine" }]);

    const toKubeai = await call("PATCH", path("llm-a"), { token: alice, body: { storageUri: "s3://b/m" } });
    expect(toKubeai.status).toBe(422);
    expect(toKubeai.body.details.fields).toEqual([{ field: "storageUri", message: "storageUri does not apply to a kubeai deployment" }]);

    const stale = await call("PATCH", path("iris"), { token: alice, body: { maxReplicas: 4, generation: before.generation } });
    expect(stale.status).toBe(409);
    expect((await get("iris")).body.maxReplicas).toBe(3);
  });

  it("answers a dry-run edit with what would change, storing nothing and auditing nothing", async () => {
    const before = (await get("iris")).body;
    const dry = await call("PATCH", `${path("iris")}?dryRun=All`, { token: alice, body: { minReplicas: 2, env: {} } });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.changes).toEqual([
      { path: "spec.predictor.minReplicas", before: 1, after: 2 },
      { path: "spec.predictor.model.env", before: [{ name: "LOG_LEVEL", value: "debug" }] },
    ]);
    const after = (await get("iris")).body;
    // The controller may write the status meanwhile; the spec's generation moves only when the spec does.
    expect(after.generation).toBe(before.generation);
    expect(after.minReplicas).toBe(1);
    const audit = (await call("GET", "/api/v1/audit?tenant=tenant-a", { token: ADMIN_TOKEN })).body.items;
    expect(
      audit.filter(
        (entry: { resourceName: string; action: string }) => entry.resourceName === "iris" && entry.action === "deployment.update",
      ),
    ).toHaveLength(1);
  });

  it("stops through the stop annotation and starts again, audited, and a second stop changes nothing", async () => {
    const dry = await call("POST", `${path("iris", "stop")}?dryRun=All`, { token: alice });
    expect(dry.status).toBe(200);
    expect(dry.body.changes).toContainEqual({ path: "metadata.annotations.serving.kserve.io/stop", after: "true" });
    expect((await get("iris")).body.object.metadata.annotations).not.toHaveProperty("serving.kserve.io/stop");
    const stopped = await call("POST", path("iris", "stop"), { token: alice });
    expect(stopped.status, JSON.stringify(stopped.body)).toBe(200);
    expect(stopped.body.status).toBe("Stopped");
    expect(stopped.body.object.metadata.annotations["serving.kserve.io/stop"]).toBe("true");
    await expect
      .poll(async () => (await get("iris")).body.conditions.find((c: { type: string }) => c.type === "Stopped")?.status)
      .toBe("True");
    const again = await call("POST", path("iris", "stop"), { token: alice });
    expect(again.body.generation).toBe((await get("iris")).body.generation);

    const started = await call("POST", path("iris", "start"), { token: alice });
    expect(started.status).toBe(200);
    expect(started.body.object.metadata.annotations["serving.kserve.io/stop"]).toBe("false");
    await expect.poll(statusOf("iris"), { timeout: 15_000 }).toBe("Ready");
    const audit = (await call("GET", "/api/v1/audit?tenant=tenant-a", { token: ADMIN_TOKEN })).body.items.filter(
      (entry: { resourceName: string; action: string }) => entry.resourceName === "iris" && /stop|start/.test(entry.action),
    );
    expect(audit.map((entry: { action: string }) => entry.action).reverse()).toEqual(["deployment.stop", "deployment.start"]);
  });

  it("explains a model its storage initializer cannot read: Failed with KServe's reason", async () => {
    const body = { ...iris, name: "iris-missing", storageUri: "pvc://no-such-claim/model" };
    expect((await call("POST", "/api/v1/deployments", { token: alice, body })).status).toBe(201);
    await expect.poll(statusOf("iris-missing"), { timeout: 15_000 }).toBe("Failed");
    expect((await get("iris-missing")).body.statusMessage).toMatch(/no-such-claim/);
  });

  it("keeps tenants apart: another tenant's InferenceService is not found, a viewer sees masked env and cannot change it", async () => {
    for (const [method, suffix] of [
      ["GET", ""],
      ["DELETE", ""],
      ["POST", "/stop"],
      ["PATCH", ""],
    ] as const) {
      const response = await call(method, `${path("iris")}${suffix}`, {
        token: bob,
        body: method === "PATCH" ? { maxReplicas: 2 } : undefined,
      });
      expect(response.status, `${method} ${suffix}`).toBe(404);
    }
    const created = await call("POST", "/api/v1/deployments", { token: bob, body: { ...iris, name: "sneaky" } });
    expect(created.status).toBe(404);

    const viewed = await get("iris", victor);
    expect(viewed.status).toBe(200);
    expect(viewed.body.env).toEqual({ LOG_LEVEL: "***" });
    expect(viewed.body.object.spec.predictor.model.env).toEqual([{ name: "LOG_LEVEL", value: "***" }]);
    expect((await call("POST", path("iris", "stop"), { token: victor })).status).toBe(403);
  });

  it("refuses bad input with the field named, and a name the other kind already has", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ modelFormat: { name: "caffe" } }, "modelFormat.name"],
      [{ storageUri: "ftp://host/model" }, "storageUri"],
      [{ name: "9-starts-with-digit" }, "name"],
      [{ minReplicas: 3, maxReplicas: 2 }, "maxReplicas"],
      [{ scaleMetric: "concurrency", scaleTarget: 5 }, "scaleMetric"],
      [{ resources: { limits: { "nvidia.com/gpu": "1" } } }, "resources.limits"],
      [{ resourceProfile: "no-such-profile:1" }, "resourceProfile"],
      [{ backend: "triton" }, "backend"],
    ];
    for (const [change, field] of cases) {
      const response = await call("POST", "/api/v1/deployments", { token: alice, body: { ...iris, name: "bad", ...change } });
      expect(response.status, JSON.stringify(change)).toBe(422);
      const fields = response.body.details.fields.map((f: { field: string }) => f.field);
      expect(
        fields.some((named: string) => named.startsWith(field)),
        `${JSON.stringify(change)} → ${fields}`,
      ).toBe(true);
    }
    expect(await isvcExists("bad")).toBe(false);

    const clash = await call("POST", "/api/v1/deployments", { token: alice, body: { ...iris, name: "llm-a" } });
    expect(clash.status).toBe(409);
    expect(JSON.stringify(clash.body)).toMatch(/Model named llm-a already exists/);
  });

  it("streams InferenceService changes in the same stream as Models", async () => {
    const controller = new AbortController();
    const stream = await callRaw("GET", "/api/v1/deployments/watch?namespace=tenant-a", { token: alice, signal: controller.signal });
    expect(stream.status).toBe(200);
    const reading = readEvents(stream, (events) =>
      events.some(
        (item) => item.event === "change" && item.data.deployment.name === "iris-live" && item.data.deployment.status === "Ready",
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await call("POST", "/api/v1/deployments", { token: alice, body: { ...iris, name: "iris-live" } })).status).toBe(201);
    const events = await reading;
    controller.abort();
    const live = events.filter((item) => item.event === "change" && item.data.deployment.name === "iris-live");
    expect(live[0].data).toMatchObject({ type: "ADDED", deployment: { backend: "kserve" } });
    expect(live.at(-1)?.data.deployment.status).toBe("Ready");
  });

  it("deletes it, audited, and it is gone", async () => {
    expect((await call("DELETE", path("iris"), { token: alice })).status).toBe(200);
    await expect.poll(() => isvcExists("iris"), { timeout: 10_000 }).toBe(false);
    expect((await get("iris")).status).toBe(404);
  });
});
