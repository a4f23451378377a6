// The pods that stand for an InferenceService's predictor: how they are built and which stage their status shows.
import { generateName, newUid } from "./object-meta";
import type { DeploymentMode, PredictorPlan } from "./kserve-predictor";
import { type Delays, iso, podIp, scheduledAt, SPEC_HASH_ANNOTATION } from "./model-pods";
import { getPath, isRecord, nowIso, type JsonObject, type KubeObject } from "./types";

export const ISVC_LABEL = "serving.kserve.io/inferenceservice";
/** Why the simulated storage initializer cannot read the model; set when the pod is built. */
export const STORAGE_ERROR_ANNOTATION = "modelport.dev/storage-error";
export const STORAGE_INITIALIZER = "storage-initializer";
export const KSERVE_CONTAINER = "kserve-container";

/**
 * Initializing: bound, the storage initializer (or the server) starting. Loading: the storage initializer copying the
 * model (or the server loading it). Failed: the storage initializer exited with an error and is backing off.
 */
export type PredictorStage = "Unschedulable" | "Initializing" | "Loading" | "Ready" | "Failed";

export interface PredictorPodInput {
  mode: DeploymentMode;
  /** Knative revision name, e.g. `iris-predictor-00001`. */
  revision: string;
  storageError?: string;
}

function hasInitializer(pod: KubeObject): boolean {
  const init = getPath(pod, ["spec", "initContainers"]);
  return Array.isArray(init) && init.length > 0;
}

function containers(isvc: KubeObject, plan: PredictorPlan, mode: DeploymentMode): JsonObject[] {
  const server: JsonObject = {
    name: KSERVE_CONTAINER,
    image: plan.container.image,
    args: plan.container.args,
    resources: { requests: plan.container.requests, limits: plan.container.limits },
    ports: [{ containerPort: 8080, name: mode === "Knative" ? "user-port" : "http", protocol: "TCP" }],
  };
  if (plan.container.env.length > 0) server.env = plan.container.env;
  if (plan.storageUri) server.volumeMounts = [{ name: "kserve-provision-location", mountPath: "/mnt/models", readOnly: true }];
  if (mode !== "Knative") return [server];
  const queue: JsonObject = {
    name: "queue-proxy",
    image: "gcr.io/knative-releases/knative.dev/serving/cmd/queue:replace",
    env: [{ name: "SERVING_SERVICE", value: `${isvc.metadata.name ?? ""}-predictor` }],
    resources: { requests: { cpu: "25m" } },
  };
  return [server, queue];
}

