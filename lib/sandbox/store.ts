// The object store: objects by resource, one global resourceVersion counter, a bounded change history and listeners.
import { clone, objectKey, type KubeObject } from "./types";

export type ChangeType = "ADDED" | "MODIFIED" | "DELETED";

export interface ChangeEvent {
  type: ChangeType;
  resource: string;
  object: KubeObject;
  previous?: KubeObject;
  rv: number;
}

export interface StoreSnapshot {
  resourceVersion: string;
  resources: Record<string, KubeObject[]>;
}

export type ChangeListener = (event: ChangeEvent) => void;

export class ObjectStore {
  private readonly data = new Map<string, Map<string, KubeObject>>();
  private rv = 0;
  private history: ChangeEvent[] = [];
  /** Every change with a resourceVersion above this one is still in the history. */
  private oldestKept = 0;
  private readonly listeners = new Set<ChangeListener>();

  constructor(
    private readonly historyLimit = 1000,
    /** Runs before the listeners, and its errors reach the writer (persistence uses it). */
    private readonly onChange?: (event: ChangeEvent) => void,
  ) {}

  currentRv(): number {
    return this.rv;
  }

  private bucket(resource: string): Map<string, KubeObject> {
    let b = this.data.get(resource);
    if (!b) {
      b = new Map();
      this.data.set(resource, b);
    }
    return b;
  }

  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const o = this.data.get(resource)?.get(objectKey(namespace, name));
    return o ? clone(o) : undefined;
  }

  /** Objects in key order (namespace, then name), as etcd returns them; `where` filters before anything is copied. */
  list(resource: string, namespace?: string, where?: (object: Readonly<KubeObject>) => boolean): KubeObject[] {
    const b = this.data.get(resource);
    if (!b) return [];
    const items = [...b.entries()]
      .filter(([, o]) => (namespace === undefined || o.metadata.namespace === namespace) && (!where || where(o)))
      .sort(([a], [b2]) => (a < b2 ? -1 : a > b2 ? 1 : 0));
    return items.map(([, o]) => clone(o));
  }

  count(resource: string): number {
    return this.data.get(resource)?.size ?? 0;
  }

  /** Stores a new or changed object with the next resourceVersion and returns the stored copy. */
  put(resource: string, object: KubeObject): KubeObject {
    const b = this.bucket(resource);
    const key = objectKey(object.metadata.namespace, object.metadata.name ?? "");
    const previous = b.get(key);
    this.rv += 1;
    const stored = clone(object);
    stored.metadata.resourceVersion = String(this.rv);
    b.set(key, stored);
    this.record({ type: previous ? "MODIFIED" : "ADDED", resource, object: stored, previous, rv: this.rv });
    return clone(stored);
  }

  remove(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const b = this.data.get(resource);
    const key = objectKey(namespace, name);
    const previous = b?.get(key);
    if (!b || !previous) return undefined;
    b.delete(key);
    this.rv += 1;
    const last = clone(previous);
    last.metadata.resourceVersion = String(this.rv);
    this.record({ type: "DELETED", resource, object: last, previous, rv: this.rv });
    return clone(previous);
  }

  private record(event: ChangeEvent): void {
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.oldestKept = dropped[dropped.length - 1].rv;
    }
    this.onChange?.(event);
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error("sandbox cluster: change listener failed", error);
      }
    }
  }

  /** Changes after `rv`, or undefined when some of them have already left the history. */
  changesSince(rv: number): ChangeEvent[] | undefined {
    if (rv < this.oldestKept) return undefined;
    return this.history.filter((e) => e.rv > rv);
  }

  oldestAvailableRv(): number {
    return this.oldestKept;
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(include: (resource: string) => boolean): StoreSnapshot {
    const resources: Record<string, KubeObject[]> = {};
    for (const [resource, b] of this.data) if (include(resource)) resources[resource] = [...b.values()];
    return { resourceVersion: String(this.rv), resources };
  }

  /** Loads persisted objects; watches from before this point get 410 Expired. */
  load(snapshot: StoreSnapshot): void {
    for (const [resource, objects] of Object.entries(snapshot.resources)) {
      const b = this.bucket(resource);
      for (const o of objects) b.set(objectKey(o.metadata.namespace, o.metadata.name ?? ""), o);
    }
    this.rv = Math.max(this.rv, Number(snapshot.resourceVersion) || 0);
    this.oldestKept = this.rv;
  }
}
