// Stopping and starting a deployment without deleting it, through the routes, the service and the sandbox cluster:
// replicas go and come back with exactly the scaling they had, each change audited, tenancy as for an edit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCluster } from "@/lib/k8s/cluster";
import { ADMIN_TOKEN, startHarness, type Harness } from "./harness";
import { call, callRaw } from "./http";

const base = {
  namespace: "tenant-a",
  url: "hf://Qwen/Qwen2-0.5B-Instruct",
  engine: "VLLM",
  features: ["TextGeneration"],
  resourceProfile: "cpu:1",
  replicas: 2,
  minReplicas: 1,
  maxReplicas: 3,
};
const SCALING = ["replicas", "minReplicas", "maxReplicas", "autoscalingDisabled"] as const;

const path = (name: string, action?: "stop" | "start") => `/api/v1/deployments/tenant-a/${name}${action ? `/${action}` : ""}`;
const scalingOf = (spec: Record<string, unknown>) =>
  Object.fromEntries(SCALING.filter((key) => key in spec).map((key) => [key, spec[key]]));

async function podsOf(name: string): Promise<number> {
  const pods = await getCluster().core.listNamespacedPod({ namespace: "tenant-a", labelSelector: `model=${name}` });
  return pods.items.length;
}

describe("stopping and starting a deployment", () => {
  let harness: Harness;
  let alice: string;

  const get = (name: string) => call("GET", path(name), { token: alice });
  const pollStatus = (name: string) => async () => {
    const { body } = await get(name);
    return { status: body.status, ready: body.replicaStatus.ready, all: body.replicaStatus.all };
  };
  const auditOf = async (name: string) =>
    (await call("GET", "/api/v1/audit?tenant=tenant-a", { token: ADMIN_TOKEN })).body.items
      .filter(
        (event: { resourceName: string; action: string }) => event.resourceName === name && /^deployment\.(stop|start)$/.test(event.action),
      )
      .reverse();

  beforeAll(async () => {
    harness = await startHarness("pglite");
    alice = await harness.tokenFor("alice");
  });
  afterAll(async () => harness?.stop());

  it("stops a Ready deployment, its replicas go, and start brings back exactly the scaling it had", async () => {
    expect((await call("POST", "/api/v1/deployments", { token: alice, body: { ...base, name: "power" } })).status).toBe(201);
    await expect.poll(pollStatus("power"), { timeout: 10_000 }).toEqual({ status: "Ready", ready: 2, all: 2 });
    const before = (await get("power")).body.object;

    const stopped = await call("POST", path("power", "stop"), { token: alice });
    expect(stopped.status, JSON.stringify(stopped.body)).toBe(200);
    expect(stopped.body).toMatchObject({ status: "Stopped", replicas: 0, minReplicas: 0, maxReplicas: 3 });
    expect(stopped.body.object.spec).toMatchObject({ replicas: 0, minReplicas: 0, autoscalingDisabled: true });
    await expect.poll(pollStatus("power"), { timeout: 10_000 }).toEqual({ status: "Stopped", ready: 0, all: 0 });
    expect(await podsOf("power")).toBe(0);
    expect((await get("power")).body.statusMessage).toBe("Stopped: start it to bring it back");

    const started = await call("POST", path("power", "start"), { token: alice });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect(scalingOf(started.body.object.spec)).toEqual(scalingOf(before.spec));
    expect(started.body.object.spec).not.toHaveProperty("autoscalingDisabled");
    expect(started.body.object.metadata.annotations ?? {}).not.toHaveProperty("modelport.dev/stopped-scaling");
    await expect.poll(pollStatus("power"), { timeout: 10_000 }).toEqual({ status: "Ready", ready: 2, all: 2 });
    expect(await podsOf("power")).toBe(2);

    const audit = await auditOf("power");
    expect(audit).toMatchObject([
      { action: "deployment.stop", outcome: "succeeded", actor: "alice@modelport.local", resourceKind: "Model" },
      { action: "deployment.start", outcome: "succeeded", actor: "alice@modelport.local", resourceKind: "Model" },
    ]);
    expect(audit[0].before.spec).toMatchObject({ replicas: 2, minReplicas: 1 });
    expect(audit[0].after.spec).toMatchObject({ replicas: 0, autoscalingDisabled: true });
    expect(audit[1].after.spec).toMatchObject({ replicas: 2, minReplicas: 1, maxReplicas: 3 });
  });

  it("answers 200 to stopping a stopped deployment and starting a running one, changing and auditing nothing", async () => {
    await call("POST", "/api/v1/deployments", { token: alice, body: { ...base, name: "twice", replicas: 1 } });
    const first = await call("POST", path("twice", "stop"), { token: alice });
    const second = await call("POST", path("twice", "stop"), { token: alice });
    expect(second.status).toBe(200);
    expect(second.body.status).toBe("Stopped");
    expect(second.body.object.metadata.annotations["modelport.dev/stopped-scaling"]).toBe(
      first.body.object.metadata.annotations["modelport.dev/stopped-scaling"],
    );
    expect((await call("POST", path("twice", "start"), { token: alice })).body.object.spec.replicas).toBe(1);
    const again = await call("POST", path("twice", "start"), { token: alice });
    expect(again.status).toBe(200);
    expect(again.body.object.spec).toMatchObject({ replicas: 1, minReplicas: 1, maxReplicas: 3 });
    expect((await auditOf("twice")).map((event: { action: string }) => event.action)).toEqual(["deployment.stop", "deployment.start"]);
  });

  it("refuses a PATCH of a stopped deployment's scaling with 409 naming the field, and takes other changes", async () => {
    await call("POST", "/api/v1/deployments", { token: alice, body: { ...base, name: "pinned", replicas: 0 } });
    expect((await call("POST", path("pinned", "stop"), { token: alice })).status).toBe(200);
    const refused = await call("PATCH", path("pinned"), { token: alice, body: { replicas: 3 } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatch(/is stopped; start it before changing replicas/);
    expect(refused.body.details.fields).toEqual([{ field: "replicas", message: expect.stringMatching(/start it first/) }]);
    const edited = await call("PATCH", path("pinned"), { token: alice, body: { args: ["--max-model-len=2048"] } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ status: "Stopped", args: ["--max-model-len=2048"], replicas: 0 });
  });

  it("gives a viewer 403, another tenant and unknown names 404, no token 401, and other methods 405", async () => {
    const victor = await harness.tokenFor("victor");
    const bob = await harness.tokenFor("bob");
    for (const action of ["stop", "start"] as const) {
      expect((await call("POST", path("power", action), { token: victor })).status).toBe(403);
      expect((await call("POST", path("power", action), { token: bob })).status).toBe(404);
      expect((await call("POST", path("no-such-model", action), { token: alice })).status).toBe(404);
      expect((await call("POST", path("Not_A_Name", action), { token: alice })).status).toBe(404);
      expect((await call("POST", path("power", action))).status).toBe(401);
      expect((await callRaw("GET", path("power", action), { token: alice })).status).toBe(405);
    }
    expect((await get("power")).body.status).toBe("Ready");
  });
});
