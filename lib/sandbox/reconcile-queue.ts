// The work queue of a simulated controller: de-duplicated object keys reconciled after the current write, plus timers.

export type Reconcile = (namespace: string, name: string) => void;

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ""}/${name}`;
}

export class ReconcileQueue {
  private readonly dirty = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private flushScheduled = false;
  private stopped = false;

  /** `what` names the controller in error logs. */
  constructor(
    private readonly reconcile: Reconcile,
    private readonly what: string,
  ) {}

  /** Reconciles after the current store write has reached every listener, so watchers see changes in order. */
  add(namespace: string | undefined, name: string): void {
    this.dirty.add(keyOf(namespace, name));
    if (this.flushScheduled || this.stopped) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Reconciles the object after `ms`; a timer under the same `timerKey` is replaced. */
  after(timerKey: string, ms: number, namespace: string | undefined, name: string): void {
    this.cancel(timerKey);
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timerKey);
      this.add(namespace, name);
    }, ms);
    timer.unref();
    this.timers.set(timerKey, timer);
  }

  cancel(timerKey: string): void {
    const timer = this.timers.get(timerKey);
    if (timer) clearTimeout(timer);
    this.timers.delete(timerKey);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.stopped) return;
    const keys = [...this.dirty];
    this.dirty.clear();
    for (const k of keys) {
      const slash = k.indexOf("/");
      try {
        this.reconcile(k.slice(0, slash), k.slice(slash + 1));
      } catch (error) {
        console.error(`sandbox ${this.what}: reconciling ${k} failed`, error);
      }
    }
  }
}
