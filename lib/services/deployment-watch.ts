// Live deployment changes for the browser: one Kubernetes watch per visible namespace, each change as a view model.
import { type Caller } from "@/lib/auth/caller";
import { notFound } from "@/lib/errors";
import { getCluster } from "@/lib/k8s/cluster";
import { deriveStatus, toDeployment } from "@/lib/k8s/kubeai-model";
import { listModelEvents, listModels, watchModels } from "@/lib/k8s/kubeai-model-api";
import type { Deployment } from "@/lib/schemas/deployment";
import { visibleTenantNames } from "./tenants";

export type DeploymentChange = { type: "ADDED" | "MODIFIED" | "DELETED"; deployment: Deployment };

/**
 * Starts watching from "now" in each namespace and calls `onReady` once every watch is open, so the browser can
 * refetch its list then and miss nothing in between. Returns a function that stops every watch.
 */
export async function watchDeployments(
  caller: Caller,
  namespace: string | undefined,
  handlers: { onChange(change: DeploymentChange): void; onReady(): void; onEnd(error?: unknown): void },
): Promise<() => void> {
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
  for (const current of namespaces) {
    const start = await listModels(cluster, current, { limit: 1 });
    const stop = await watchModels(
      cluster,
      current,
      start.metadata?.resourceVersion,
      (event) => {
        void (async () => {
          let events = undefined;
          // Only a model that is not up needs its events: they carry the reason it is pending or failed.
          if (event.type !== "DELETED" && deriveStatus(event.object, []).status !== "Ready") {
            events = (await listModelEvents(cluster, current, event.object.metadata.name).catch(() => undefined))?.get(
              event.object.metadata.name,
            );
          }
          if (!ended) handlers.onChange({ type: event.type, deployment: toDeployment(event.object, events ?? []) });
        })();
      },
      (error) => {
        if (!ended) {
          stopAll();
          handlers.onEnd(error);
        }
      },
    );
    stops.push(stop);
  }
  handlers.onReady();
  return stopAll;
}
