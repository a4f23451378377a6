// Watching a kind's objects in a namespace for as long as needed: one watch request after another, each re-opened
// where the last left off, with bookmarks, a stall timer for connections that hang, and 410 Gone reported as such.
import { AppError } from "@/lib/errors";
import { toAppError } from "./api-errors";
import { callKubernetes, type Cluster } from "./cluster";

export type WatchEvent<T> = { type: "ADDED" | "MODIFIED" | "DELETED"; object: T };

/** A kind's collection: its API group, version and plural, its resource name for errors, and its plural for people. */
export interface WatchedKind {
  group: string;
  version: string;
  plural: string;
  /** e.g. models.kubeai.org */
  resource: string;
  /** e.g. Models */
  kind: string;
}

/** The API server no longer has the changes after the watch's resourceVersion (410 Gone): list again, then watch. */
export class WatchExpiredError extends Error {
  constructor(what: string) {
    super(`The watch on ${what} fell too far behind (410 Gone); list again`);
    this.name = "WatchExpiredError";
  }
}

export interface WatchOptions {
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
 * Watches a kind's objects in a namespace from a resourceVersion until stopped. Each request carries `timeoutSeconds` and
 * asks for bookmarks; when the server ends it, or it outlives the timeout by the stall margin (a connection that
 * hangs silently), it is re-opened from the last resourceVersion seen. Resolves once the first request is open and
 * rejects if it cannot be; later, `onEnd` reports a failure, or a WatchExpiredError when the resourceVersion is
 * gone. Returns a function that stops watching; nothing is reported after it is called.
 */
export async function watchObjects<T>(
  cluster: Cluster,
  kind: WatchedKind,
  namespace: string,
  resourceVersion: string | undefined,
  onEvent: (event: WatchEvent<T>) => void,
  onEnd: (error: unknown) => void,
  options: WatchOptions,
): Promise<() => void> {
  const what = `${kind.kind} in ${namespace}`;
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
      else refuseOpen(new AppError("unavailable", `The cluster did not open the watch on ${what}`));
    }, stallMs);
    abandonCurrent = abandon;
    const callbacks: WatchCallbacks<T> = {
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
      else fail(end.kind === "expired" ? new WatchExpiredError(what) : toAppError(end.error, what));
    };
    const opening = watchOnce(cluster, kind, namespace, { resourceVersion: version, timeoutSeconds: options.timeoutSeconds }, callbacks);
    // A request given up on (stopped, or stalled before it opened) is closed whenever it does open.
    opening.then(
      (opened) => abandoned && opened.abort(),
      () => {},
    );
    controller = await Promise.race([opening, neverOpened]);
    if (!earlyEnd) return;
    // The request ended before it was open: a first request's caller hears it as a refused watch.
    clearTimeout(stall);
    if (earlyEnd.kind === "failed") throw toAppError(earlyEnd.error, what);
    if (earlyEnd.kind === "expired") throw new WatchExpiredError(what);
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

interface WatchCallbacks<T> {
  onEvent(event: WatchEvent<T>): void;
  /** The resourceVersion of every object and bookmark seen, to re-open from. */
  onVersion(resourceVersion: string): void;
  /** Called once, however the request ended; also when it could not be opened (possibly before this resolves). */
  onDone(end: RequestEnd): void;
}

/** One watch request; the API server reports an expired resourceVersion as an ERROR event or a 410 response. */
async function watchOnce<T>(
  cluster: Cluster,
  kind: WatchedKind,
  namespace: string,
  query: { resourceVersion: string | undefined; timeoutSeconds: number },
  callbacks: WatchCallbacks<T>,
): Promise<AbortController> {
  const path = `/apis/${kind.group}/${kind.version}/namespaces/${encodeURIComponent(namespace)}/${kind.plural}`;
  let expired = false;
  let failure: Error | undefined;
  return callKubernetes("watch", kind.resource, `${kind.kind} in ${namespace}`, () =>
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
        if (type === "ADDED" || type === "MODIFIED" || type === "DELETED") callbacks.onEvent({ type, object: object as T });
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
