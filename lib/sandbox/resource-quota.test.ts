// ResourceQuota in the sandbox: the quota controller's status, admission of API creates (403 in the API server's
// words), workload controllers' pods held back with FailedCreate until quota allows them, and kubectl get/describe.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PatchStrategy, setHeaderOptions, type V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addQuantities, formatQuantity, parseExactQuantity, type Quantity } from "./exact-quantity";
import { startSandboxCluster, type SandboxCluster } from "./index";
import { clientsFor, failure, GROUP, inferenceService, ISVC, model, record, waitFor, type Clients } from "./testing";

const run = promisify(execFile);
const merge = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
const RAW = { "serving.kserve.io/deploymentMode": "RawDeployment" };
const SKLEARN = { model: { modelFormat: { name: "sklearn" }, storageUri: "gs://kfserving-examples/models/sklearn/1.0/model" } };
let cluster: SandboxCluster;
let api: Clients;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "sandbox-quota-"));
  cluster = await startSandboxCluster({ controller: { loadingDelayMs: 50, readyDelayMs: 100 } });
  api = clientsFor(cluster);
  writeFileSync(path.join(dir, "kubeconfig"), cluster.kubeconfigYaml);
});
afterAll(async () => {
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

async function useNamespace(name: string, hard?: Record<string, string>): Promise<void> {
  await api.core.createNamespace({ body: { metadata: { name } } });
  if (hard) await api.core.createNamespacedResourceQuota({ namespace: name, body: { metadata: { name: "tenant-quota" }, spec: { hard } } });
}

async function quotaStatus(ns: string, name = "tenant-quota"): Promise<{ hard?: Record<string, string>; used?: Record<string, string> }> {
  return (await api.core.readNamespacedResourceQuota({ namespace: ns, name })).status ?? {};
}

/** Waits until status.used shows `used` (and returns the status). */
async function waitUsed(
  ns: string,
  used: Record<string, string>,
): Promise<{ hard?: Record<string, string>; used?: Record<string, string> }> {
  return waitFor(
    async () => {
      const s = await quotaStatus(ns);
      return JSON.stringify(s.used) === JSON.stringify(used) ? s : undefined;
    },
    3000,
    `used ${JSON.stringify(used)}`,
  );
}

function pod(name: string, resources: { requests?: Record<string, string>; limits?: Record<string, string> } = {}): V1Pod {
  return { metadata: { name }, spec: { containers: [{ name: "app", image: "busybox", resources }] } };
}

async function warnings(
  ns: string,
  kind: string,
  name: string,
): Promise<{ reason?: string; message?: string; source?: { component?: string } }[]> {
  const list = await api.core.listNamespacedEvent({
    namespace: ns,
    fieldSelector: `involvedObject.name=${name},involvedObject.kind=${kind},type=Warning`,
  });
  return list.items;
}

async function replicas(ns: string, name: string): Promise<unknown> {
  return record(record(await api.custom.getNamespacedCustomObject({ ...GROUP, namespace: ns, name })).status ?? {}).replicas;
}

describe("quantities", () => {
  const sum = (...values: string[]): string =>
    formatQuantity(values.map((v) => parseExactQuantity(v) as Quantity).reduce<Quantity | undefined>(addQuantities, undefined) as Quantity);

  it("adds and prints them the way Kubernetes' Quantity does", () => {
    expect(sum("1", "500m")).toBe("1500m");
    expect(sum("250m", "750m")).toBe("1");
    expect(sum("24Gi", "24Gi")).toBe("48Gi");
    expect(sum("1Gi", "512Mi")).toBe("1536Mi");
    expect(sum("0.5Gi")).toBe("512Mi");
    expect(sum("1000")).toBe("1k");
    expect(sum("1500")).toBe("1500");
    expect(sum("2", "2")).toBe("4");
    expect(parseExactQuantity("two")).toBeUndefined();
  });
});

describe("ResourceQuota through the API", () => {
  it("mirrors spec.hard in status.hard and keeps status.used current for pods, extended resources and object counts", async () => {
    await useNamespace("q-status", {
      pods: "10",
      "requests.cpu": "4000m",
      "requests.memory": "8Gi",
      "limits.memory": "16Gi",
      "requests.amd.com/gpu": "2",
      "count/models.kubeai.org": "5",
    });
    const initial = await waitUsed("q-status", {
      "count/models.kubeai.org": "0",
      "limits.memory": "0",
      pods: "0",
      "requests.amd.com/gpu": "0",
      "requests.cpu": "0",
      "requests.memory": "0",
    });
    expect(initial.hard).toEqual({
      "count/models.kubeai.org": "5",
      "limits.memory": "16Gi",
      pods: "10",
      "requests.amd.com/gpu": "2",
      "requests.cpu": "4",
      "requests.memory": "8Gi",
    });
    const gpuPod = pod("a", { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi", "amd.com/gpu": "1" } });
    const created = await api.core.createNamespacedPod({ namespace: "q-status", body: gpuPod });
    expect(created.spec?.containers[0].resources?.requests).toEqual({ cpu: "500m", memory: "1Gi", "amd.com/gpu": "1" });
    await api.core.createNamespacedPod({
      namespace: "q-status",
      body: pod("b", { requests: { cpu: "1", memory: "512Mi" }, limits: { memory: "1Gi" } }),
    });
    await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: "q-status", body: model("idle", { minReplicas: 0 }) });
    await waitUsed("q-status", {
      "count/models.kubeai.org": "1",
      "limits.memory": "3Gi",
      pods: "2",
      "requests.amd.com/gpu": "1",
      "requests.cpu": "1500m",
      "requests.memory": "1536Mi",
    });
    await api.core.deleteNamespacedPod({ namespace: "q-status", name: "a" });
    const current = await api.core.readNamespacedResourceQuota({ namespace: "q-status", name: "tenant-quota" });
    const replaced = { ...current, spec: { hard: { pods: "3", "requests.cpu": "2" } } };
    await api.core.replaceNamespacedResourceQuota({ namespace: "q-status", name: "tenant-quota", body: replaced });
    const after = await waitUsed("q-status", { pods: "1", "requests.cpu": "1" });
    expect(after.hard).toEqual({ pods: "3", "requests.cpu": "2" });
  });

  it("refuses a pod create over quota with a 403 naming only the exceeded resources", async () => {
    await useNamespace("q-pods", { "requests.nvidia.com/gpu": "4", pods: "2" });
    await api.core.createNamespacedPod({ namespace: "q-pods", body: pod("p1", { limits: { "nvidia.com/gpu": "3" } }) });
    const refused = await failure(
      api.core.createNamespacedPod({ namespace: "q-pods", body: pod("p2", { limits: { "nvidia.com/gpu": "2" } }) }),
    );
    expect(refused).toEqual({
      code: 403,
      body: {
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message:
          'pods "p2" is forbidden: exceeded quota: tenant-quota, requested: requests.nvidia.com/gpu=2, used: requests.nvidia.com/gpu=3, limited: requests.nvidia.com/gpu=4',
        reason: "Forbidden",
        details: { name: "p2", kind: "pods" },
        code: 403,
      },
    });
    expect((await failure(api.core.readNamespacedPod({ namespace: "q-pods", name: "p2" }))).code).toBe(404);
    await api.core.createNamespacedPod({ namespace: "q-pods", body: pod("p3", { limits: { "nvidia.com/gpu": "1" } }) });
    const both = await failure(
      api.core.createNamespacedPod({ namespace: "q-pods", body: pod("p4", { limits: { "nvidia.com/gpu": "1" } }) }),
    );
    expect(both.body.message).toBe(
      'pods "p4" is forbidden: exceeded quota: tenant-quota, requested: pods=1,requests.nvidia.com/gpu=1, used: pods=2,requests.nvidia.com/gpu=4, limited: pods=2,requests.nvidia.com/gpu=4',
    );
  });

  it("refuses a pod whose containers do not state the cpu and memory a quota tracks", async () => {
    await useNamespace("q-must", { "requests.cpu": "4", "requests.memory": "4Gi" });
    const body: V1Pod = {
      metadata: { name: "bare" },
      spec: {
        containers: [
          { name: "app", image: "busybox" },
          { name: "sidecar", image: "busybox", resources: { limits: { cpu: "100m" } } },
        ],
      },
    };
    const refused = await failure(api.core.createNamespacedPod({ namespace: "q-must", body }));
    expect(refused.code).toBe(403);
    expect(refused.body.message).toBe(
      'pods "bare" is forbidden: failed quota: tenant-quota: must specify requests.cpu for: app; requests.memory for: app,sidecar',
    );
    const stated = pod("stated", { limits: { cpu: "1", memory: "1Gi" } });
    expect((await api.core.createNamespacedPod({ namespace: "q-must", body: stated })).metadata?.name).toBe("stated");
  });

  it("counts custom resources: the third Model is refused under count/models.kubeai.org 2", async () => {
    await useNamespace("q-count", { "count/models.kubeai.org": "2" });
    for (const name of ["m1", "m2"]) {
      await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: "q-count", body: model(name, { minReplicas: 0 }) });
    }
    const third = await failure(
      api.custom.createNamespacedCustomObject({ ...GROUP, namespace: "q-count", body: model("m3", { minReplicas: 0 }) }),
    );
    expect(third.code).toBe(403);
    expect(third.body).toMatchObject({
      reason: "Forbidden",
      message:
        'models.kubeai.org "m3" is forbidden: exceeded quota: tenant-quota, requested: count/models.kubeai.org=1, used: count/models.kubeai.org=2, limited: count/models.kubeai.org=2',
      details: { name: "m3", group: "kubeai.org", kind: "models" },
      code: 403,
    });
    await api.custom.deleteNamespacedCustomObject({ ...GROUP, namespace: "q-count", name: "m1" });
    await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: "q-count", body: model("m3", { minReplicas: 0 }) });
    await waitUsed("q-count", { "count/models.kubeai.org": "2" });
  });

  it("rejects a quota with an unknown resource name or a negative amount", async () => {
    await useNamespace("q-invalid");
    const body = { metadata: { name: "bad" }, spec: { hard: { gpus: "1", pods: "-1" } } };
    const refused = await failure(api.core.createNamespacedResourceQuota({ namespace: "q-invalid", body }));
    expect(refused.code).toBe(422);
    expect(refused.body.message).toBe(
      'ResourceQuota "bad" is invalid: [spec.hard[gpus]: Invalid value: "gpus": must be a standard resource for quota, spec.hard[pods]: Invalid value: "-1": must be greater than or equal to 0]',
    );
  });
});

