// Calls on KubeAI Models and their events: the only code that knows the Model kind's API paths.
import { AppError } from "@/lib/errors";
import type { DeploymentEvent } from "@/lib/schemas/deployment";
import { toAppError } from "./api-errors";
import { callKubernetes, type Cluster } from "./cluster";
import { KUBEAI_GROUP, KUBEAI_PLURAL, KUBEAI_VERSION, type ModelObject } from "./kubeai-model";
import { eventsOfObject, listObjectEvents, type EventsByObject } from "./object-events";

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

export type ModelWatchEvent = { type: "ADDED" | "MODIFIED" | "DELETED"; object: ModelObject };

/** The API server no longer has the changes after the watch's resourceVersion (410 Gone): list again, then watch. */
export class WatchExpiredError extends Error {
  constructor(namespace: string) {
    super(`The watch on Models in ${namespace} fell too far behind (410 Gone); list again`);
    this.name = "WatchExpiredError";
  }
}

export interface ModelWatchOptions {
  /** How long the API server keeps one watch request open; the watch is then re-opened where it left off. */
  timeoutSeconds: number;
  /** How long past timeoutSeconds a request may stay open before it is presumed hung, dropped and re-opened. */
  stallMarginSeconds?: number;
}

const DEFAULT_STALL_MARGIN_SECONDS = 15;
// A server that ends watches at once must not make us hammer it.
const MIN_WATCH_LIFETIME_MS = 1000;

type RequestEnd = { kind: "closed" } | { kind: "expired" } | { kind: "failed"; error: unknown };

/**
 * Watches Models in a namespace from a resourceVersion until stopped. Each request carries `timeoutSeconds` and
 * asks for bookmarks; when the server ends it, or it outlives the timeout by the stall margin (a connection that
 * hangs silently), it is re-opened from the last resourceVersion seen. Resolves once the first request is open and
 * rejects if it cannot be; later, `onEnd` reports a failure, or a WatchExpiredError when the resourceVersion is
 * gone. Returns a function that stops watching; nothing is reported after it is called.
 */
export async function watchModels(
  cluster: Cluster,
  namespace: string,
  resourceVersion: string | undefined,
  onEvent: (event: ModelWatchEvent) => void,
  onEnd: (error: unknown) => void,
  options: ModelWatchOptions,
): Promise<() => void> {
  const stallMs = (options.timeoutSeconds + (options.stallMarginSeconds ?? DEFAULT_STALL_MARGIN_SECONDS)) * 1000;
  let version = resourceVersion;
  let stopped = false;
  let abandonCurrent = () => {};
  let reopenTimer: ReturnType<typeof setTimeout> | undefined;

  const stop = () => {
    stopped = true;
    clearTimeout(reopenTimer);
    abandonCurrent();
  };
  const fail = (error: unknown) => {
    if (stopped) return;
    stop();
    onEnd(error);
  };
  const reopenAfter = (openedAt: number) => {
    const wait = Date.now() - openedAt < MIN_WATCH_LIFETIME_MS ? MIN_WATCH_LIFETIME_MS : 0;
    reopenTimer = setTimeout(() => open().catch(fail), wait);
  };

  async function open(): Promise<void> {
    const openedAt = Date.now();
    let abandoned = false;
    let controller: AbortController | undefined;
    let earlyEnd: RequestEnd | undefined;
    let refuseOpen: (error: unknown) => void = () => {};
    const neverOpened = new Promise<never>((_, reject) => (refuseOpen = reject));
    const abandon = () => {
      abandoned = true;
      clearTimeout(stall);
      controller?.abort();
    };
    const stall = setTimeout(() => {
      abandon();
      if (controller) reopenAfter(openedAt);
      else refuseOpen(new AppError("unavailable", `The cluster did not open the watch on Models in ${namespace}`));
    }, stallMs);
    abandonCurrent = abandon;
    const callbacks: WatchCallbacks = {
      onEvent: (event) => {
        if (!abandoned && !stopped) onEvent(event);
      },
      onVersion: (seen) => {
        if (!abandoned) version = seen;
      },
      onDone: (end) => {
        if (!controller) earlyEnd = end;
        else if (!abandoned && !stopped) settle(end);
      },
    };
    const settle = (end: RequestEnd) => {
      clearTimeout(stall);
      if (end.kind === "closed") reopenAfter(openedAt);
      else fail(end.kind === "expired" ? new WatchExpiredError(namespace) : toAppError(end.error, `Models in ${namespace}`));
    };
    const opening = watchOnce(cluster, namespace, { resourceVersion: version, timeoutSeconds: options.timeoutSeconds }, callbacks);
    // A request given up on (stopped, or stalled before it opened) is closed whenever it does open.
    opening.then(
      (opened) => abandoned && opened.abort(),
      () => {},
    );
    controller = await Promise.race([opening, neverOpened]);
    if (!earlyEnd) return;
    // The request ended before it was open: a first request's caller hears it as a refused watch.
    clearTimeout(stall);
    if (earlyEnd.kind === "failed") throw toAppError(earlyEnd.error, `Models in ${namespace}`);
    if (earlyEnd.kind === "expired") throw new WatchExpiredError(namespace);
    reopenAfter(openedAt);
  }

  try {
    await open();
  } catch (error) {
    stop();
    throw error;
  }
  return stop;
}

interface WatchCallbacks {
  onEvent(event: ModelWatchEvent): void;
  /** The resourceVersion of every object and bookmark seen, to re-open from. */
  onVersion(resourceVersion: string): void;
  /** Called once, however the request ended; also when it could not be opened (possibly before this resolves). */
  onDone(end: RequestEnd): void;
}

/** One watch request; the API server reports an expired resourceVersion as an ERROR event or a 410 response. */
async function watchOnce(
  cluster: Cluster,
  namespace: string,
  query: { resourceVersion: string | undefined; timeoutSeconds: number },
  callbacks: WatchCallbacks,
): Promise<AbortController> {
  const path = `/apis/${KUBEAI_GROUP}/${KUBEAI_VERSION}/namespaces/${encodeURIComponent(namespace)}/${KUBEAI_PLURAL}`;
  let expired = false;
  let failure: Error | undefined;
  return callKubernetes("watch", RESOURCE, `Models in ${namespace}`, () =>
    cluster.watch.watch(
      path,
      { ...query, allowWatchBookmarks: true },
      (type, object: unknown) => {
        if (type === "ERROR") {
          const status = object as { code?: number; message?: string } | undefined;
          if (status?.code === 410) expired = true;
          else failure ??= Object.assign(new Error(status?.message ?? "watch error"), { code: status?.code });
          return;
        }
        const seen = (object as { metadata?: { resourceVersion?: unknown } } | undefined)?.metadata?.resourceVersion;
        if (typeof seen === "string" && seen !== "") callbacks.onVersion(seen);
        if (type === "ADDED" || type === "MODIFIED" || type === "DELETED") callbacks.onEvent({ type, object: object as ModelObject });
      },
      (error: unknown) => {
        if (expired || statusCodeOf(error) === 410) callbacks.onDone({ kind: "expired" });
        else if (error || failure) callbacks.onDone({ kind: "failed", error: error ?? failure });
        else callbacks.onDone({ kind: "closed" });
      },
    ),
  );
}

function statusCodeOf(error: unknown): number | undefined {
  if (!error || typeof error !== "object") return undefined;
  const code = "statusCode" in error ? error.statusCode : "code" in error ? error.code : undefined;
  return typeof code === "number" ? code : undefined;
}
