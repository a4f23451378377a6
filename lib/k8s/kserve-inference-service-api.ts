// Calls on KServe InferenceServices and their events: the only code that knows the kind's API paths.
import { callKubernetes, type Cluster } from "./cluster";
import { KSERVE_GROUP, KSERVE_PLURAL, KSERVE_VERSION, type InferenceServiceObject } from "./kserve-inference-service";
import { eventsOfObject, listObjectEvents, type EventsByObject } from "./object-events";
import { watchObjects, type WatchEvent, type WatchOptions } from "./object-watch";

const base = { group: KSERVE_GROUP, version: KSERVE_VERSION, plural: KSERVE_PLURAL };
const RESOURCE = "inferenceservices.serving.kserve.io";

interface InferenceServiceList {
  items: InferenceServiceObject[];
  metadata?: { continue?: string; resourceVersion?: string };
}

const what = (namespace: string, name: string) => `InferenceService ${namespace}/${name}`;

export async function listInferenceServices(
  cluster: Cluster,
  namespace: string,
  options: { limit?: number; continueToken?: string } = {},
): Promise<InferenceServiceList> {
  return callKubernetes("list", RESOURCE, `InferenceServices in ${namespace}`, () =>
    cluster.customObjects.listNamespacedCustomObject({ ...base, namespace, limit: options.limit, _continue: options.continueToken }),
  ) as Promise<InferenceServiceList>;
}

export async function getInferenceService(cluster: Cluster, namespace: string, name: string): Promise<InferenceServiceObject> {
  return callKubernetes("get", RESOURCE, what(namespace, name), () =>
    cluster.customObjects.getNamespacedCustomObject({ ...base, namespace, name }),
  ) as Promise<InferenceServiceObject>;
}

export async function createInferenceService(
  cluster: Cluster,
  isvc: InferenceServiceObject,
  dryRun = false,
): Promise<InferenceServiceObject> {
  const namespace = isvc.metadata.namespace ?? "";
  return callKubernetes("create", RESOURCE, what(namespace, isvc.metadata.name), () =>
    cluster.customObjects.createNamespacedCustomObject({
      ...base,
      namespace,
      body: isvc,
      dryRun: dryRun ? "All" : undefined,
      fieldManager: "modelport",
    }),
  ) as Promise<InferenceServiceObject>;
}

/** Replaces an InferenceService; its metadata.resourceVersion makes a concurrent change fail with a conflict. */
export async function replaceInferenceService(
  cluster: Cluster,
  isvc: InferenceServiceObject,
  dryRun = false,
): Promise<InferenceServiceObject> {
  const namespace = isvc.metadata.namespace ?? "";
  const name = isvc.metadata.name;
  return callKubernetes("update", RESOURCE, what(namespace, name), () =>
    cluster.customObjects.replaceNamespacedCustomObject({
      ...base,
      namespace,
      name,
      body: isvc,
      dryRun: dryRun ? "All" : undefined,
      fieldManager: "modelport",
    }),
  ) as Promise<InferenceServiceObject>;
}

export async function deleteInferenceService(cluster: Cluster, namespace: string, name: string): Promise<void> {
  await callKubernetes("delete", RESOURCE, what(namespace, name), () =>
    cluster.customObjects.deleteNamespacedCustomObject({ ...base, namespace, name, propagationPolicy: "Background" }),
  );
}

/** Events about InferenceServices in a namespace (or about one), grouped per service by uid. */
export function listInferenceServiceEvents(cluster: Cluster, namespace: string, name?: string): Promise<EventsByObject> {
  return listObjectEvents(cluster, namespace, "InferenceService", name);
}

export const eventsOfInferenceService: (events: EventsByObject, isvc: InferenceServiceObject) => ReturnType<typeof eventsOfObject> =
  eventsOfObject;

/** Watches InferenceServices in a namespace from a resourceVersion until stopped (see ./object-watch). */
export function watchInferenceServices(
  cluster: Cluster,
  namespace: string,
  resourceVersion: string | undefined,
  onEvent: (event: WatchEvent<InferenceServiceObject>) => void,
  onEnd: (error: unknown) => void,
  options: WatchOptions,
): Promise<() => void> {
  const kind = { ...base, resource: RESOURCE, kind: "InferenceServices" };
  return watchObjects<InferenceServiceObject>(cluster, kind, namespace, resourceVersion, onEvent, onEnd, options);
}
