// The process-wide runtime: what start-up opened (database connection, cluster access, identity), shared through
// globalThis because the custom server and Next's bundles each hold their own copy of this module.
import type { Config } from "@/lib/config";
import type { DatabaseConnection } from "@/db/client";
import type { LimitStore } from "@/lib/gateway/limits";

export type ClusterSource =
  { kind: "sandbox"; kubeconfigPath: string; url: string } | { kind: "kubeconfig"; kubeconfigPath?: string } | { kind: "in-cluster" };

export interface Runtime {
  config: Config;
  database: DatabaseConnection;
  cluster: ClusterSource;
  /** Signs browser session cookies; from NEXTAUTH_SECRET or generated once and kept in the data directory. */
  authSecret: string;
  /** Rate-limit counters: in this process, or in Redis with REDIS_URL. */
  limits: LimitStore;
}

const RUNTIME_KEY = Symbol.for("modelport.runtime");

type RuntimeHolder = { [RUNTIME_KEY]?: Runtime };

export function setRuntime(runtime: Runtime | undefined): void {
  (globalThis as RuntimeHolder)[RUNTIME_KEY] = runtime;
}

/** The runtime start-up created; a request before start-up finished is a programming error, not a user error. */
export function getRuntime(): Runtime {
  const runtime = (globalThis as RuntimeHolder)[RUNTIME_KEY];
  if (!runtime) throw new Error("Modelport's runtime is not started (start it through the custom server or the test harness)");
  return runtime;
}

/** Each name's key on globalThis, made once per bundle (Symbol.for gives every bundle the same one). */
const SINGLETON_KEYS = new Map<string, symbol>();

/** A value created once per process and shared by every bundle, e.g. API clients or metric registries. */
export function processSingleton<T>(name: string, create: () => T): T {
  let key = SINGLETON_KEYS.get(name);
  if (!key) SINGLETON_KEYS.set(name, (key = Symbol.for(`modelport.${name}`)));
  const holder = globalThis as unknown as Record<symbol, T | undefined>;
  return (holder[key] ??= create());
}

const RUNTIME_VALUES = Symbol.for("modelport.runtime-values");
type WithValues = Runtime & { [RUNTIME_VALUES]?: Map<string, unknown> };

/**
 * A value created once per runtime and shared by every bundle (a cache, a connection, a timer's state). It lives on the
 * runtime, so it goes with it: a runtime started after another (a test's next server) starts afresh.
 */
export function runtimeSingleton<T>(name: string, create: (runtime: Runtime) => T): T {
  const runtime = getRuntime() as WithValues;
  let values = runtime[RUNTIME_VALUES];
  // Not enumerable: a runtime made by copying this one ({ ...runtime, cluster }) is a new runtime with values of its own.
  if (!values) Object.defineProperty(runtime, RUNTIME_VALUES, { value: (values = new Map<string, unknown>()), enumerable: false });
  let value = values.get(name) as T | undefined;
  if (value === undefined) {
    value = create(runtime);
    values.set(name, value);
  }
  return value;
}

// On globalThis like the runtime: the custom server and Next's bundles each hold their own copy of this module.
const SHUTDOWN = Symbol.for("modelport.shutdown");
type ShutdownHolder = { [SHUTDOWN]?: AbortController };

function shutdownController(): AbortController {
  const holder = globalThis as ShutdownHolder;
  holder[SHUTDOWN] ??= new AbortController();
  return holder[SHUTDOWN];
}

/** Aborted when the server starts to stop: long-lived responses (event streams) end themselves on it. */
export function shutdownSignal(): AbortSignal {
  return shutdownController().signal;
}

export function beginShutdown(): void {
  shutdownController().abort(new Error("Modelport is shutting down"));
}

export function isShuttingDown(): boolean {
  return shutdownSignal().aborted;
}
