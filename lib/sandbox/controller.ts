// A simulated KubeAI controller: turns Models into replica pods on simulated nodes, with timed loading and Events.
import { EventRecorder } from "./event-recorder";
import {
  type Delays,
  isPodReady,
  MODEL_LABEL,
  newModelPod,
  nextTransitionIn,
  PODS,
  podStatus,
  recordedStage,
  SPEC_HASH_ANNOTATION,
  specHash,
  stageOf,
  unschedulableMessage,
} from "./model-pods";
import { imageFor, parseProfileRef, scaledResources, type KubeAIConfig, type ResourceProfile } from "./profiles";
import { PodQuotaGate } from "./quota-controller";
import { ReconcileQueue } from "./reconcile-queue";
import { acceleratorSummary, bindPod } from "./scheduler";
import type { ObjectStore } from "./store";
import { clone, deepEqual, getPath, isRecord, type KubeObject } from "./types";

export const MODELS = "kubeai.org/models";
const NODES = "/nodes";
export const CONTROLLER_COMPONENT = "kubeai-sandbox-controller";

export interface ControllerOptions extends Delays {
  kubeai: KubeAIConfig;
}

function int(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}

/** KubeAI runs spec.replicas; minReplicas stands in for it only while KubeAI manages the scaling. */
function desiredReplicas(spec: Record<string, unknown>): number {
  if (spec.autoscalingDisabled === true) return int(spec.replicas) ?? 0;
  return int(spec.replicas) ?? int(spec.minReplicas) ?? 0;
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ""}/${name}`;
}

export class SandboxController {
  private readonly events: EventRecorder;
  private readonly queue: ReconcileQueue;
  private readonly quota: PodQuotaGate;
  private readonly reportedInvalid = new Map<string, string>();
  private unsubscribe = (): void => undefined;
  private stopped = false;

  constructor(
    private readonly store: ObjectStore,
    private readonly options: ControllerOptions,
  ) {
    this.events = new EventRecorder(store, { component: CONTROLLER_COMPONENT });
    this.queue = new ReconcileQueue((namespace, name) => this.reconcile(namespace, name), "KubeAI controller");
    this.quota = new PodQuotaGate(store, this.events);
  }

  start(): void {
    const nodeNames = new Set(this.store.list(NODES).map((n) => n.metadata.name));
    for (const p of this.store.list(PODS)) {
      const node = getPath(p, ["spec", "nodeName"]);
      if (typeof node === "string" && !nodeNames.has(node)) this.store.remove(PODS, p.metadata.namespace, p.metadata.name ?? "");
    }
    this.unsubscribe = this.store.subscribe((change) => {
      const o = change.object;
      if (change.resource === MODELS) this.queue.add(o.metadata.namespace, o.metadata.name ?? "");
      if (change.resource === PODS) {
        const model = o.metadata.labels?.[MODEL_LABEL];
        if (model) this.queue.add(o.metadata.namespace, model);
        if (change.type === "DELETED") this.enqueuePending();
      }
      for (const name of this.quota.retriesAfter(change.resource, change.type, o.metadata.namespace))
        this.queue.add(o.metadata.namespace, name);
    });
    for (const m of this.store.list(MODELS)) this.queue.add(m.metadata.namespace, m.metadata.name ?? "");
    for (const p of this.store.list(PODS)) {
      const model = p.metadata.labels?.[MODEL_LABEL];
      if (model) this.queue.add(p.metadata.namespace, model);
    }
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    this.queue.stop();
  }

  private enqueuePending(): void {
    for (const p of this.store.list(PODS)) {
      const model = p.metadata.labels?.[MODEL_LABEL];
      if (model && typeof getPath(p, ["spec", "nodeName"]) !== "string") this.queue.add(p.metadata.namespace, model);
    }
  }

  private podsOf(namespace: string, name: string): KubeObject[] {
    return this.store.list(PODS, namespace, (p) => p.metadata.labels?.[MODEL_LABEL] === name);
  }

  private deletePod(pod: KubeObject): void {
    this.queue.cancel(keyOf(pod.metadata.namespace, pod.metadata.name ?? ""));
    this.store.remove(PODS, pod.metadata.namespace, pod.metadata.name ?? "");
  }

  private reconcile(namespace: string, name: string): void {
    const model = this.store.get(MODELS, namespace, name);
    const pods = this.podsOf(namespace, name);
    const owned = (p: KubeObject): boolean => {
      const refs = p.metadata.ownerReferences;
      return Array.isArray(refs) && refs.some((r) => isRecord(r) && r.uid === model?.metadata.uid);
    };
    for (const p of pods.filter((x) => !model || !owned(x))) this.deletePod(p);
    if (!model) return this.quota.settle(namespace, name);
    const spec = isRecord(model.spec) ? model.spec : {};
    const desired = desiredReplicas(spec);
    let profile: ResourceProfile | undefined;
    let count = 1;
    if (typeof spec.resourceProfile === "string" && spec.resourceProfile !== "") {
      const ref = parseProfileRef(spec.resourceProfile, this.options.kubeai.profiles);
      if (!ref.ok) {
        if (this.reportedInvalid.get(model.metadata.uid ?? "") !== ref.message) {
          this.reportedInvalid.set(model.metadata.uid ?? "", ref.message);
          this.events.record(model, "Warning", "InvalidResourceProfile", ref.message);
        }
        this.podsOf(namespace, name).forEach((p) => this.deletePod(p));
        this.quota.settle(namespace, name);
        this.writeStatus(model, [], false);
        return;
      }
      profile = this.options.kubeai.profiles.get(ref.name);
      count = ref.count;
    }
    this.reportedInvalid.delete(model.metadata.uid ?? "");
    const hash = specHash(spec);
    let current = this.podsOf(namespace, name);
    for (const stale of current.filter((p) => p.metadata.annotations?.[SPEC_HASH_ANNOTATION] !== hash)) this.deletePod(stale);
    current = this.podsOf(namespace, name);
    if (current.length > desired) {
      const rank = (p: KubeObject): number => (stageOf(p, this.options, Date.now()) === "Unschedulable" ? 0 : isPodReady(p) ? 2 : 1);
      const extra = [...current].sort((a, b) => rank(a) - rank(b)).slice(0, current.length - desired);
      for (const p of extra) this.deletePod(p);
      this.events.record(model, "Normal", "ScaledDown", `Scaled down from ${current.length} to ${desired} replica(s)`);
      current = this.podsOf(namespace, name);
    }
    const resources = profile ? scaledResources(profile, count) : { requests: {}, limits: {} };
    const fresh: KubeObject[] = [];
    for (let i = current.length; i < desired; i++) {
      fresh.push(
        newModelPod(model, {
          image: imageFor(this.options.kubeai, String(spec.engine ?? ""), profile),
          args: Array.isArray(spec.args) ? spec.args.map(String) : [],
          ...resources,
          nodeSelector: profile?.nodeSelector ?? {},
          tolerations: profile?.tolerations ?? [],
          profile: profile?.name,
          specHash: hash,
        }),
      );
    }
    this.settlePods(model, [...current, ...fresh]);
  }

  /**
   * Creates new replicas that quota admits (the first refusal stops the batch, as in a ReplicaSet), schedules pending
   * ones, advances scheduled ones through their stages, and writes what changed.
   */
  private settlePods(model: KubeObject, pods: KubeObject[]): void {
    const nodes = this.store.list(NODES);
    const nodeIndex = (n: unknown): number =>
      Math.max(
        0,
        nodes.findIndex((x) => x.metadata.name === n),
      );
    const now = Date.now();
    const settled: KubeObject[] = [];
    let refused = false;
    for (const original of pods) {
      const isNew = !original.metadata.resourceVersion;
      if (isNew && (refused || !this.quota.admit(model, original))) {
        refused = true;
        continue;
      }
      const pod = clone(original);
      let unschedulable = "";
      if (typeof getPath(pod, ["spec", "nodeName"]) !== "string") {
        const placement = bindPod(pod, nodes, this.store.list(PODS), now);
        if (placement.ok) {
          const what = acceleratorSummary(pod);
          this.events.record(
            model,
            "Normal",
            "Scheduled",
            `Scheduled replica ${pod.metadata.name ?? ""} onto node ${placement.node}${what ? ` (${what})` : ""}`,
          );
        } else {
          unschedulable = placement.message;
          if (unschedulableMessage(original) !== placement.message)
            this.events.record(model, "Warning", "FailedScheduling", placement.message);
        }
      }
      const before = isNew ? "New" : recordedStage(original);
      const stage = stageOf(pod, this.options, now);
      pod.status = podStatus(pod, stage, this.options, unschedulable, nodeIndex(getPath(pod, ["spec", "nodeName"])));
      if (stage === "Loading" && before !== "Loading") {
        this.events.record(
          model,
          "Normal",
          "Loading",
          `Loading model ${String(getPath(model, ["spec", "url"]) ?? "")} on replica ${pod.metadata.name ?? ""}`,
        );
      }
      if (stage === "Ready" && before !== "Ready") {
        this.events.record(
          model,
          "Normal",
          "ModelReady",
          `Replica ${pod.metadata.name ?? ""} on node ${String(getPath(pod, ["spec", "nodeName"]))} is ready to serve`,
        );
      }
      settled.push(isNew || !deepEqual(pod, original) ? this.store.put(PODS, pod) : original);
      this.armTimer(model, pod, now);
    }
    if (!refused) this.quota.settle(model.metadata.namespace, model.metadata.name ?? "");
    this.writeStatus(model, settled, typeof getPath(model, ["spec", "cacheProfile"]) === "string");
  }

  private armTimer(model: KubeObject, pod: KubeObject, now: number): void {
    const key = keyOf(pod.metadata.namespace, pod.metadata.name ?? "");
    const wait = nextTransitionIn(pod, this.options, now);
    if (wait === undefined || this.stopped) this.queue.cancel(key);
    else this.queue.after(key, wait + 5, model.metadata.namespace, model.metadata.name ?? "");
  }

  private writeStatus(model: KubeObject, pods: KubeObject[], cached: boolean): void {
    const latest = this.store.get(MODELS, model.metadata.namespace, model.metadata.name ?? "");
    if (!latest) return;
    const ready = pods.filter(isPodReady).length;
    const status: Record<string, unknown> = { ...(isRecord(latest.status) ? latest.status : {}), replicas: { all: pods.length, ready } };
    if (cached) status.cache = { loaded: ready > 0 };
    else delete status.cache;
    if (deepEqual(status, latest.status)) return;
    this.store.put(MODELS, { ...latest, status });
  }
}
