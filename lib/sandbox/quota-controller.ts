// The quota controller (status.hard and status.used kept current) and the quota gate the simulated workload
// controllers create their pods through, as a ReplicaSet controller's creates go through admission.
import type { EventRecorder } from "./event-recorder";
import { POD_RESOURCE, quotaRefusal, quotaStatus, RESOURCE_QUOTAS, tracksResource } from "./resource-quota";
import { ReconcileQueue } from "./reconcile-queue";
import type { ObjectStore } from "./store";
import { deepEqual, type KubeObject } from "./types";

const PODS = "/pods";

export class ResourceQuotaController {
  private readonly queue: ReconcileQueue;
  private unsubscribe = (): void => undefined;

  constructor(private readonly store: ObjectStore) {
    this.queue = new ReconcileQueue((namespace, name) => this.reconcile(namespace, name), "ResourceQuota controller");
  }

  start(): void {
    this.unsubscribe = this.store.subscribe((change) => {
      const namespace = change.object.metadata.namespace;
      if (namespace === undefined) return;
      if (change.resource === RESOURCE_QUOTAS) {
        if (change.type !== "DELETED") this.queue.add(namespace, change.object.metadata.name ?? "");
        // A changed quota (its own status writes among them) moves no object count.
        if (change.type === "MODIFIED") return;
      }
      for (const q of this.store.list(RESOURCE_QUOTAS, namespace, (q) => tracksResource(q, change.resource))) {
        this.queue.add(namespace, q.metadata.name ?? "");
      }
    });
    for (const q of this.store.list(RESOURCE_QUOTAS)) this.queue.add(q.metadata.namespace, q.metadata.name ?? "");
  }

  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  private reconcile(namespace: string, name: string): void {
    const quota = this.store.get(RESOURCE_QUOTAS, namespace, name);
    if (!quota) return;
    const status = quotaStatus(this.store, quota);
    if (deepEqual(status, quota.status ?? {})) return;
    this.store.put(RESOURCE_QUOTAS, { ...quota, status });
  }
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ""}/${name}`;
}

/**
 * Admits the pods a workload controller is about to create. A refused pod is not created; its owner gets a Warning
 * `FailedCreate` event (once per distinct refusal, since every retry names a new pod) and is remembered, so the
 * controller can retry it when a quota changes or a pod goes away.
 */
export class PodQuotaGate {
  /** Owners (namespace/name) whose last pod was refused, with why (the refusal without the pod's name). */
  private readonly refused = new Map<string, string>();

  constructor(
    private readonly store: ObjectStore,
    private readonly events: EventRecorder,
  ) {}

  admit(owner: KubeObject, pod: KubeObject): boolean {
    const refusal = quotaRefusal(this.store, POD_RESOURCE, pod);
    if (!refusal) return true;
    const key = keyOf(owner.metadata.namespace, owner.metadata.name ?? "");
    const why = refusal.message.slice(refusal.message.indexOf(" is forbidden: "));
    if (this.refused.get(key) !== why) this.events.record(owner, "Warning", "FailedCreate", `Error creating: ${refusal.message}`);
    this.refused.set(key, why);
    return false;
  }

  /** The owner has every pod it wants, or wants none (or is gone): nothing to retry. */
  settle(namespace: string | undefined, name: string): void {
    this.refused.delete(keyOf(namespace, name));
  }

  /** Owners to reconcile again after `change` (quotas changed, or a pod went away in their namespace). */
  retriesAfter(resource: string, type: string, namespace: string | undefined): string[] {
    if (resource !== RESOURCE_QUOTAS && !(resource === PODS && type === "DELETED")) return [];
    const prefix = keyOf(namespace, "");
    return [...this.refused.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }
}
