// A simulated KServe controller: InferenceServices become predictor pods on the simulated nodes, with KServe's status.
import { EventRecorder } from "./event-recorder";
import { CLUSTER_SERVING_RUNTIMES } from "./kserve-runtimes";
import { claimOf, deploymentModeOf, type DeploymentMode, isStopped, planPredictor, type PredictorPlan } from "./kserve-predictor";
import {
  ISVC_LABEL,
  newPredictorPod,
  predictorPodStatus,
  type PredictorPodInput,
  predictorStage,
  type PredictorStage,
  recordedPredictorStage,
  STORAGE_ERROR_ANNOTATION,
} from "./kserve-pods";
import { inferenceServiceStatus, isReadyStatus, type PodObservation, type PredictorObservation } from "./kserve-status";
import { type Delays, nextTransitionIn, PODS, scheduledAt, SPEC_HASH_ANNOTATION, unschedulableMessage } from "./model-pods";
import { PodQuotaGate } from "./quota-controller";
import { ReconcileQueue } from "./reconcile-queue";
import { acceleratorSummary, bindPod } from "./scheduler";
import type { ObjectStore } from "./store";
import { clone, deepEqual, getPath, isRecord, type KubeObject } from "./types";

export const INFERENCE_SERVICES = "serving.kserve.io/inferenceservices";
const CLAIMS = "/persistentvolumeclaims";
const NODES = "/nodes";
export const KSERVE_COMPONENT = "kserve-sandbox-controller";

