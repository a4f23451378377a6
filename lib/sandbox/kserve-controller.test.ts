// The simulated KServe controller through client-node (scheduling, model states, URLs, stop/start, scale to zero,
// storage), and on a bare store for what has no API (requests waking a service scaled to zero).
import path from "node:path";
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readManifestDocuments } from "./crd-files";
import { CrdValidator } from "./crd-validator";
import { startSandboxCluster, type SandboxCluster } from "./index";
import { INFERENCE_SERVICES, KServeController } from "./kserve-controller";
import { builtInRuntimes, CLUSTER_SERVING_RUNTIMES } from "./kserve-runtimes";
import { DEFAULT_NODES, nodeObject } from "./nodes";
import { ObjectStore } from "./store";
import { clientsFor, inferenceService, ISVC, record, sandboxFetch, waitFor, type Clients } from "./testing";
import { getPath, type KubeObject } from "./types";

let cluster: SandboxCluster;
let api: Clients;
const merge = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
const RAW = { "serving.kserve.io/deploymentMode": "RawDeployment" };
const SERVERLESS = { "serving.kserve.io/deploymentMode": "Serverless" };
const SKLEARN = { model: { modelFormat: { name: "sklearn" }, storageUri: "gs://kfserving-examples/models/sklearn/1.0/model" } };

beforeAll(async () => {
  cluster = await startSandboxCluster({ controller: { loadingDelayMs: 100, readyDelayMs: 250 }, kserve: { idleDelayMs: 600 } });
  api = clientsFor(cluster);
});
afterAll(() => cluster.close());

async function useNamespace(name: string): Promise<void> {
  await api.core.createNamespace({ body: { metadata: { name } } });
}

async function create(ns: string, body: Record<string, unknown>): Promise<void> {
  await api.custom.createNamespacedCustomObject({ ...ISVC, namespace: ns, body });
}

async function get(ns: string, name: string): Promise<Record<string, unknown>> {
  return record(await api.custom.getNamespacedCustomObject({ ...ISVC, namespace: ns, name }));
}

async function status(ns: string, name: string): Promise<Record<string, unknown>> {
  return record((await get(ns, name)).status ?? {});
}

function condition(s: Record<string, unknown>, type: string): Record<string, unknown> | undefined {
  const list = Array.isArray(s.conditions) ? s.conditions.map(record) : [];
  return list.find((c) => c.type === type);
}

function isReady(s: Record<string, unknown>): boolean {
  return condition(s, "Ready")?.status === "True";
}

async function waitReady(ns: string, name: string): Promise<Record<string, unknown>> {
  return waitFor(
    async () => {
      const s = await status(ns, name);
      return isReady(s) ? s : undefined;
    },
    5000,
    `${name} Ready`,
  );
}

async function pods(ns: string, name: string): Promise<Awaited<ReturnType<Clients["core"]["listNamespacedPod"]>>["items"]> {
  return (await api.core.listNamespacedPod({ namespace: ns, labelSelector: `serving.kserve.io/inferenceservice=${name}` })).items;
}

async function events(ns: string, name: string): Promise<{ type?: string; reason?: string; message?: string }[]> {
  const list = await api.core.listNamespacedEvent({
    namespace: ns,
    fieldSelector: `involvedObject.name=${name},involvedObject.kind=InferenceService`,
  });
  return list.items;
}

/** The STATUS column `kubectl get pods` prints (a server-side Table). */
async function podStatusColumn(ns: string): Promise<unknown[]> {
  const accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
  const body = record(await (await sandboxFetch(cluster, `/api/v1/namespaces/${ns}/pods`, { headers: { Accept: accept } })).json());
  const column = (body.columnDefinitions as { name: string }[]).findIndex((c) => c.name === "Status");
  return (body.rows as { cells: unknown[] }[]).map((r) => r.cells[column]);
}

