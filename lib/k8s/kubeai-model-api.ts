// Calls on KubeAI Models and their events: the only code that knows the Model kind's API paths.
import type { CoreV1Event } from "@kubernetes/client-node";
import type { DeploymentEvent } from "@/lib/schemas/deployment";
import { callKubernetes, type Cluster } from "./cluster";
import { KUBEAI_GROUP, KUBEAI_PLURAL, KUBEAI_VERSION, type ModelObject } from "./kubeai-model";

const base = { group: KUBEAI_GROUP, version: KUBEAI_VERSION, plural: KUBEAI_PLURAL };
const RESOURCE = "models.kubeai.org";

interface ModelList {
  items: ModelObject[];
  metadata?: { continue?: string; resourceVersion?: string };
}

const modelWhat = (namespace: string, name: string) => `Model ${namespace}/${name}`;

export async function listModels(
  cluster: Cluster,
  namespace: string,
  options: { limit?: number; continueToken?: string; labelSelector?: string } = {},
): Promise<ModelList> {
  return callKubernetes("list", RESOURCE, `Models in ${namespace}`, () =>
    cluster.customObjects.listNamespacedCustomObject({
      ...base,
      namespace,
      limit: options.limit,
      _continue: options.continueToken,
      labelSelector: options.labelSelector,
    }),
  ) as Promise<ModelList>;
}

export async function getModel(cluster: Cluster, namespace: string, name: string): Promise<ModelObject> {
  return callKubernetes("get", RESOURCE, modelWhat(namespace, name), () =>
    cluster.customObjects.getNamespacedCustomObject({ ...base, namespace, name }),
  ) as Promise<ModelObject>;
}

export async function createModel(cluster: Cluster, model: ModelObject, dryRun = false): Promise<ModelObject> {
  const namespace = model.metadata.namespace ?? "";
  return callKubernetes("create", RESOURCE, modelWhat(namespace, model.metadata.name), () =>
    cluster.customObjects.createNamespacedCustomObject({
      ...base,
      namespace,
      body: model,
      dryRun: dryRun ? "All" : undefined,
      fieldManager: "modelport",
    }),
  ) as Promise<ModelObject>;
}

/** Replaces a Model; its metadata.resourceVersion makes a concurrent change fail with a conflict. */
export async function replaceModel(cluster: Cluster, model: ModelObject, dryRun = false): Promise<ModelObject> {
  const namespace = model.metadata.namespace ?? "";
  return callKubernetes("update", RESOURCE, modelWhat(namespace, model.metadata.name), () =>
    cluster.customObjects.replaceNamespacedCustomObject({
      ...base,
      namespace,
      name: model.metadata.name,
      body: model,
      dryRun: dryRun ? "All" : undefined,
      fieldManager: "modelport",
    }),
  ) as Promise<ModelObject>;
}

export async function deleteModel(cluster: Cluster, namespace: string, name: string, dryRun = false): Promise<void> {
  await callKubernetes("delete", RESOURCE, modelWhat(namespace, name), () =>
    cluster.customObjects.deleteNamespacedCustomObject({
      ...base,
      namespace,
      name,
      dryRun: dryRun ? "All" : undefined,
      propagationPolicy: "Background",
    }),
  );
}

/** Events about Models in a namespace (or about one Model), newest last as the API returns them. */
export async function listModelEvents(cluster: Cluster, namespace: string, name?: string): Promise<Map<string, DeploymentEvent[]>> {
  const selector = ["involvedObject.kind=Model", ...(name ? [`involvedObject.name=${name}`] : [])].join(",");
  const list = await callKubernetes("list", "events", `Events in ${namespace}`, () =>
    cluster.core.listNamespacedEvent({ namespace, fieldSelector: selector }),
  );
  const byModel = new Map<string, DeploymentEvent[]>();
  for (const event of list.items) {
    const key = event.involvedObject.name ?? "";
    const events = byModel.get(key) ?? [];
    events.push(toDeploymentEvent(event));
    byModel.set(key, events);
  }
  return byModel;
}

function toDeploymentEvent(event: CoreV1Event): DeploymentEvent {
  const when = event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp;
  return {
    type: event.type ?? "Normal",
    reason: event.reason ?? "",
    message: event.message ?? "",
    count: event.count,
    lastTimestamp: when ? new Date(when).toISOString() : null,
    source: event.source?.component,
  };
}

export type ModelWatchEvent = { type: "ADDED" | "MODIFIED" | "DELETED"; object: ModelObject };

/** Watches Models in a namespace from a resourceVersion; returns a function that stops the watch. */
export async function watchModels(
  cluster: Cluster,
  namespace: string,
  resourceVersion: string | undefined,
  onEvent: (event: ModelWatchEvent) => void,
  onEnd: (error?: unknown) => void,
): Promise<() => void> {
  const path = `/apis/${KUBEAI_GROUP}/${KUBEAI_VERSION}/namespaces/${encodeURIComponent(namespace)}/${KUBEAI_PLURAL}`;
  const controller = await callKubernetes("watch", RESOURCE, `Models in ${namespace}`, () =>
    cluster.watch.watch(
      path,
      { resourceVersion, allowWatchBookmarks: false },
      (type, object) => {
        if (type === "ADDED" || type === "MODIFIED" || type === "DELETED") onEvent({ type, object: object as ModelObject });
      },
      (error) => onEnd(error ?? undefined),
    ),
  );
  return () => controller.abort();
}