describe("ResourceQuota across restarts", () => {
  it("is kept in the data directory and still enforced after a restart", async () => {
    const dataDir = path.join(dir, "data");
    const first = await startSandboxCluster({ dataDir, controller: false });
    const before = clientsFor(first);
    await before.core.createNamespace({ body: { metadata: { name: "kept" } } });
    const body = { metadata: { name: "tenant-quota" }, spec: { hard: { pods: "1" } } };
    await before.core.createNamespacedResourceQuota({ namespace: "kept", body });
    await before.core.createNamespacedPod({ namespace: "kept", body: pod("one") });
    await first.close();

    const second = await startSandboxCluster({ dataDir, controller: false });
    try {
      const after = clientsFor(second);
      const quota = await after.core.readNamespacedResourceQuota({ namespace: "kept", name: "tenant-quota" });
      expect(quota.spec?.hard).toEqual({ pods: "1" });
      expect(quota.status).toEqual({ hard: { pods: "1" }, used: { pods: "1" } });
      const refused = await failure(after.core.createNamespacedPod({ namespace: "kept", body: pod("two") }));
      expect(refused.body.message).toBe(
        'pods "two" is forbidden: exceeded quota: tenant-quota, requested: pods=1, used: pods=1, limited: pods=1',
      );
    } finally {
      await second.close();
    }
  });
});