describe("simulated KServe controller", () => {
  it("takes a Standard-mode sklearn service through Pending and Loading to Loaded, with its URLs, pods and events", async () => {
    await useNamespace("raw");
    const targets: string[] = [];
    const watch = await api.watch.watch(
      "/apis/serving.kserve.io/v1beta1/namespaces/raw/inferenceservices",
      {},
      (_type, object) => {
        const target = record(record(record(object).status ?? {}).modelStatus ?? {}).states;
        const state = target ? String(record(target).targetModelState) : undefined;
        if (state && targets[targets.length - 1] !== state) targets.push(state);
      },
      () => undefined,
    );
    try {
      await create("raw", inferenceService("iris", SKLEARN, RAW));
      const ready = await waitReady("raw", "iris");
      expect(targets).toEqual(["Pending", "Loading", "Loaded"]);
      expect(ready).toMatchObject({
        url: "http://iris-raw.example.com",
        address: { url: "http://iris-predictor.raw.svc.cluster.local" },
        deploymentMode: "Standard",
        clusterServingRuntimeName: "kserve-sklearnserver",
        modelStatus: { transitionStatus: "UpToDate", states: { activeModelState: "Loaded", targetModelState: "Loaded" } },
      });
    } finally {
      watch.abort();
    }
    const [pod] = await pods("raw", "iris");
    expect(pod.spec?.nodeName).toBe("cpu-node-1");
    expect(pod.metadata?.labels).toMatchObject({ app: "isvc.iris-predictor", component: "predictor" });
    expect(pod.spec?.initContainers?.[0]?.args).toEqual(["gs://kfserving-examples/models/sklearn/1.0/model", "/mnt/models"]);
    expect(pod.status?.containerStatuses?.map((c) => [c.name, c.ready])).toEqual([["kserve-container", true]]);
    expect((await events("raw", "iris")).map((e) => e.reason)).toEqual(["Scheduled", "InferenceServiceReady"]);
  });

  it("writes statuses the InferenceService CRD accepts", async () => {
    const crd = readManifestDocuments(path.join(process.cwd(), "chart/files/crds/serving.kserve.io_inferenceservices.yaml"))[0];
    const outcome = new CrdValidator(crd).validate(record(await get("raw", "iris")) as never, undefined, {
      fieldValidation: "Strict",
      statusOnly: true,
    });
    expect(outcome.causes).toEqual([]);
  });

  it("serves a GPU model in Knative mode on a GPU node, with Knative's URLs and revision", async () => {
    await useNamespace("llm");
    const predictor = {
      model: {
        modelFormat: { name: "huggingface" },
        storageUri: "hf://Qwen/Qwen2.5-7B-Instruct",
        resources: { limits: { "nvidia.com/gpu": "1" } },
      },
    };
    await create("llm", inferenceService("qwen", predictor, SERVERLESS));
    const ready = await waitReady("llm", "qwen");
    expect(ready).toMatchObject({
      url: "http://qwen.llm.example.com",
      address: { url: "http://qwen.llm.svc.cluster.local" },
      deploymentMode: "Knative",
      components: { predictor: { latestReadyRevision: "qwen-predictor-00001" } },
    });
    expect(condition(ready, "LatestDeploymentReady")).toMatchObject({ status: "True", severity: "Info" });
    const [pod] = await pods("llm", "qwen");
    expect(pod.spec?.nodeName).toMatch(/^gpu-/);
    expect(pod.metadata?.name).toMatch(/^qwen-predictor-00001-deployment-/);
    expect(pod.spec?.containers.map((c) => c.name)).toEqual(["kserve-container", "queue-proxy"]);
    expect(pod.spec?.containers[0].resources?.requests).toMatchObject({ "nvidia.com/gpu": "1" });
  });

  it("keeps a service that fits no node not ready, with the scheduler's reason and a FailedScheduling warning", async () => {
    await useNamespace("huge");
    const predictor = {
      model: {
        modelFormat: { name: "huggingface" },
        storageUri: "hf://meta-llama/Llama-3.1-405B",
        resources: { limits: { "nvidia.com/gpu": "16" } },
      },
    };
    await create("huge", inferenceService("giant", predictor, RAW));
    const warning = await waitFor(
      async () => (await events("huge", "giant")).find((e) => e.reason === "FailedScheduling"),
      3000,
      "FailedScheduling",
    );
    expect(warning.type).toBe("Warning");
    await new Promise((r) => setTimeout(r, 400));
    const s = await status("huge", "giant");
    expect(condition(s, "PredictorReady")).toMatchObject({ status: "False", reason: "Unschedulable", message: warning.message });
    expect(String(warning.message)).toMatch(/^0\/3 nodes are available: 1 node has no nvidia\.com\/gpu; .*16 requested\.$/);
    expect(isReady(s)).toBe(false);
    expect(record(s.modelStatus)).toMatchObject({ transitionStatus: "InProgress", states: { targetModelState: "Pending" } });
  });

  it("stops on serving.kserve.io/stop and starts again when the annotation goes", async () => {
    await useNamespace("pause");
    await create("pause", inferenceService("iris", SKLEARN, RAW));
    await waitReady("pause", "iris");
    const annotate = (value: string | null): Promise<unknown> =>
      api.custom.patchNamespacedCustomObject(
        { ...ISVC, namespace: "pause", name: "iris", body: { metadata: { annotations: { "serving.kserve.io/stop": value } } } },
        merge,
      );
    await annotate("true");
    const stopped = await waitFor(
      async () => {
        const s = await status("pause", "iris");
        return condition(s, "Stopped")?.status === "True" ? s : undefined;
      },
      3000,
      "Stopped",
    );
    expect(Object.keys(stopped).sort()).toEqual(["conditions", "deploymentMode"]);
    expect(condition(stopped, "PredictorReady")).toMatchObject({ status: "False", reason: "Stopped" });
    expect(condition(stopped, "Ready")).toMatchObject({ status: "False", reason: "Stopped" });
    expect(await pods("pause", "iris")).toEqual([]);
    expect((await events("pause", "iris")).map((e) => e.reason)).toContain("InferenceServiceNotReady");
    await annotate(null);
    const resumed = await waitReady("pause", "iris");
    expect(condition(resumed, "Stopped")?.status).toBe("False");
    expect(resumed.url).toBe("http://iris-pause.example.com");
    expect(await pods("pause", "iris")).toHaveLength(1);
  });

  it("scales a Knative service with minReplicas 0 to zero when idle, but keeps a Standard one running", async () => {
    await useNamespace("idle");
    await create("idle", inferenceService("sleepy", { ...SKLEARN, minReplicas: 0 }, SERVERLESS));
    await create("idle", inferenceService("awake", { ...SKLEARN, minReplicas: 0 }, RAW));
    await waitReady("idle", "sleepy");
    expect(await pods("idle", "sleepy")).toHaveLength(1);
    const asleep = await waitFor(
      async () => {
        const s = await status("idle", "sleepy");
        return record(record(s.modelStatus ?? {}).states ?? {}).activeModelState === "Standby" ? s : undefined;
      },
      3000,
      "scaled to zero",
    );
    expect(isReady(asleep)).toBe(true);
    expect(asleep.modelStatus).toMatchObject({ transitionStatus: "UpToDate", copies: { failedCopies: 0 } });
    expect(await pods("idle", "sleepy")).toEqual([]);
    expect((await events("idle", "sleepy")).map((e) => e.reason)).toContain("ScaledToZero");
    expect(await pods("idle", "awake")).toHaveLength(1);
  });

  it("ends an unsupported storage scheme in InvalidSpec/FailedToLoad without running a predictor", async () => {
    await useNamespace("store");
    await create("store", inferenceService("ftp", { model: { modelFormat: { name: "sklearn" }, storageUri: "ftp://files/model.joblib" } }));
    const s = await waitFor(
      async () => {
        const x = await status("store", "ftp");
        return x.modelStatus ? x : undefined;
      },
      3000,
      "status",
    );
    expect(s.modelStatus).toMatchObject({
      transitionStatus: "InvalidSpec",
      states: { targetModelState: "FailedToLoad" },
      lastFailureInfo: { reason: "InvalidPredictorSpec" },
    });
    expect(String(record(record(s.modelStatus).lastFailureInfo).message)).toContain(
      "StorageUri [ftp://files/model.joblib] is not supported.",
    );
    expect(await pods("store", "ftp")).toEqual([]);
    expect((await events("store", "ftp")).map((e) => [e.type, e.reason])).toEqual([["Warning", "InternalError"]]);
  });

  it("fails to load from a pvc:// claim that does not exist, and loads once the claim is created", async () => {
    const predictor = { model: { modelFormat: { name: "sklearn" }, storageUri: "pvc://weights/iris/model.joblib" } };
    await create("store", inferenceService("claimed", predictor, RAW));
    const failed = await waitFor(
      async () => {
        const s = await status("store", "claimed");
        return record(s.modelStatus ?? {}).transitionStatus === "BlockedByFailedLoad" ? s : undefined;
      },
      3000,
      "FailedToLoad",
    );
    expect(failed.modelStatus).toMatchObject({
      states: { targetModelState: "FailedToLoad" },
      lastFailureInfo: {
        reason: "ModelLoadFailed",
        message: 'persistentvolumeclaim "weights" not found in namespace "store"',
        exitCode: 1,
      },
    });
    const [pod] = await pods("store", "claimed");
    expect(pod.status?.initContainerStatuses?.[0]).toMatchObject({
      name: "storage-initializer",
      state: { waiting: { reason: "CrashLoopBackOff" } },
      lastState: { terminated: { exitCode: 1, reason: "Error" } },
    });
    expect((await events("store", "claimed")).map((e) => e.reason)).toContain("ModelLoadFailed");
    expect(await podStatusColumn("store")).toEqual(["Init:CrashLoopBackOff"]);
    await api.core.createNamespacedPersistentVolumeClaim({
      namespace: "store",
      body: { metadata: { name: "weights" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } } },
    });
    const loaded = await waitReady("store", "claimed");
    expect(loaded.modelStatus).toMatchObject({ transitionStatus: "UpToDate", states: { activeModelState: "Loaded" } });
  });

  it("serves ClusterServingRuntimes cluster-wide, the reference ones included, and follows changes to them", async () => {
    const list = record(
      await api.custom.listClusterCustomObject({ group: "serving.kserve.io", version: "v1alpha1", plural: "clusterservingruntimes" }),
    );
    const names = (list.items as unknown[]).map((i) => String(record(record(i).metadata).name));
    expect(names).toEqual(
      expect.arrayContaining(["kserve-huggingfaceserver", "kserve-vllmserver", "kserve-sklearnserver", "kserve-tritonserver"]),
    );
    await useNamespace("rt");
    await create(
      "rt",
      inferenceService(
        "vllm",
        { model: { modelFormat: { name: "vLLM" }, runtime: "kserve-vllmserver", storageUri: "hf://facebook/opt-125m" } },
        RAW,
      ),
    );
    expect(await waitReady("rt", "vllm")).toMatchObject({ clusterServingRuntimeName: "kserve-vllmserver" });
    await api.custom.patchClusterCustomObject(
      {
        group: "serving.kserve.io",
        version: "v1alpha1",
        plural: "clusterservingruntimes",
        name: "kserve-vllmserver",
        body: { spec: { disabled: true } },
      },
      merge,
    );
    const disabled = await waitFor(
      async () => {
        const s = await status("rt", "vllm");
        return record(s.modelStatus ?? {}).transitionStatus === "InvalidSpec" ? s : undefined;
      },
      3000,
      "RuntimeDisabled",
    );
    expect(record(disabled.modelStatus).lastFailureInfo).toEqual({ reason: "RuntimeDisabled", message: "Specified runtime is disabled" });
    expect(await pods("rt", "vllm")).toEqual([]);
  });
});

