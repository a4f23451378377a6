// Readiness: should traffic come to this replica now? Not while it is shutting down, nor while it cannot reach its
// database or the Kubernetes API. With Redis for rate limits, its state is reported too, without taking the replica
// out of service: only limited requests need it (and fail closed or open, as RATE_LIMIT_FAILURE_MODE says).
import { sql } from "drizzle-orm";
import { getDatabase } from "@/db";
import { callKubernetes, getCluster } from "@/lib/k8s/cluster";
import { logger } from "@/lib/observability/logger";
import { getRuntime, isShuttingDown } from "@/lib/runtime";

export type CheckResult = "ok" | "failing";

export type Readiness =
  | { ready: boolean; checks: { database: CheckResult; cluster: CheckResult; rateLimits?: CheckResult } }
  | { ready: false; checks: { shutdown: "in progress" } };

/** A probe slower than this counts as failing: a hung dependency must not hang the kubelet's probe with it. */
export const READINESS_PROBE_TIMEOUT_MS = 3_000;

// The answer is public (probes carry no token): it says what fails, never where or why; the log says that.
async function check(name: string, probe: () => Promise<unknown>): Promise<CheckResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${READINESS_PROBE_TIMEOUT_MS} ms`)), READINESS_PROBE_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timedOut]);
    return "ok";
  } catch (error) {
    logger.warn("readiness check failing", { check: name, error: error instanceof Error ? error.message : String(error) });
    return "failing";
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness(): Promise<Readiness> {
  // Once SIGTERM has arrived, the load balancer should stop sending requests while the server drains.
  if (isShuttingDown()) return { ready: false, checks: { shutdown: "in progress" } };
  const limits = getRuntime().limits;
  const [database, cluster, rateLimits] = await Promise.all([
    check("database", () => getDatabase().execute(sql`select 1`)),
    check("cluster", () => callKubernetes("list", "namespaces", "Namespaces", () => getCluster().core.listNamespace({ limit: 1 }))),
    limits.kind === "redis" ? check("rateLimits", () => limits.check()) : undefined,
  ]);
  return { ready: database === "ok" && cluster === "ok", checks: { database, cluster, ...(rateLimits ? { rateLimits } : {}) } };
}