describe("workload controllers under quota", () => {
  it("holds back KubeAI replicas over quota with a FailedCreate warning, and creates them when the quota is raised", async () => {
    await useNamespace("q-kubeai", { "requests.nvidia.com/gpu": "4", pods: "10" });
    const body = model("big", { resourceProfile: "nvidia-gpu-h100:2", replicas: 3 });
    await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: "q-kubeai", body });
    const failed = await waitFor(
      async () => (await warnings("q-kubeai", "Model", "big")).find((e) => e.reason === "FailedCreate"),
      3000,
      "FailedCreate",
    );
    expect(failed.message).toMatch(
      /^Error creating: pods "model-big-[a-z0-9]{5}" is forbidden: exceeded quota: tenant-quota, requested: requests\.nvidia\.com\/gpu=2, used: requests\.nvidia\.com\/gpu=4, limited: requests\.nvidia\.com\/gpu=4$/,
    );
    expect(failed.source?.component).toBe("kubeai-sandbox-controller");
    await waitFor(async () => JSON.stringify(await replicas("q-kubeai", "big")) === JSON.stringify({ all: 2, ready: 2 }), 3000, "2 ready");
    expect((await api.core.listNamespacedPod({ namespace: "q-kubeai" })).items).toHaveLength(2);
    expect((await quotaStatus("q-kubeai")).used).toEqual({ pods: "2", "requests.nvidia.com/gpu": "4" });
    expect((await warnings("q-kubeai", "Model", "big")).filter((e) => e.reason === "FailedCreate")).toHaveLength(1);

    await api.core.patchNamespacedResourceQuota(
      { namespace: "q-kubeai", name: "tenant-quota", body: { spec: { hard: { "requests.nvidia.com/gpu": "6" } } } },
      merge,
    );
    await waitFor(async () => JSON.stringify(await replicas("q-kubeai", "big")) === JSON.stringify({ all: 3, ready: 3 }), 3000, "3 ready");
    await waitUsed("q-kubeai", { pods: "3", "requests.nvidia.com/gpu": "6" });
    await api.custom.deleteNamespacedCustomObject({ ...GROUP, namespace: "q-kubeai", name: "big" });
    await waitUsed("q-kubeai", { pods: "0", "requests.nvidia.com/gpu": "0" });
  });

  it("holds back a KServe predictor pod over quota until another pod goes away", async () => {
    await useNamespace("q-kserve", { pods: "1", "count/inferenceservices.serving.kserve.io": "2" });
    const ready = (name: string) => async (): Promise<boolean> => {
      const s = record(record(await api.custom.getNamespacedCustomObject({ ...ISVC, namespace: "q-kserve", name })).status ?? {});
      return Array.isArray(s.conditions) && s.conditions.map(record).some((c) => c.type === "Ready" && c.status === "True");
    };
    await api.custom.createNamespacedCustomObject({ ...ISVC, namespace: "q-kserve", body: inferenceService("first", SKLEARN, RAW) });
    await waitFor(ready("first"), 5000, "first Ready");
    await api.custom.createNamespacedCustomObject({ ...ISVC, namespace: "q-kserve", body: inferenceService("second", SKLEARN, RAW) });
    const failed = await waitFor(
      async () => (await warnings("q-kserve", "InferenceService", "second")).find((e) => e.reason === "FailedCreate"),
      3000,
      "FailedCreate",
    );
    expect(failed.message).toMatch(
      /^Error creating: pods "second-predictor-[a-z0-9]+-[a-z0-9]{5}" is forbidden: exceeded quota: tenant-quota, requested: pods=1, used: pods=1, limited: pods=1$/,
    );
    expect(await ready("second")()).toBe(false);
    await waitUsed("q-kserve", { "count/inferenceservices.serving.kserve.io": "2", pods: "1" });
    const refused = await failure(
      api.custom.createNamespacedCustomObject({ ...ISVC, namespace: "q-kserve", body: inferenceService("third", SKLEARN, RAW) }),
    );
    expect(refused.body.message).toBe(
      'inferenceservices.serving.kserve.io "third" is forbidden: exceeded quota: tenant-quota, requested: count/inferenceservices.serving.kserve.io=1, used: count/inferenceservices.serving.kserve.io=2, limited: count/inferenceservices.serving.kserve.io=2',
    );

    await api.custom.deleteNamespacedCustomObject({ ...ISVC, namespace: "q-kserve", name: "first" });
    await waitFor(ready("second"), 5000, "second Ready");
    const pods = await api.core.listNamespacedPod({ namespace: "q-kserve" });
    expect(pods.items.map((p) => p.metadata?.labels?.["serving.kserve.io/inferenceservice"])).toEqual(["second"]);
  });
});