describe("claims named in the sandbox settings", () => {
  it("treats them as existing in every namespace", async () => {
    const other = await startSandboxCluster({
      controller: { loadingDelayMs: 50, readyDelayMs: 100 },
      kserve: { existingClaims: ["models"], defaultDeploymentMode: "Standard", ingressDomain: "models.internal" },
    });
    try {
      const c = clientsFor(other);
      const predictor = { model: { modelFormat: { name: "sklearn" }, storageUri: "pvc://models/iris" } };
      await c.custom.createNamespacedCustomObject({ ...ISVC, namespace: "default", body: inferenceService("iris", predictor) });
      const s = await waitFor(
        async () => {
          const o = record(record(await c.custom.getNamespacedCustomObject({ ...ISVC, namespace: "default", name: "iris" })).status ?? {});
          return isReady(o) ? o : undefined;
        },
        3000,
        "Ready",
      );
      expect(s).toMatchObject({ deploymentMode: "Standard", url: "http://iris-default.models.internal" });
    } finally {
      await other.close();
    }
  });
});

describe("requests to a scaled-to-zero service", () => {
  it("bring its predictor back while it stays Ready, and restart the idle clock", async () => {
    const store = new ObjectStore();
    DEFAULT_NODES.forEach((n, i) => store.put("/nodes", nodeObject(n, i, "2025-01-01T00:00:00Z")));
    for (const r of builtInRuntimes()) store.put(CLUSTER_SERVING_RUNTIMES, r);
    const controller = new KServeController(store, {
      loadingDelayMs: 30,
      readyDelayMs: 60,
      idleDelayMs: 200,
      defaultDeploymentMode: "Knative",
      ingressDomain: "example.com",
      existingClaims: [],
    });
    controller.start();
    try {
      const body = inferenceService("lazy", { ...SKLEARN, minReplicas: 0 });
      store.put(INFERENCE_SERVICES, {
        ...(body as KubeObject),
        metadata: { name: "lazy", namespace: "default", uid: "u-lazy", generation: 1 },
      });
      const stateOf = (): unknown => getPath(store.get(INFERENCE_SERVICES, "default", "lazy"), ["status", "modelStatus", "states"]);
      const podCount = (): number => store.list("/pods", "default").length;
      await waitFor(() => record(stateOf() ?? {}).activeModelState === "Standby", 3000, "Standby");
      expect(podCount()).toBe(0);
      controller.noteRequest("default", "lazy");
      await waitFor(() => podCount() === 1, 1000, "a pod again");
      expect(isReady(record(store.get(INFERENCE_SERVICES, "default", "lazy")?.status))).toBe(true);
      expect(stateOf()).toMatchObject({ activeModelState: "Standby" });
      await waitFor(() => record(stateOf() ?? {}).activeModelState === "Loaded", 1000, "Loaded");
      await waitFor(() => record(stateOf() ?? {}).activeModelState === "Standby", 3000, "Standby again");
      expect(podCount()).toBe(0);
    } finally {
      controller.stop();
    }
  });
});
