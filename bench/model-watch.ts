// The bare baseline for watch latency: a client-node watch on one namespace's Models, answering the wall-clock time
// each event arrived, with no Modelport code in between.
import { Watch, type KubeConfig } from "@kubernetes/client-node";
import { GROUP } from "@/lib/sandbox/testing";

export interface ModelWatch {
  /** Resolves with the arrival time (Date.now()) of the next `type` event for Model `name`; rejects after 10 s. */
  next(type: "ADDED" | "DELETED", name: string): Promise<number>;
  stop(): void;
}

export async function watchModels(kubeConfig: KubeConfig, namespace: string): Promise<ModelWatch> {
  const arrived = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  let failure: unknown;
  const controller = await new Watch(kubeConfig).watch(
    `/apis/${GROUP.group}/${GROUP.version}/namespaces/${namespace}/${GROUP.plural}`,
    {},
    (type: string, object: { metadata?: { name?: string } }) => {
      const key = `${type} ${object.metadata?.name ?? ""}`;
      const at = Date.now();
      const resolve = waiting.get(key);
      if (resolve) {
        waiting.delete(key);
        resolve(at);
      } else arrived.set(key, at);
    },
    (error: unknown) => (failure = error ?? new Error("the watch ended")),
  );
  return {
    next(type, name) {
      const key = `${type} ${name}`;
      const at = arrived.get(key);
      if (at !== undefined) {
        arrived.delete(key);
        return Promise.resolve(at);
      }
      if (failure) return Promise.reject(failure instanceof Error ? failure : new Error(String(failure)));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(key);
          reject(new Error(`no ${key} event within 10 s on the bare watch`));
        }, 10_000);
        waiting.set(key, (time) => {
          clearTimeout(timer);
          resolve(time);
        });
      });
    },
    stop: () => controller.abort(),
  };
}
