// Live deployment changes for the browser: one Kubernetes watch per visible namespace, each change as a view model.
import { type Caller } from "@/lib/auth/caller";
import { notFound } from "@/lib/errors";
import { getCluster } from "@/lib/k8s/cluster";
import { deriveStatus, toDeployment } from "@/lib/k8s/kubeai-model";
import { listModelEvents, listModels, watchModels, type ModelWatchEvent } from "@/lib/k8s/kubeai-model-api";
import { logger } from "@/lib/observability/logger";
import type { Deployment, DeploymentEvent } from "@/lib/schemas/deployment";
import { visibleTenantNames } from "./tenants";

export type DeploymentChange = { type: "ADDED" | "MODIFIED" | "DELETED"; deployment: Deployment };

export interface WatchHandlers {
  onChange(change: DeploymentChange): void;
  onReady(): void;
  onEnd(error?: unknown): void;
}

/**
 * Starts watching from "now" in each namespace and calls `onReady` once every watch is open, so the browser can
 * refetch its list then and miss nothing in between. Returns a function that stops every watch; if opening any
 * watch fails, the ones already open are stopped before the error propagates.
 */
export async function watchDeployments(caller: Caller, namespace: string | undefined, handlers: WatchHandlers): Promise<() => void> {
  let namespaces = await visibleTenantNames(caller);
  if (namespace) {
    if (!namespaces.includes(namespace)) throw notFound(`Namespace ${namespace}`);
    namespaces = [namespace];
  }
  const cluster = getCluster();
  const stops: (() => void)[] = [];
  let ended = false;
  const stopAll = () => {
    ended = true;
    for (const stop of stops) stop();
  };
  const end = (error?: unknown) => {
    if (ended) return;
    stopAll();
    if (error) logger.warn("deployment watch ended", { error: error instanceof Error ? error.message : String(error) });
    handlers.onEnd(error);
  };

  try {
    for (const current of namespaces) {
      const start = await listModels(cluster, current, { limit: 1 });
      // Events of one namespace are handled strictly in order, even when one needs an extra lookup.
      let queue = Promise.resolve();
      const enqueue = (event: ModelWatchEvent) => {
        queue = queue
          .then(async () => {
            const events = await eventsFor(current, event);
            if (!ended) handlers.onChange({ type: event.type, deployment: toDeployment(event.object, events) });
          })
          .catch((error: unknown) => end(error));
      };
      stops.push(await watchModels(cluster, current, start.metadata?.resourceVersion, enqueue, (error) => end(error ?? new Error("watch closed"))));
    }
  } catch (error) {
    stopAll();
    throw error;
  }
  handlers.onReady();
  return stopAll;

  async function eventsFor(current: string, event: ModelWatchEvent): Promise<DeploymentEvent[]> {
    // Only a model that is not up needs its events: they carry the reason it is pending or failed.
    if (event.type === "DELETED" || deriveStatus(event.object, []).status === "Ready") return [];
    const name = event.object.metadata.name;
    return (await listModelEvents(cluster, current, name)).get(name) ?? [];
  }
}
