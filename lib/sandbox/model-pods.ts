// The pods that stand for a Model's replicas: how they are built and which lifecycle stage their status shows.
import { createHash } from "node:crypto";
import { generateName, newUid } from "./object-meta";
import type { Toleration } from "./profiles";
import { POD_PROFILE_ANNOTATION, SCHEDULED_AT_ANNOTATION } from "./scheduler";
import { getPath, isRecord, nowIso, type KubeObject } from "./types";

export const PODS = "/pods";
export const MODEL_LABEL = "model";
export const SPEC_HASH_ANNOTATION = "modelport.dev/spec-hash";

export type Stage = "Unschedulable" | "ContainerCreating" | "Loading" | "Ready";

export interface PodTemplate {
  image: string;
  args: string[];
  requests: Record<string, string>;
  limits: Record<string, string>;
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  profile?: string;
  specHash: string;
}

export interface Delays {
  loadingDelayMs: number;
  readyDelayMs: number;
}

/** Changes to these fields replace the replicas; scaling fields do not. */
export function specHash(spec: Record<string, unknown>): string {
  const relevant = {
    url: spec.url,
    engine: spec.engine,
    resourceProfile: spec.resourceProfile,
    args: spec.args,
    env: spec.env,
    image: spec.image,
    files: spec.files,
  };
  return createHash("sha256").update(JSON.stringify(relevant)).digest("hex").slice(0, 10);
}

export function newModelPod(model: KubeObject, template: PodTemplate): KubeObject {
  const name = model.metadata.name ?? "model";
  const container: Record<string, unknown> = {
    name: "server",
    image: template.image,
    args: template.args,
    resources: { requests: template.requests, limits: template.limits },
  };
  const spec: Record<string, unknown> = {
    containers: [container],
    restartPolicy: "Always",
    schedulerName: "default-scheduler",
    serviceAccountName: "kubeai-models",
  };
  if (Object.keys(template.nodeSelector).length > 0) spec.nodeSelector = template.nodeSelector;
  if (template.tolerations.length > 0) spec.tolerations = template.tolerations;
  const annotations: Record<string, string> = { [SPEC_HASH_ANNOTATION]: template.specHash };
  if (template.profile) annotations[POD_PROFILE_ANNOTATION] = template.profile;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: generateName(`model-${name}-`),
      namespace: model.metadata.namespace,
      uid: newUid(),
      creationTimestamp: nowIso(),
      labels: { app: "model", [MODEL_LABEL]: name, "app.kubernetes.io/managed-by": "kubeai" },
      annotations,
      ownerReferences: [
        { apiVersion: "kubeai.org/v1", kind: "Model", name, uid: model.metadata.uid, controller: true, blockOwnerDeletion: true },
      ],
    },
    spec,
    status: { phase: "Pending" },
  };
}

export function scheduledAt(pod: KubeObject): number | undefined {
  const at = Number(pod.metadata.annotations?.[SCHEDULED_AT_ANNOTATION]);
  return Number.isFinite(at) && at > 0 ? at : undefined;
}

export function stageOf(pod: KubeObject, delays: Delays, now: number): Stage {
  const at = scheduledAt(pod);
  if (at === undefined || typeof getPath(pod, ["spec", "nodeName"]) !== "string") return "Unschedulable";
  if (now - at >= delays.readyDelayMs) return "Ready";
  if (now - at >= delays.loadingDelayMs) return "Loading";
  return "ContainerCreating";
}

/** The stage the pod's stored status shows (which may lag behind the clock). */
export function recordedStage(pod: KubeObject): Stage {
  if (isPodReady(pod)) return "Ready";
  if (getPath(pod, ["status", "phase"]) === "Running") return "Loading";
  return typeof getPath(pod, ["spec", "nodeName"]) === "string" && getPath(pod, ["status", "hostIP"]) !== undefined
    ? "ContainerCreating"
    : "Unschedulable";
}

/** Milliseconds until the pod's next stage, if it has one. */
export function nextTransitionIn(pod: KubeObject, delays: Delays, now: number): number | undefined {
  const at = scheduledAt(pod);
  if (at === undefined) return undefined;
  const next = [delays.loadingDelayMs, delays.readyDelayMs].map((d) => at + d - now).filter((d) => d > 0);
  return next.length > 0 ? Math.min(...next) : undefined;
}

export function isPodReady(pod: KubeObject): boolean {
  const conditions = getPath(pod, ["status", "conditions"]);
  return Array.isArray(conditions) && conditions.some((c) => isRecord(c) && c.type === "Ready" && c.status === "True");
}

export function unschedulableMessage(pod: KubeObject): string | undefined {
  const conditions = getPath(pod, ["status", "conditions"]);
  const c = Array.isArray(conditions)
    ? conditions.find((x) => isRecord(x) && x.type === "PodScheduled" && x.status === "False")
    : undefined;
  return isRecord(c) && typeof c.message === "string" ? c.message : undefined;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A stable pod IP on the node's pod CIDR, derived from the pod's uid. */
export function podIp(pod: KubeObject, nodeIndex: number): string {
  const n =
    parseInt(
      createHash("sha256")
        .update(pod.metadata.uid ?? "")
        .digest("hex")
        .slice(0, 4),
      16,
    ) % 250;
  return `10.244.${nodeIndex}.${n + 2}`;
}

/** The status a pod shows at a stage; derived from fixed times so recomputing it never changes it. */
export function podStatus(
  pod: KubeObject,
  stage: Stage,
  delays: Delays,
  unschedulable: string,
  nodeIndex: number,
): Record<string, unknown> {
  const created = pod.metadata.creationTimestamp ?? iso(Date.now());
  if (stage === "Unschedulable") {
    return {
      phase: "Pending",
      conditions: [
        {
          type: "PodScheduled",
          status: "False",
          reason: "Unschedulable",
          message: unschedulable,
          lastProbeTime: null,
          lastTransitionTime: created,
        },
      ],
      qosClass: "Burstable",
    };
  }
  const at = scheduledAt(pod) ?? Date.now();
  const containers = getPath(pod, ["spec", "containers"]);
  const containerImage = Array.isArray(containers) && isRecord(containers[0]) ? containers[0].image : "";
  const ready = stage === "Ready";
  const running = stage !== "ContainerCreating";
  const cond = (type: string, ok: boolean, since: number): Record<string, unknown> => ({
    type,
    status: ok ? "True" : "False",
    lastProbeTime: null,
    lastTransitionTime: iso(since),
  });
  const state = running ? { running: { startedAt: iso(at + delays.loadingDelayMs) } } : { waiting: { reason: "ContainerCreating" } };
  const status: Record<string, unknown> = {
    phase: running ? "Running" : "Pending",
    conditions: [
      cond("PodReadyToStartContainers", running, running ? at + delays.loadingDelayMs : at),
      cond("Initialized", true, at),
      cond("Ready", ready, ready ? at + delays.readyDelayMs : at),
      cond("ContainersReady", ready, ready ? at + delays.readyDelayMs : at),
      cond("PodScheduled", true, at),
    ],
    hostIP: `10.0.0.${10 + nodeIndex}`,
    qosClass: "Burstable",
    startTime: iso(at),
    containerStatuses: [{ name: "server", image: containerImage, imageID: "", ready, restartCount: 0, started: running, state }],
  };
  if (running) status.podIP = podIp(pod, nodeIndex);
  return status;
}
