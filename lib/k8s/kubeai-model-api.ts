// Calls on KubeAI Models and their events: the only code that knows the Model kind's API paths.
import type { DeploymentEvent } from "@/lib/schemas/deployment";
import { callKubernetes, type Cluster } from "./cluster";
import { KUBEAI_GROUP, KUBEAI_PLURAL, KUBEAI_VERSION, type ModelObject } from "./kubeai-model";
import { eventsOfObject, listObjectEvents, type EventsByObject } from "./object-events";
import { watchObjects, type WatchEvent, type WatchOptions } from "./object-watch";

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

/** Events about Models in a namespace (or about one Model), grouped per Model by uid. */
export function listModelEvents(cluster: Cluster, namespace: string, name?: string): Promise<EventsByObject> {
  return listObjectEvents(cluster, namespace, "Model", name);
}

/** The events of one Model out of `listModelEvents`' map. */
export const eventsOfModel: (events: EventsByObject, model: ModelObject) => DeploymentEvent[] = eventsOfObject;

export type ModelWatchEvent = WatchEvent<ModelObject>;
export { WatchExpiredError, type WatchOptions as ModelWatchOptions } from "./object-watch";

/** Watches Models in a namespace from a resourceVersion until stopped (see ./object-watch). */
export function watchModels(
  cluster: Cluster,
  namespace: string,
  resourceVersion: string | undefined,
  onEvent: (event: ModelWatchEvent) => void,
  onEnd: (error: unknown) => void,
  options: WatchOptions,
): Promise<() => void> {
  return watchObjects<ModelObject>(
    cluster,
    { ...base, resource: RESOURCE, kind: "Models" },
    namespace,
    resourceVersion,
    onEvent,
    onEnd,
    options,
  );
}
