// The simulated KubeAI controller: scheduling on simulated GPU nodes, timed readiness, Events, scale to zero.
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "./index";
import { clientsFor, GROUP, model, record, waitFor, type Clients } from "./testing";

let cluster: SandboxCluster;
let api: Clients;
const merge = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

beforeAll(async () => {
  cluster = await startSandboxCluster({ controller: { loadingDelayMs: 100, readyDelayMs: 250 } });
  api = clientsFor(cluster);
});
afterAll(() => cluster.close());

async function useNamespace(name: string): Promise<void> {
  await api.core.createNamespace({ body: { metadata: { name } } });
}

async function replicas(ns: string, name: string): Promise<{ all?: number; ready?: number }> {
  const o = record(await api.custom.getNamespacedCustomObject({ ...GROUP, namespace: ns, name }));
  const status = record(o.status ?? {});
  return record(status.replicas ?? {}) as { all?: number; ready?: number };
}

async function events(
  ns: string,
  name: string,
): Promise<{ type?: string; reason?: string; message?: string; source?: { component?: string } }[]> {
  const list = await api.core.listNamespacedEvent({
    namespace: ns,
    fieldSelector: `involvedObject.name=${name},involvedObject.kind=Model`,
  });
  return list.items;
}

describe("simulated KubeAI controller", () => {
  it("takes a fitting model to ready and records Scheduled, Loading and ModelReady", async () => {
    await useNamespace("fit");
    await api.custom.createNamespacedCustomObject({
      ...GROUP,
      namespace: "fit",
      body: model("l4-model", { resourceProfile: "nvidia-gpu-l4:1", minReplicas: 1 }),
    });
    await waitFor(async () => (await replicas("fit", "l4-model")).all === 1, 3000, "replica counted");
    expect((await replicas("fit", "l4-model")).ready).toBe(0);
    await waitFor(async () => (await replicas("fit", "l4-model")).ready === 1, 3000, "replica ready");
    const evs = await events("fit", "l4-model");
    expect(evs.map((e) => e.reason)).toEqual(["Scheduled", "Loading", "ModelReady"]);
    expect(evs[0]).toMatchObject({ type: "Normal", source: { component: "kubeai-sandbox-controller" } });
    expect(evs[0].message).toContain("gpu-l4-node-1");
    const pods = await api.core.listNamespacedPod({ namespace: "fit", labelSelector: "model=l4-model" });
    expect(pods.items.map((p) => [p.spec?.nodeName, p.status?.phase])).toEqual([["gpu-l4-node-1", "Running"]]);
  });

  it("leaves an oversized model unready with a FailedScheduling warning", async () => {
    await useNamespace("big");
    await api.custom.createNamespacedCustomObject({
      ...GROUP,
      namespace: "big",
      body: model("too-big", { resourceProfile: "nvidia-gpu-l4:8", minReplicas: 1 }),
    });
    const warning = await waitFor(
      async () => (await events("big", "too-big")).find((e) => e.reason === "FailedScheduling"),
      3000,
      "FailedScheduling",
    );
    expect(warning.type).toBe("Warning");
    expect(warning.message).toMatch(/^0\/3 nodes are available: .*gpu-l4-node-1 has \d of 4 nvidia\.com\/gpu free, 8 requested\.$/);
    expect(warning.message).toContain("1 node has no nvidia.com/gpu");
    await new Promise((r) => setTimeout(r, 400));
    expect(await replicas("big", "too-big")).toEqual({ all: 1, ready: 0 });
  });

  it("reports an unknown resource profile", async () => {
    await useNamespace("odd");
    await api.custom.createNamespacedCustomObject({
      ...GROUP,
      namespace: "odd",
      body: model("odd", { resourceProfile: "quantum-gpu:1", minReplicas: 1 }),
    });
    const ev = await waitFor(
      async () => (await events("odd", "odd")).find((e) => e.reason === "InvalidResourceProfile"),
      3000,
      "InvalidResourceProfile",
    );
    expect(ev.type).toBe("Warning");
    expect(ev.message).toContain("quantum-gpu");
  });

  it("scales with spec.replicas, to zero, and frees GPUs for waiting models when a model goes", async () => {
    await useNamespace("share");
    await api.custom.createNamespacedCustomObject({
      ...GROUP,
      namespace: "share",
      body: model("hog", { resourceProfile: "nvidia-gpu-h100:8", replicas: 1 }),
    });
    await waitFor(async () => (await replicas("share", "hog")).ready === 1, 3000, "hog ready");
    await api.custom.createNamespacedCustomObject({
      ...GROUP,
      namespace: "share",
      body: model("waiter", { resourceProfile: "nvidia-gpu-h100:2", replicas: 1 }),
    });
    await waitFor(async () => (await events("share", "waiter")).some((e) => e.reason === "FailedScheduling"), 3000, "waiter blocked");
    await api.custom.patchNamespacedCustomObject({ ...GROUP, namespace: "share", name: "hog", body: { spec: { replicas: 0 } } }, merge);
    await waitFor(async () => (await replicas("share", "hog")).all === 0, 3000, "hog scaled to zero");
    await waitFor(async () => (await replicas("share", "waiter")).ready === 1, 3000, "waiter ready");
    await api.custom.patchNamespacedCustomObject({ ...GROUP, namespace: "share", name: "waiter", body: { spec: { replicas: 3 } } }, merge);
    await waitFor(async () => (await replicas("share", "waiter")).ready === 3, 3000, "three waiters ready");
    await api.custom.deleteNamespacedCustomObject({ ...GROUP, namespace: "share", name: "waiter" });
    await waitFor(async () => (await api.core.listNamespacedPod({ namespace: "share" })).items.length === 0, 3000, "pods collected");
  });

  it("runs only spec.replicas when autoscaling is disabled, not minReplicas, and minReplicas again once it is enabled", async () => {
    await useNamespace("pinned");
    await api.custom.createNamespacedCustomObject({
      ...GROUP,
      namespace: "pinned",
      body: model("held", { minReplicas: 1, autoscalingDisabled: true }),
    });
    await waitFor(async () => (await replicas("pinned", "held")).all !== undefined, 3000, "status written");
    await new Promise((r) => setTimeout(r, 300));
    expect(await replicas("pinned", "held")).toEqual({ all: 0, ready: 0 });
    const body = { spec: { autoscalingDisabled: false } };
    await api.custom.patchNamespacedCustomObject({ ...GROUP, namespace: "pinned", name: "held", body }, merge);
    await waitFor(async () => (await replicas("pinned", "held")).ready === 1, 3000, "min replica ready");
    const stop = { spec: { replicas: 0, autoscalingDisabled: true } };
    await api.custom.patchNamespacedCustomObject({ ...GROUP, namespace: "pinned", name: "held", body: stop }, merge);
    await waitFor(async () => (await api.core.listNamespacedPod({ namespace: "pinned" })).items.length === 0, 3000, "pods removed");
    expect(await replicas("pinned", "held")).toEqual({ all: 0, ready: 0 });
  });

  it("treats minReplicas 0 without replicas as scaled to zero and marks the cache loaded when ready", async () => {
    await useNamespace("zero");
    await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: "zero", body: model("idle", { minReplicas: 0 }) });
    await waitFor(async () => (await replicas("zero", "idle")).all === 0, 3000, "status written");
    expect(await replicas("zero", "idle")).toEqual({ all: 0, ready: 0 });
    await api.custom.createNamespacedCustomObject({
      ...GROUP,
      namespace: "zero",
      body: model("cached", { minReplicas: 1, cacheProfile: "standard" }),
    });
    const loaded = await waitFor(
      async () => {
        const o = record(await api.custom.getNamespacedCustomObject({ ...GROUP, namespace: "zero", name: "cached" }));
        const cache = record(record(o.status ?? {}).cache ?? {});
        return cache.loaded === true ? o : undefined;
      },
      3000,
      "cache loaded",
    );
    expect(record(loaded.status).replicas).toEqual({ all: 1, ready: 1 });
  });
});

describe("custom nodes", () => {
  it("schedules against the nodes it is given", async () => {
    const small = await startSandboxCluster({
      controller: { loadingDelayMs: 50, readyDelayMs: 100 },
      nodes: [{ name: "tiny", capacity: { cpu: 2, memory: "4Gi" } }],
    });
    try {
      const c = clientsFor(small);
      const nodes = await c.core.listNode();
      expect(nodes.items.map((n) => [n.metadata?.name, n.status?.allocatable?.cpu])).toEqual([["tiny", "2"]]);
      await c.custom.createNamespacedCustomObject({
        ...GROUP,
        namespace: "kubeai",
        body: model("hungry", { resourceProfile: "cpu:4", minReplicas: 1 }),
      });
      const ev = await waitFor(
        async () => (await c.core.listNamespacedEvent({ namespace: "kubeai" })).items.find((e) => e.reason === "FailedScheduling"),
        3000,
        "FailedScheduling",
      );
      expect(ev.message).toBe("0/1 nodes are available: tiny has 2 of 2 cpu free, 4 requested.");
    } finally {
      await small.close();
    }
  });
});