describe("kubectl and quotas", () => {
  async function kubectl(...rest: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const args = ["--kubeconfig", path.join(dir, "kubeconfig"), "--cache-dir", path.join(dir, "cache"), ...rest];
    try {
      const { stdout, stderr } = await run("kubectl", args, { timeout: 15_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = record(error);
      return { code: typeof e.code === "number" ? e.code : -1, stdout: String(e.stdout ?? ""), stderr: String(e.stderr ?? "") };
    }
  }

  function file(name: string, manifest: Record<string, unknown>): string {
    const p = path.join(dir, name);
    writeFileSync(p, JSON.stringify(manifest));
    return p;
  }

  const resources = (cpu: string, memory: string, limitCpu: string, limitMemory: string): Record<string, unknown> => ({
    requests: { cpu, memory },
    limits: { cpu: limitCpu, memory: limitMemory },
  });

  it("applies a quota, prints it with get and describe, and shows the API server's refusal", async () => {
    expect((await kubectl("create", "namespace", "q-kubectl")).code).toBe(0);
    const quota = {
      apiVersion: "v1",
      kind: "ResourceQuota",
      metadata: { name: "tenant-quota" },
      spec: { hard: { pods: "10", "requests.cpu": "2", "requests.memory": "4Gi", "limits.cpu": "4", "limits.memory": "8Gi" } },
    };
    expect((await kubectl("apply", "-n", "q-kubectl", "-f", file("quota.json", quota))).stdout.trim()).toBe(
      "resourcequota/tenant-quota created",
    );
    const small = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "small" },
      spec: { containers: [{ name: "app", image: "busybox", resources: resources("500m", "1Gi", "1", "2Gi") }] },
    };
    expect((await kubectl("create", "-n", "q-kubectl", "-f", file("small.json", small))).stdout.trim()).toBe("pod/small created");
    await waitUsed("q-kubectl", { "limits.cpu": "1", "limits.memory": "2Gi", pods: "1", "requests.cpu": "500m", "requests.memory": "1Gi" });

    const table = (await kubectl("get", "quota", "-n", "q-kubectl")).stdout
      .trim()
      .split("\n")
      .map((l) => l.trim().split(/\s{2,}/));
    expect(table[0]).toEqual(["NAME", "AGE", "REQUEST", "LIMIT"]);
    expect([table[1][0], ...table[1].slice(2)]).toEqual([
      "tenant-quota",
      "pods: 1/10, requests.cpu: 500m/2, requests.memory: 1Gi/4Gi",
      "limits.cpu: 1/4, limits.memory: 2Gi/8Gi",
    ]);

    const described = (await kubectl("describe", "quota", "tenant-quota", "-n", "q-kubectl")).stdout;
    expect(described).toMatch(/^Name:\s+tenant-quota$/m);
    expect(described).toMatch(/^Resource\s+Used\s+Hard$/m);
    expect(described).toMatch(/^requests\.cpu\s+500m\s+2$/m);
    expect(described).toMatch(/^limits\.memory\s+2Gi\s+8Gi$/m);

    const big = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "big" },
      spec: { containers: [{ name: "app", image: "busybox", resources: resources("2", "1Gi", "2", "1Gi") }] },
    };
    const bigFile = file("big.json", big);
    const refused = await kubectl("create", "-n", "q-kubectl", "-f", bigFile);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.trim()).toBe(
      `Error from server (Forbidden): error when creating "${bigFile}": pods "big" is forbidden: exceeded quota: tenant-quota, requested: requests.cpu=2, used: requests.cpu=500m, limited: requests.cpu=2`,
    );
  });
});
