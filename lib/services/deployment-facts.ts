// What the gateway knows of the deployments its requests reach, without asking the API server on a request's path.
// A deployment's facts are looked up the first time a request names it; from then on a watch on its namespace (one
// per kind) keeps them current, so a change made anywhere (kubectl included) reaches the next request at once. While a
// namespace's watch is not open (starting, or failed and waiting to start again), its facts are looked up again every
// two seconds instead, and a missing deployment is believed for two seconds only. Facts no request has used for a
// minute are let go, and the namespace's watch with the last of them. A change made through Modelport also forgets
// its entry at once, here and on every replica (./gateway-cache).
import { systemCaller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { BACKEND_ORDER, findDeploymentObject, type AnyBackend } from "@/lib/k8s/backends";
import { getCluster } from "@/lib/k8s/cluster";
import type { ServingObject } from "@/lib/k8s/deployment-backend";
import { WatchExpiredError, type WatchEvent } from "@/lib/k8s/object-watch";
import { logger } from "@/lib/observability/logger";
import { getRuntime, runtimeSingleton } from "@/lib/runtime";
import { servesOpenAI, type Deployment } from "@/lib/schemas/deployment";
import { viewDeployment } from "./deployment-view";
import { gatewayCache, type CachedEntry } from "./gateway-cache";

/** How often facts no watch keeps current are looked up again, and how long a missing deployment is believed then. */
const POLL_MS = 2000;
/** Facts no request has used for this long are let go; unwatched ones may answer this old while looked up again. */
const UNUSED_MS = 60_000;
/** How long after a failed watch a namespace's watch is started again (its facts are polled meanwhile). */
const RETRY_MS = 10_000;

export type Facts = Pick<Deployment, "backend" | "namespace" | "name" | "status" | "proxy"> & {
  openai: boolean;
  address: string | null;
  protocol?: "v1" | "v2";
};

type Entry = CachedEntry<Facts | null>;

/** A namespace's watches, one per kind its cluster serves. */
interface NamespaceWatch {
  /** Every kind's watch is open: events reach the namespace's facts. */
  open: boolean;
  /** Every kind has a CRD, so a deployment not found is known to be missing (else a kind's objects go unwatched). */
  complete: boolean;
  /** Stopped or failed: replaced by a new watch once `retryAt` has passed. */
  ended: boolean;
  retryAt: number;
  stops: (() => void)[];
}

interface FactsState {
  entries: Map<string, Entry>;
  watches: Map<string, NamespaceWatch>;
  timer?: ReturnType<typeof setInterval>;
}

const SYSTEM_CALLER = systemCaller("gateway");

function factsOf(backend: AnyBackend, object: ServingObject): Facts {
  const deployment = viewDeployment(SYSTEM_CALLER, backend, object);
  const { namespace, name, status, proxy } = deployment;
  if (deployment.backend === "kubeai")
    return { backend: "kubeai", namespace, name, status, proxy, openai: true, address: deployment.endpoint };
  const protocol = deployment.protocol === "v2" ? "v2" : "v1";
  return { backend: "kserve", namespace, name, status, proxy, openai: servesOpenAI(deployment), address: deployment.endpoint, protocol };
}

async function lookUp(namespace: string, name: string): Promise<Facts | null> {
  try {
    const { backend, object } = await findDeploymentObject(getCluster(), namespace, name);
    return factsOf(backend, object);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  }
}

function factsState(): FactsState {
  return runtimeSingleton("gateway-deployment-facts", () => ({ entries: gatewayCache<Facts | null>(), watches: new Map() }));
}

/** The namespace's watch if it is open: a look-up begun now misses no change after it. */
function openWatch(state: FactsState, namespace: string): NamespaceWatch | undefined {
  const watch = state.watches.get(namespace);
  return watch?.open ? watch : undefined;
}

/**
 * Whether what a look-up found (null: the deployment is missing) is kept current: the namespace's watch was open when
 * the look-up began and still is. A deployment not found is known missing only if every kind is watched.
 */
function keptCurrent(state: FactsState, namespace: string, watch: NamespaceWatch | undefined, facts: Facts | null): boolean {
  return !!watch && watch.open && state.watches.get(namespace) === watch && (facts !== null || watch.complete);
}

/**
 * The deployment's facts. From memory while its namespace's watch keeps them current, or (unwatched) while they are
 * under a minute old (missing: two seconds); else looked up on the request's path.
 */
export function deploymentFacts(namespace: string, name: string): Promise<Facts | null> {
  const key = `${namespace}/${name}`;
  const state = factsState();
  const now = Date.now();
  const cached = state.entries.get(key);
  if (cached && (cached.current || now - cached.at < (cached.known === null ? POLL_MS : UNUSED_MS))) {
    cached.usedAt = now;
    return cached.value;
  }
  keepFresh(state);
  if (!state.watches.has(namespace)) void startWatch(state, namespace);
  return install(state, key, lookUpEntry(state, namespace, name, now));
}

/**
 * A look-up begun now, as an entry. Once it settles, `known` holds what it found, and the entry is kept current if
 * the namespace's watch was already open (any later change reaches it as an event).
 */
function lookUpEntry(state: FactsState, namespace: string, name: string, usedAt: number): Entry {
  const watch = openWatch(state, namespace);
  const entry: Entry = { at: Date.now(), usedAt, value: lookUp(namespace, name) };
  entry.value.then(
    (found) => {
      entry.known = found;
      entry.current = keptCurrent(state, namespace, watch, found);
    },
    () => {},
  );
  return entry;
}

/** Puts a look-up's entry in place now; a failed one is forgotten, so the next request tries again. */
function install(state: FactsState, key: string, entry: Entry): Promise<Facts | null> {
  state.entries.set(key, entry);
  entry.value.catch(() => {
    if (state.entries.get(key) === entry) state.entries.delete(key);
  });
  return entry.value;
}

/** Looks an entry up again off the request's path; it answers as it is until the new look-up replaces it. */
function refresh(state: FactsState, key: string, entry: Entry): void {
  if (entry.refreshing) return;
  entry.refreshing = true;
  const slash = key.indexOf("/");
  const next = lookUpEntry(state, key.slice(0, slash), key.slice(slash + 1), entry.usedAt);
  next.value.then(
    () => {
      if (state.entries.get(key) !== entry) return;
      next.usedAt = entry.usedAt;
      state.entries.set(key, next);
    },
    () => (entry.refreshing = false),
  );
}

/** Applies a watch event to the deployment it names, if a request has used it. */
function applyEvent(state: FactsState, watch: NamespaceWatch, backend: AnyBackend, event: WatchEvent<ServingObject>): void {
  const { namespace = "", name } = event.object.metadata;
  const key = `${namespace}/${name}`;
  const entry = state.entries.get(key);
  if (!entry) return;
  const known = entry.known;
  if (event.type === "DELETED") {
    // Another kind may hold an object of the same name: look it up rather than presume it missing.
    if (known === null || (known && known.backend !== backend.name)) return;
    void install(state, key, lookUpEntry(state, namespace, name, entry.usedAt));
    return;
  }
  // Should both kinds have an object of this name (made with kubectl), KubeAI's is the one a look-up finds.
  if (known && known.backend === "kubeai" && backend.name !== "kubeai") return;
  const facts = factsOf(backend, event.object);
  state.entries.set(key, { at: Date.now(), usedAt: entry.usedAt, value: Promise.resolve(facts), known: facts, current: watch.open });
}

/**
 * Watches a namespace's serving objects, every kind its cluster serves, from now. Once every watch is open, the facts
 * looked up before are looked up once more (a change between their look-up and the watch's start would be missed).
 * A failed watch puts the namespace back on polling until a new one starts, RETRY_MS later (at once after a 410).
 */
async function startWatch(state: FactsState, namespace: string): Promise<void> {
  const watch: NamespaceWatch = { open: false, complete: true, ended: false, retryAt: 0, stops: [] };
  state.watches.set(namespace, watch);
  const end = (error: unknown) => {
    if (watch.ended) return;
    stopWatch(watch);
    const expired = error instanceof WatchExpiredError;
    watch.retryAt = Date.now() + (expired ? 0 : RETRY_MS);
    for (const [key, entry] of state.entries) if (key.startsWith(`${namespace}/`)) entry.current = false;
    if (!expired) {
      logger.warn("the gateway's watch on a namespace failed; polling it", {
        namespace,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };
  try {
    const cluster = getCluster();
    const { MODELPORT_WATCH_TIMEOUT_SECONDS: timeoutSeconds } = getRuntime().config;
    for (const backend of BACKEND_ORDER) {
      // A kind the cluster does not serve (no CRD) has nothing to watch.
      const start = await backend.list(cluster, namespace, { limit: 1 }).catch((error: unknown) => {
        if (error instanceof AppError && error.code === "not_found") return undefined;
        throw error;
      });
      if (watch.ended) return;
      if (!start) {
        watch.complete = false;
        continue;
      }
      const onEvent = (event: WatchEvent<ServingObject>) => applyEvent(state, watch, backend, event);
      const stop = await backend.watch(cluster, namespace, start.resourceVersion, onEvent, end, { timeoutSeconds });
      if (watch.ended) return stop();
      watch.stops.push(stop);
    }
  } catch (error) {
    return end(error);
  }
  watch.open = true;
  for (const [key, entry] of state.entries) if (key.startsWith(`${namespace}/`) && !entry.current) refresh(state, key, entry);
}

function stopWatch(watch: NamespaceWatch): void {
  watch.ended = true;
  watch.open = false;
  for (const stop of watch.stops.splice(0)) stop();
}

/**
 * Every two seconds: lets go of facts unused for a minute, looks up again those no watch keeps current, stops the
 * watches of namespaces no longer used and starts those due. Stops, with every watch, once its runtime is gone.
 */
function keepFresh(state: FactsState): void {
  if (state.timer) return;
  state.timer = setInterval(() => {
    let current: FactsState | undefined;
    try {
      current = factsState();
    } catch {
      current = undefined;
    }
    if (current !== state) return stopDeploymentFacts(state);
    const now = Date.now();
    const used = new Set<string>();
    for (const [key, entry] of state.entries) {
      if (now - entry.usedAt >= UNUSED_MS) {
        state.entries.delete(key);
        continue;
      }
      used.add(key.slice(0, key.indexOf("/")));
      if (!entry.current && entry.known !== null && now - entry.at >= POLL_MS / 2) refresh(state, key, entry);
    }
    for (const [namespace, watch] of state.watches) {
      if (used.has(namespace)) continue;
      stopWatch(watch);
      state.watches.delete(namespace);
    }
    for (const namespace of used) {
      const watch = state.watches.get(namespace);
      if (!watch || (watch.ended && now >= watch.retryAt)) void startWatch(state, namespace);
    }
  }, POLL_MS);
  state.timer.unref();
}

/** Stops the timer and every watch (the runtime is stopping, or is gone). */
export function stopDeploymentFacts(state: FactsState = factsState()): void {
  clearInterval(state.timer);
  state.timer = undefined;
  for (const watch of state.watches.values()) stopWatch(watch);
  state.watches.clear();
  for (const entry of state.entries.values()) entry.current = false;
}

/** Whether the gateway's watch on a namespace is open (for tests). */
export function deploymentWatchIsOpen(namespace: string): boolean {
  return factsState().watches.get(namespace)?.open ?? false;
}