export interface KServeControllerOptions extends Delays {
  /** Knative with minReplicas 0: how long a ready predictor may sit without requests before it scales to zero. */
  idleDelayMs: number;
  /** Mode for services without (a valid) serving.kserve.io/deploymentMode annotation. */
  defaultDeploymentMode: DeploymentMode;
  ingressDomain: string;
  /** Claims treated as existing in every namespace, besides the PersistentVolumeClaim objects. */
  existingClaims: string[];
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ""}/${name}`;
}

const STAGE_ORDER: PredictorStage[] = ["Unschedulable", "Initializing", "Loading", "Failed", "Ready"];

function revisionName(isvc: KubeObject, n: number): string {
  return `${isvc.metadata.name ?? ""}-predictor-${String(n).padStart(5, "0")}`;
}

export class KServeController {
  private readonly events: EventRecorder;
  private readonly queue: ReconcileQueue;
  private readonly quota: PodQuotaGate;
  /** Knative revision per service uid: the spec hash it was cut for and its number. */
  private readonly revisions = new Map<string, { hash: string; n: number }>();
  private readonly lastRequest = new Map<string, number>();
  private readonly waking = new Set<string>();
  private readonly reportedInvalid = new Map<string, string>();
  private unsubscribe = (): void => undefined;
  private stopped = false;

  constructor(
    private readonly store: ObjectStore,
    private readonly options: KServeControllerOptions,
  ) {
    this.events = new EventRecorder(store, { component: KSERVE_COMPONENT });
    this.queue = new ReconcileQueue((namespace, name) => this.reconcile(namespace, name), "KServe controller");
    this.quota = new PodQuotaGate(store, this.events);
  }

  start(): void {
    this.unsubscribe = this.store.subscribe((change) => {
      const o = change.object;
      if (change.resource === INFERENCE_SERVICES) {
        if (change.type === "DELETED") this.forget(o.metadata.uid ?? "");
        this.queue.add(o.metadata.namespace, o.metadata.name ?? "");
      } else if (change.resource === PODS) {
        const owner = o.metadata.labels?.[ISVC_LABEL];
        if (owner) this.queue.add(o.metadata.namespace, owner);
        if (change.type === "DELETED") this.enqueuePending();
      } else if (change.resource === CLUSTER_SERVING_RUNTIMES) {
        this.enqueueAll();
      } else if (change.resource === CLAIMS) {
        for (const s of this.store.list(INFERENCE_SERVICES, o.metadata.namespace))
          this.queue.add(s.metadata.namespace, s.metadata.name ?? "");
      }
      for (const name of this.quota.retriesAfter(change.resource, change.type, o.metadata.namespace))
        this.queue.add(o.metadata.namespace, name);
    });
    this.enqueueAll();
    for (const p of this.store.list(PODS)) {
      const owner = p.metadata.labels?.[ISVC_LABEL];
      if (owner) this.queue.add(p.metadata.namespace, owner);
    }
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    this.queue.stop();
  }

  /** A request reached the service: it counts as activity, and wakes a predictor Knative scaled to zero. */
  noteRequest(namespace: string, name: string): void {
    const isvc = this.store.get(INFERENCE_SERVICES, namespace, name);
    if (!isvc?.metadata.uid) return;
    this.lastRequest.set(isvc.metadata.uid, Date.now());
    this.waking.add(isvc.metadata.uid);
    this.queue.add(namespace, name);
  }

  /** The mode the service runs in: the recorded one, else its annotation, else this controller's default. */
  deploymentModeOf(isvc: KubeObject): DeploymentMode | "ModelMesh" {
    return deploymentModeOf(isvc, this.options.defaultDeploymentMode);
  }

  private forget(uid: string): void {
    this.revisions.delete(uid);
    this.lastRequest.delete(uid);
    this.waking.delete(uid);
    this.reportedInvalid.delete(uid);
  }

  private enqueueAll(): void {
    for (const s of this.store.list(INFERENCE_SERVICES)) this.queue.add(s.metadata.namespace, s.metadata.name ?? "");
  }

  private enqueuePending(): void {
    for (const p of this.store.list(PODS)) {
      const owner = p.metadata.labels?.[ISVC_LABEL];
      if (owner && typeof getPath(p, ["spec", "nodeName"]) !== "string") this.queue.add(p.metadata.namespace, owner);
    }
  }

  private podsOf(namespace: string, name: string): KubeObject[] {
    return this.store.list(PODS, namespace, (p) => p.metadata.labels?.[ISVC_LABEL] === name);
  }

  private deletePod(pod: KubeObject): void {
    this.queue.cancel(keyOf(pod.metadata.namespace, pod.metadata.name ?? ""));
    this.store.remove(PODS, pod.metadata.namespace, pod.metadata.name ?? "");
  }

  /** No pods wanted: none left, none waiting for quota. */
  private deleteAll(namespace: string, name: string): void {
    for (const p of this.podsOf(namespace, name)) this.deletePod(p);
    this.quota.settle(namespace, name);
  }

  private reconcile(namespace: string, name: string): void {
    const isvc = this.store.get(INFERENCE_SERVICES, namespace, name);
    const uid = isvc?.metadata.uid ?? "";
    const owned = (p: KubeObject): boolean =>
      Array.isArray(p.metadata.ownerReferences) && p.metadata.ownerReferences.some((r) => isRecord(r) && r.uid === uid);
    for (const p of this.podsOf(namespace, name).filter((x) => !isvc || !owned(x))) this.deletePod(p);
    if (!isvc) return this.quota.settle(namespace, name);
    const mode = deploymentModeOf(isvc, this.options.defaultDeploymentMode);
    if (mode === "ModelMesh") return this.deleteAll(namespace, name); // reconciled by ModelMesh, not this controller
    const base = { mode, pods: [], asleep: false, revisionReady: false, revision: "", ingressDomain: this.options.ingressDomain };
    if (isStopped(isvc)) {
      this.deleteAll(namespace, name);
      this.waking.delete(uid);
      return this.writeStatus(isvc, { ...base, stopped: true, now: Date.now() });
    }
    const planned = planPredictor(isvc, this.store.list(CLUSTER_SERVING_RUNTIMES));
    if (!planned.ok) {
      this.deleteAll(namespace, name);
      if (this.reportedInvalid.get(uid) !== planned.message) {
        this.reportedInvalid.set(uid, planned.message);
        this.events.record(isvc, "Warning", "InternalError", planned.message);
      }
      const invalid = { reason: planned.reason, message: planned.message };
      return this.writeStatus(isvc, { ...base, stopped: false, invalid, now: Date.now() });
    }
    this.reportedInvalid.delete(uid);
    this.run(isvc, mode, planned.plan);
  }

  /** Keeps the plan's pods running (replacing stale ones), advances them, and scales a Knative service to zero when idle. */
  private run(isvc: KubeObject, mode: DeploymentMode, plan: PredictorPlan): void {
    const namespace = isvc.metadata.namespace ?? "";
    const name = isvc.metadata.name ?? "";
    const uid = isvc.metadata.uid ?? "";
    const revision = revisionName(isvc, this.revisionOf(isvc, plan.hash));
    const storageError = this.storageError(namespace, plan.storageUri);
    const input = storageError === undefined ? { mode, revision } : { mode, revision, storageError };
    const scalesToZero = mode === "Knative" && plan.minReplicas === 0;
    const standby = getPath(isvc, ["status", "modelStatus", "states", "activeModelState"]) === "Standby";
    const asleep = scalesToZero && standby && !this.waking.has(uid) && this.podsOf(namespace, name).length === 0;
    const observed = this.settlePods(isvc, this.scalePods(isvc, plan, input, asleep ? 0 : Math.max(plan.minReplicas, 1)));
    const now = Date.now();
    const observation: PredictorObservation = {
      mode,
      stopped: false,
      pods: observed,
      asleep,
      revisionReady: getPath(isvc, ["status", "components", "predictor", "latestReadyRevision"]) === revision,
      revision,
      ingressDomain: this.options.ingressDomain,
      now,
    };
    if (plan.runtime !== undefined) observation.runtime = plan.runtime;
    if (scalesToZero && !asleep && this.isIdle(isvc, this.podsOf(namespace, name), now)) {
      this.deleteAll(namespace, name);
      this.waking.delete(uid);
      const idle = Math.round(this.options.idleDelayMs / 1000);
      this.events.record(isvc, "Normal", "ScaledToZero", `Scaled the predictor to zero after ${idle}s without requests`);
      return this.writeStatus(isvc, { ...observation, pods: [], asleep: true });
    }
    if (observed.some((p) => p.stage === "Ready")) this.waking.delete(uid);
    this.writeStatus(isvc, observation);
  }

  /**
   * Replaces pods built for another spec (or another storage outcome), removes extra ones (least advanced first) and
   * returns the pods to settle, new ones included (not stored yet).
   */
  private scalePods(isvc: KubeObject, plan: PredictorPlan, input: PredictorPodInput, desired: number): KubeObject[] {
    const namespace = isvc.metadata.namespace ?? "";
    const name = isvc.metadata.name ?? "";
    const fresh = (p: KubeObject): boolean =>
      p.metadata.annotations?.[SPEC_HASH_ANNOTATION] === plan.hash &&
      p.metadata.annotations?.[STORAGE_ERROR_ANNOTATION] === input.storageError;
    for (const stale of this.podsOf(namespace, name).filter((p) => !fresh(p))) this.deletePod(stale);
    let pods = this.podsOf(namespace, name);
    if (pods.length > desired) {
      const rank = (p: KubeObject): number => STAGE_ORDER.indexOf(recordedPredictorStage(p));
      for (const p of [...pods].sort((a, b) => rank(a) - rank(b)).slice(0, pods.length - desired)) this.deletePod(p);
      pods = this.podsOf(namespace, name);
    }
    for (let i = pods.length; i < desired; i++) pods.push(newPredictorPod(isvc, plan, input));
    return pods;
  }

  /** Ready and without requests for the idle delay; otherwise arms a timer for when it would be. */
  private isIdle(isvc: KubeObject, pods: KubeObject[], now: number): boolean {
    const uid = isvc.metadata.uid ?? "";
    const readySince = pods
      .filter((p) => recordedPredictorStage(p) === "Ready")
      .map((p) => (scheduledAt(p) ?? now) + this.options.readyDelayMs);
    if (readySince.length === 0) return false;
    const idleSince = Math.max(Math.min(...readySince), this.lastRequest.get(uid) ?? 0);
    const wait = idleSince + this.options.idleDelayMs - now;
    if (wait <= 0) return true;
    this.queue.after(`idle:${uid}`, wait + 5, isvc.metadata.namespace, isvc.metadata.name ?? "");
    return false;
  }

  /** The Knative revision number for the spec: bumped whenever the pods' spec changes. */
  private revisionOf(isvc: KubeObject, hash: string): number {
    const uid = isvc.metadata.uid ?? "";
    let known = this.revisions.get(uid);
    if (!known) {
      const latest = getPath(isvc, ["status", "components", "predictor", "latestCreatedRevision"]);
      const n = typeof latest === "string" ? Number(/-(\d+)$/.exec(latest)?.[1] ?? 0) : 0;
      const pod = this.podsOf(isvc.metadata.namespace ?? "", isvc.metadata.name ?? "")[0];
      known = { hash: pod?.metadata.annotations?.[SPEC_HASH_ANNOTATION] ?? hash, n: Math.max(n, 1) };
    }
    if (known.hash !== hash) known = { hash, n: known.n + 1 };
    this.revisions.set(uid, known);
    return known.n;
  }

  /** What the storage initializer would fail with: a `pvc://` claim that does not exist in the namespace. */
  private storageError(namespace: string, uri: string | undefined): string | undefined {
    const claim = claimOf(uri);
    if (claim === undefined || this.options.existingClaims.includes(claim) || this.store.get(CLAIMS, namespace, claim)) return undefined;
    return `persistentvolumeclaim "${claim}" not found in namespace "${namespace}"`;
  }

  /**
   * Creates new pods that quota admits (the first refusal stops the batch), schedules pending pods, advances scheduled
   * ones through their stages, writes what changed, and reports each pod that exists.
   */
  private settlePods(isvc: KubeObject, pods: KubeObject[]): PodObservation[] {
    const nodes = this.store.list(NODES);
    const now = Date.now();
    let refused = false;
    const observations: PodObservation[] = [];
    for (const original of pods) {
      const isNew = !original.metadata.resourceVersion;
      if (isNew && (refused || !this.quota.admit(isvc, original))) {
        refused = true;
        continue;
      }
      const pod = clone(original);
      let unschedulable = "";
      if (typeof getPath(pod, ["spec", "nodeName"]) !== "string") {
        const placement = bindPod(pod, nodes, this.store.list(PODS), now);
        if (placement.ok) {
          const what = acceleratorSummary(pod);
          const message = `Scheduled predictor pod ${pod.metadata.name ?? ""} onto node ${placement.node}${what ? ` (${what})` : ""}`;
          this.events.record(isvc, "Normal", "Scheduled", message);
        } else {
          unschedulable = placement.message;
          if (unschedulableMessage(original) !== placement.message)
            this.events.record(isvc, "Warning", "FailedScheduling", placement.message);
        }
      }
      const before: PredictorStage | "New" = isNew ? "New" : recordedPredictorStage(original);
      const stage = predictorStage(pod, this.options, now);
      const nodeIndex = Math.max(
        0,
        nodes.findIndex((n) => n.metadata.name === getPath(pod, ["spec", "nodeName"])),
      );
      pod.status = predictorPodStatus(pod, stage, this.options, unschedulable, nodeIndex);
      const storageError = pod.metadata.annotations?.[STORAGE_ERROR_ANNOTATION];
      if (stage === "Failed" && before !== "Failed") this.events.record(isvc, "Warning", "ModelLoadFailed", storageError ?? "");
      if (isNew || !deepEqual(pod, original)) this.store.put(PODS, pod);
      this.armTimer(isvc, pod, now);
      const observation: PodObservation = { stage };
      if (stage === "Unschedulable") observation.unschedulable = unschedulable || unschedulableMessage(original) || "";
      if (stage === "Failed" && storageError) observation.storageError = storageError;
      observations.push(observation);
    }
    if (!refused) this.quota.settle(isvc.metadata.namespace, isvc.metadata.name ?? "");
    return observations;
  }

  private armTimer(isvc: KubeObject, pod: KubeObject, now: number): void {
    const key = keyOf(pod.metadata.namespace, pod.metadata.name ?? "");
    const wait = nextTransitionIn(pod, this.options, now);
    if (wait === undefined || this.stopped) this.queue.cancel(key);
    else this.queue.after(key, wait + 5, isvc.metadata.namespace, isvc.metadata.name ?? "");
  }

  private writeStatus(isvc: KubeObject, observation: PredictorObservation): void {
    const latest = this.store.get(INFERENCE_SERVICES, isvc.metadata.namespace, isvc.metadata.name ?? "");
    if (!latest) return;
    const status = inferenceServiceStatus(latest, observation);
    if (deepEqual(status, latest.status)) return;
    const wasReady = isReadyStatus(latest.status);
    const saved = this.store.put(INFERENCE_SERVICES, { ...latest, status });
    const name = latest.metadata.name ?? "";
    if (!wasReady && isReadyStatus(status))
      this.events.record(saved, "Normal", "InferenceServiceReady", `InferenceService [${name}] is Ready`);
    if (wasReady && !isReadyStatus(status)) {
      this.events.record(saved, "Warning", "InferenceServiceNotReady", `InferenceService [${name}] is no longer Ready`);
    }
  }
}
