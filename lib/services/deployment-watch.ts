// Live deployment changes for the browser: one Kubernetes watch per visible namespace and kind, all in one stream,
// each change as a view model, for only as long as the caller may still see them.
import { type Caller } from "@/lib/auth/caller";
import { isCallerStillValid } from "@/lib/auth/caller-validity";
import { AppError, notFound } from "@/lib/errors";
import { BACKEND_ORDER, type AnyBackend } from "@/lib/k8s/backends";
import { getCluster } from "@/lib/k8s/cluster";
import type { ServingObject } from "@/lib/k8s/deployment-backend";
import { WatchExpiredError, type WatchEvent } from "@/lib/k8s/object-watch";
import { logger } from "@/lib/observability/logger";
import { getRuntime } from "@/lib/runtime";
import type { DeploymentEvent } from "@/lib/schemas/deployment";
import type { DeploymentChange, WatchEnd } from "@/lib/schemas/deployment-watch";
import { createAccessGate, type AccessGate } from "./access-gate";
import { viewDeployment } from "./deployment-view";
import { acquireStreamSlot } from "./stream-slots";
import { visibleTenantNames } from "./tenants";

const TOKEN_EXPIRED: WatchEnd = { reason: "token-expired", message: "Your sign-in has expired; sign in again" };
const ACCESS_REVOKED: WatchEnd = { reason: "access-revoked", message: "Your access has been revoked" };
const RESYNC: WatchEnd = { reason: "resync", message: "The cluster asked for a fresh list; reconnect" };
const UNAVAILABLE: WatchEnd = { reason: "unavailable", message: "The watch could not continue; reconnect" };

export interface WatchHandlers {
  onChange(change: DeploymentChange): void;
  onReady(): void;
  /** The stream is over and nothing more is delivered; not called when the returned stop function is. */
  onEnd(end: WatchEnd): void;
}

export interface WatchOptions {
  /** Seconds one cluster watch request lasts before it is re-opened; MODELPORT_WATCH_TIMEOUT_SECONDS by default. */
  timeoutSeconds?: number;
  /** How often access is re-checked while nothing is delivered; MODELPORT_STREAM_RECHECK_SECONDS by default. */
  recheckMs?: number;
}

/**
 * Starts watching from "now" in each namespace and calls `onReady` once every watch is open, so the browser can
 * refetch its list then and miss nothing in between. Takes one of the caller's stream slots (429 when none is left)
 * until the stream ends. The stream ends when the caller's credential expires (a timer), when a re-check finds the
 * caller revoked or a watched tenant deleted, and no change is delivered unless a check begun after it arrived
 * passed. Returns a function that stops everything; if setting up fails, what was set up is undone first.
 */
export async function watchDeployments(
  caller: Caller,
  namespace: string | undefined,
  handlers: WatchHandlers,
  options: WatchOptions = {},
): Promise<() => void> {
  const { config } = getRuntime();
  const timeoutSeconds = options.timeoutSeconds ?? config.MODELPORT_WATCH_TIMEOUT_SECONDS;
  const recheckMs = options.recheckMs ?? config.MODELPORT_STREAM_RECHECK_SECONDS * 1000;
  if (hasExpired(caller)) throw new AppError("unauthenticated", TOKEN_EXPIRED.message);
  const stops: (() => void)[] = [acquireStreamSlot(caller.subject)];
  let ended = false;
  const stopAll = () => {
    ended = true;
    for (const stop of stops.splice(0)) stop();
  };
  // Something set up after the stream already ended (a watch failed while the next one opened) is undone at once.
  const keep = (stop: () => void) => (ended ? stop() : stops.push(stop));
  const finish = (end: WatchEnd) => {
    if (ended) return;
    stopAll();
    logger.info("deployment watch ended", { caller: caller.subject, reason: end.reason });
    handlers.onEnd(end);
  };

  try {
    const namespaces = await namespacesToWatch(caller, namespace);
    let denial: WatchEnd | undefined;
    const gate = createAccessGate(
      async () => {
        // A check that cannot be made (the database or the issuer does not answer: isCallerStillValid throws) ends the
        // stream as "unavailable", which the browser reconnects after; only a definite "no" ends it as final.
        denial = await accessDenial(caller, namespaces).catch(() => UNAVAILABLE);
        return denial === undefined;
      },
      () => finish(denial ?? UNAVAILABLE),
    );
    const cluster = getCluster();
    const onWatchEnd = (error: unknown) => {
      if (error instanceof WatchExpiredError) return finish(RESYNC);
      logger.warn("deployment watch failed", { error: error instanceof Error ? error.message : String(error) });
      finish(UNAVAILABLE);
    };
    for (const current of namespaces) {
      for (const backend of BACKEND_ORDER) {
        if (ended) break;
        // A kind the cluster does not serve (no CRD) has nothing to watch.
        const start = await backend.list(cluster, current, { limit: 1 }).catch((error: unknown) => {
          if (error instanceof AppError && error.code === "not_found") return undefined;
          throw error;
        });
        if (!start) continue;
        const deliver = inOrder({ caller, backend, namespace: current, gate, handlers, hasEnded: () => ended, onError: onWatchEnd });
        keep(await backend.watch(cluster, current, start.resourceVersion, deliver, onWatchEnd, { timeoutSeconds }));
      }
    }
    keep(startTimers(caller, recheckMs, gate, () => finish(TOKEN_EXPIRED)));
  } catch (error) {
    stopAll();
    throw error;
  }
  if (!ended) handlers.onReady();
  return stopAll;
}

