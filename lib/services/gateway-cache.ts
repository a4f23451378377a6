// What the gateway remembers on its fast path — deployments (./deployment-facts), API keys until they change — and how a
// change anywhere forgets it at once everywhere: the replica that made it clears its own memory and tells the others
// through the database (NOTIFY modelport_gateway), which every replica listens to.
import { sql } from "drizzle-orm";
import { getDatabase } from "@/db";
import { listenDatabase } from "@/db/client";
import { logger } from "@/lib/observability/logger";
import { getRuntime, runtimeSingleton } from "@/lib/runtime";
import { refreshPublishedLocations } from "./published-locations";

const CHANNEL = "modelport_gateway";

export interface CachedEntry<T> {
  /** When the value was looked up. */
  at: number;
  /** When a request last read it. */
  usedAt: number;
  value: Promise<T>;
  /** The value once the lookup has settled. */
  known?: T;
  /** A lookup to replace this entry is under way. */
  refreshing?: boolean;
  /** A watch keeps the value current: it needs no lookup again. */
  current?: boolean;
}

export function gatewayCache<T>(): Map<string, CachedEntry<T>> {
  return runtimeSingleton("gateway-facts", () => new Map<string, CachedEntry<T>>());
}

/** API keys the gateway has checked, by the hash of the presented secret. */
export function gatewayKeyCache<T>(): Map<string, T> {
  return runtimeSingleton("gateway-keys", () => new Map<string, T>());
}

function forgetLocally(target?: string): void {
  if (target) gatewayCache().delete(target);
  else gatewayCache().clear();
  gatewayKeyCache().clear();
  void refreshPublishedLocations();
}

/**
 * Forgets what the gateway knows of a deployment (it changed, or its publication or keys did), here and, through the
 * database, on every other replica.
 */
export function forgetGatewayTarget(namespace: string, name: string): void {
  const target = `${namespace}/${name}`;
  forgetLocally(target);
  getDatabase()
    .execute(sql`select pg_notify(${CHANNEL}, ${target})`)
    .catch((error: unknown) => logger.warn("other replicas were not told of a gateway change", { target, error: String(error) }));
}

/** Listens for the other replicas' changes (start-up); returns how to stop. */
export async function listenForGatewayChanges(): Promise<() => Promise<void>> {
  return listenDatabase(getRuntime().database, CHANNEL, (target) => forgetLocally(target || undefined));
}
