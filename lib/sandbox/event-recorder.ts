// Records core/v1 Events about objects, aggregating repeats (count, lastTimestamp) as Kubernetes' recorder does.
import { randomUUID } from "node:crypto";
import type { ObjectStore } from "./store";
import { isRecord, nowIso, type KubeObject } from "./types";

export const EVENTS = "/events";
const MAX_EVENTS = 1000;

export interface EventSource {
  component: string;
}

let lastNanos = 0n;

/** Kubernetes names events `<object>.<unix nanos in hex>`, so listing by name is chronological. */
function eventSuffix(): string {
  const nanos = BigInt(Date.now()) * 1_000_000n;
  lastNanos = nanos > lastNanos ? nanos : lastNanos + 1n;
  return lastNanos.toString(16);
}

export class EventRecorder {
  constructor(
    private readonly store: ObjectStore,
    private readonly source: EventSource,
  ) {}

  record(subject: KubeObject, type: "Normal" | "Warning", reason: string, message: string): void {
    const namespace = subject.metadata.namespace ?? "default";
    const uid = subject.metadata.uid ?? "";
    const now = nowIso();
    const [existing] = this.store.list(
      EVENTS,
      namespace,
      (e) => e.reason === reason && e.message === message && e.type === type && isRecord(e.involvedObject) && e.involvedObject.uid === uid,
    );
    if (existing) {
      this.store.put(EVENTS, { ...existing, count: (typeof existing.count === "number" ? existing.count : 1) + 1, lastTimestamp: now });
      return;
    }
    const name = subject.metadata.name ?? "unknown";
    const event: KubeObject = {
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: `${name}.${eventSuffix()}`, namespace, uid: randomUUID(), creationTimestamp: now },
      involvedObject: {
        apiVersion: subject.apiVersion,
        kind: subject.kind,
        name,
        namespace,
        uid,
        resourceVersion: subject.metadata.resourceVersion,
      },
      reason,
      message,
      source: { component: this.source.component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: this.source.component,
      reportingInstance: "",
    };
    this.store.put(EVENTS, event);
    this.trim();
  }

  /** Old events expire in a real cluster (TTL); here the oldest go once there are too many. */
  private trim(): void {
    if (this.store.count(EVENTS) <= MAX_EVENTS) return;
    const all = this.store.list(EVENTS);
    const oldest = all.sort((a, b) => String(a.lastTimestamp).localeCompare(String(b.lastTimestamp))).slice(0, all.length - MAX_EVENTS);
    for (const e of oldest) this.store.remove(EVENTS, e.metadata.namespace, e.metadata.name ?? "");
  }
}