async function namespacesToWatch(caller: Caller, namespace: string | undefined): Promise<string[]> {
  const visible = await visibleTenantNames(caller);
  if (!namespace) return visible;
  if (!visible.includes(namespace)) throw notFound(`Namespace ${namespace}`);
  return [namespace];
}

/** What ends the stream now, or undefined while the caller may still see every watched namespace. */
async function accessDenial(caller: Caller, namespaces: string[]): Promise<WatchEnd | undefined> {
  if (hasExpired(caller)) return TOKEN_EXPIRED;
  // Tenants first: deleting a tenant also removes its service accounts, and "tenant deleted" says why.
  const tenants = new Set(await visibleTenantNames(caller));
  const gone = namespaces.find((name) => !tenants.has(name));
  if (gone) return { reason: "tenant-deleted", message: `Tenant ${gone} was deleted` };
  if (!(await isCallerStillValid(caller))) return hasExpired(caller) ? TOKEN_EXPIRED : ACCESS_REVOKED;
  return undefined;
}

function hasExpired(caller: Caller): boolean {
  return caller.expiresAt !== undefined && caller.expiresAt.getTime() <= Date.now();
}

/**
 * Handles one namespace's events strictly in order, even when one needs an extra lookup; each is stamped as it
 * arrives and delivered, as this caller may see it, only once the gate has checked access after that moment.
 */
function inOrder(stream: {
  caller: Caller;
  backend: AnyBackend;
  namespace: string;
  gate: AccessGate;
  handlers: WatchHandlers;
  hasEnded: () => boolean;
  onError: (error: unknown) => void;
}): (event: WatchEvent<ServingObject>) => void {
  const { caller, backend, namespace, gate, handlers, hasEnded, onError } = stream;
  let queue = Promise.resolve();
  return (event) => {
    const ticket = gate.ticket();
    queue = queue
      .then(async () => {
        const events = await eventsFor(backend, namespace, event);
        if (hasEnded() || !(await gate.pass(ticket)) || hasEnded()) return;
        handlers.onChange({ type: event.type, deployment: viewDeployment(caller, backend, event.object, events) });
      })
      .catch(onError);
  };
}

async function eventsFor(backend: AnyBackend, namespace: string, event: WatchEvent<ServingObject>): Promise<DeploymentEvent[]> {
  // Only a deployment that is not up needs its events: they carry the reason it is pending or failed.
  if (event.type === "DELETED" || !backend.needsEvents(event.object)) return [];
  const events = await backend.events(getCluster(), namespace, event.object.metadata.name);
  return backend.eventsOf(events, event.object);
}

// setTimeout's longest delay (about 24.8 days); a later expiry is reached in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The periodic re-check, and a timer at the credential's expiry so it ends the stream on time, not at a poll. */
function startTimers(caller: Caller, recheckMs: number, gate: AccessGate, onExpired: () => void): () => void {
  const recheck = setInterval(() => void gate.checkNow(), recheckMs);
  let expiry: ReturnType<typeof setTimeout> | undefined;
  const armExpiry = (at: number) => {
    const left = at - Date.now();
    expiry = left > MAX_TIMER_MS ? setTimeout(() => armExpiry(at), MAX_TIMER_MS) : setTimeout(onExpired, Math.max(0, left));
  };
  if (caller.expiresAt) armExpiry(caller.expiresAt.getTime());
  return () => {
    clearInterval(recheck);
    clearTimeout(expiry);
  };
}
