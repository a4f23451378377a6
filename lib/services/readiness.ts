// Readiness: can this replica reach its database and the Kubernetes API right now?
import { sql } from "drizzle-orm";
import { getDatabase } from "@/db";
import { callKubernetes, getCluster } from "@/lib/k8s/cluster";
import { logger } from "@/lib/observability/logger";

export type CheckResult = "ok" | "failing";

export interface Readiness {
  ready: boolean;
  checks: { database: CheckResult; cluster: CheckResult };
}

// The answer is public (probes carry no token): it says what fails, never where or why; the log says that.
async function check(name: keyof Readiness["checks"], probe: () => Promise<unknown>): Promise<CheckResult> {
  try {
    await probe();
    return "ok";
  } catch (error) {
    logger.warn("readiness check failing", { check: name, error: error instanceof Error ? error.message : String(error) });
    return "failing";
  }
}

export async function checkReadiness(): Promise<Readiness> {
  const [database, cluster] = await Promise.all([
    check("database", () => getDatabase().execute(sql`select 1`)),
    check("cluster", () => callKubernetes("list", "namespaces", "Namespaces", () => getCluster().core.listNamespace({ limit: 1 }))),
  ]);
  return { ready: database === "ok" && cluster === "ok", checks: { database, cluster } };
}