export function newPredictorPod(isvc: KubeObject, plan: PredictorPlan, input: PredictorPodInput): KubeObject {
  const name = isvc.metadata.name ?? "isvc";
  const predictor = `${name}-predictor`;
  const labels: Record<string, string> = { [ISVC_LABEL]: name, component: "predictor", "pod-template-hash": plan.hash };
  let prefix: string;
  if (input.mode === "Knative") {
    prefix = `${input.revision}-deployment-${plan.hash}-`;
    Object.assign(labels, {
      app: input.revision,
      "serving.knative.dev/configuration": predictor,
      "serving.knative.dev/revision": input.revision,
      "serving.knative.dev/service": predictor,
    });
  } else {
    prefix = `${predictor}-${plan.hash}-`;
    labels.app = `isvc.${predictor}`;
  }
  const spec: JsonObject = {
    containers: containers(isvc, plan, input.mode),
    restartPolicy: "Always",
    schedulerName: "default-scheduler",
    serviceAccountName: String(getPath(isvc, ["spec", "predictor", "serviceAccountName"]) ?? "default"),
  };
  if (plan.storageUri) {
    spec.initContainers = [
      {
        name: STORAGE_INITIALIZER,
        image: "kserve/storage-initializer:replace",
        args: [plan.storageUri, "/mnt/models"],
        resources: { requests: { cpu: "100m", memory: "100Mi" }, limits: { cpu: "1", memory: "1Gi" } },
        volumeMounts: [{ name: "kserve-provision-location", mountPath: "/mnt/models" }],
      },
    ];
    spec.volumes = [{ name: "kserve-provision-location", emptyDir: {} }];
  }
  if (Object.keys(plan.nodeSelector).length > 0) spec.nodeSelector = plan.nodeSelector;
  if (plan.tolerations.length > 0) spec.tolerations = plan.tolerations;
  const annotations: Record<string, string> = { [SPEC_HASH_ANNOTATION]: plan.hash };
  if (input.storageError) annotations[STORAGE_ERROR_ANNOTATION] = input.storageError;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: generateName(prefix),
      namespace: isvc.metadata.namespace,
      uid: newUid(),
      creationTimestamp: nowIso(),
      labels,
      annotations,
      ownerReferences: [
        {
          apiVersion: "serving.kserve.io/v1beta1",
          kind: "InferenceService",
          name,
          uid: isvc.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec,
    status: { phase: "Pending" },
  };
}

export function predictorStage(pod: KubeObject, delays: Delays, now: number): PredictorStage {
  const at = scheduledAt(pod);
  if (at === undefined || typeof getPath(pod, ["spec", "nodeName"]) !== "string") return "Unschedulable";
  if (now - at >= delays.readyDelayMs) return pod.metadata.annotations?.[STORAGE_ERROR_ANNOTATION] ? "Failed" : "Ready";
  if (now - at >= delays.loadingDelayMs) return "Loading";
  return "Initializing";
}

/** The stage the pod's stored status shows (which may lag behind the clock). */
export function recordedPredictorStage(pod: KubeObject): PredictorStage {
  if (getPath(pod, ["status", "hostIP"]) === undefined) return "Unschedulable";
  const conditions = getPath(pod, ["status", "conditions"]);
  const readyCondition = Array.isArray(conditions) ? conditions.find((c) => isRecord(c) && c.type === "Ready") : undefined;
  if (isRecord(readyCondition) && readyCondition.status === "True") return "Ready";
  const inits = getPath(pod, ["status", "initContainerStatuses"]);
  const init: unknown = Array.isArray(inits) ? inits[0] : undefined;
  if (getPath(init, ["lastState", "terminated", "reason"]) === "Error") return "Failed";
  if (isRecord(getPath(init, ["state", "running"]))) return "Loading";
  return getPath(pod, ["status", "phase"]) === "Running" ? "Loading" : "Initializing";
}

function condition(type: string, ok: boolean, since: number, reason?: string, message?: string): JsonObject {
  const c: JsonObject = { type, status: ok ? "True" : "False", lastProbeTime: null, lastTransitionTime: iso(since) };
  if (!ok && reason) c.reason = reason;
  if (!ok && message) c.message = message;
  return c;
}

function imageOf(pod: KubeObject, list: "containers" | "initContainers", name: string): string {
  const all = getPath(pod, ["spec", list]);
  const found = Array.isArray(all) ? all.find((c) => isRecord(c) && c.name === name) : undefined;
  return isRecord(found) ? String(found.image ?? "") : "";
}

function containerNames(pod: KubeObject): string[] {
  const all = getPath(pod, ["spec", "containers"]);
  return Array.isArray(all) ? all.filter(isRecord).map((c) => String(c.name)) : [];
}

/** The initializer's status at a stage (a failed one is in CrashLoopBackOff with its last exit kept). */
function initializerStatus(pod: KubeObject, stage: PredictorStage, at: number, delays: Delays): JsonObject {
  const base = { name: STORAGE_INITIALIZER, image: imageOf(pod, "initContainers", STORAGE_INITIALIZER), imageID: "", ready: false };
  const started = iso(at + delays.loadingDelayMs);
  const finished = iso(at + delays.readyDelayMs);
  switch (stage) {
    case "Initializing":
    case "Unschedulable":
      return { ...base, restartCount: 0, started: false, state: { waiting: { reason: "PodInitializing" } } };
    case "Loading":
      return { ...base, restartCount: 0, started: true, state: { running: { startedAt: started } } };
    case "Ready":
      return {
        ...base,
        ready: true,
        restartCount: 0,
        started: false,
        state: { terminated: { exitCode: 0, reason: "Completed", startedAt: started, finishedAt: finished } },
      };
    case "Failed": {
      const message = pod.metadata.annotations?.[STORAGE_ERROR_ANNOTATION] ?? "";
      const waiting = `back-off 10s restarting failed container=${STORAGE_INITIALIZER} pod=${pod.metadata.name ?? ""}_${pod.metadata.namespace ?? ""}(${pod.metadata.uid ?? ""})`;
      return {
        ...base,
        restartCount: 1,
        started: false,
        state: { waiting: { reason: "CrashLoopBackOff", message: waiting } },
        lastState: { terminated: { exitCode: 1, reason: "Error", message, startedAt: started, finishedAt: finished } },
      };
    }
  }
}

/** The status a predictor pod shows at a stage; derived from fixed times so recomputing it never changes it. */
export function predictorPodStatus(
  pod: KubeObject,
  stage: PredictorStage,
  delays: Delays,
  unschedulable: string,
  nodeIndex: number,
): JsonObject {
  const created = pod.metadata.creationTimestamp ?? iso(Date.now());
  if (stage === "Unschedulable") {
    return {
      phase: "Pending",
      conditions: [condition("PodScheduled", false, Date.parse(created), "Unschedulable", unschedulable)],
      qosClass: "Burstable",
    };
  }
  const at = scheduledAt(pod) ?? Date.now();
  const init = hasInitializer(pod);
  const ready = stage === "Ready";
  // Without an initializer the server itself runs while it loads the model.
  const serverRunning = ready || (!init && stage === "Loading");
  const initialized = !init || ready;
  const names = containerNames(pod);
  const readyAt = at + delays.readyDelayMs;
  const status: JsonObject = {
    phase: serverRunning ? "Running" : "Pending",
    conditions: [
      condition("PodReadyToStartContainers", true, at),
      condition(
        "Initialized",
        initialized,
        init && ready ? readyAt : at,
        "ContainersNotInitialized",
        `containers with incomplete status: [${STORAGE_INITIALIZER}]`,
      ),
      condition("Ready", ready, ready ? readyAt : at, "ContainersNotReady", `containers with unready status: [${names.join(" ")}]`),
      condition(
        "ContainersReady",
        ready,
        ready ? readyAt : at,
        "ContainersNotReady",
        `containers with unready status: [${names.join(" ")}]`,
      ),
      condition("PodScheduled", true, at),
    ],
    hostIP: `10.0.0.${10 + nodeIndex}`,
    podIP: podIp(pod, nodeIndex),
    qosClass: "Burstable",
    startTime: iso(at),
    containerStatuses: names.map((name) => {
      const running = serverRunning || (name === "queue-proxy" && initialized);
      return {
        name,
        image: imageOf(pod, "containers", name),
        imageID: "",
        ready: ready,
        restartCount: 0,
        started: running,
        state: running
          ? { running: { startedAt: iso(ready ? readyAt : at + delays.loadingDelayMs) } }
          : { waiting: { reason: init ? "PodInitializing" : "ContainerCreating" } },
      };
    }),
  };
  if (init) status.initContainerStatuses = [initializerStatus(pod, stage, at, delays)];
  return status;
}
