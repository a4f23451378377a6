// Readiness: can this replica reach its database and the Kubernetes API right now?
import { sql } from "drizzle-orm";
import { getDatabase } from "@/db";
import { callKubernetes, getCluster } from "@/lib/k8s/cluster";

export async function checkReadiness(): Promise<{ ready: boolean; checks: Record<string, string> }> {
  const checks: Record<string, string> = {};
  await Promise.all([
    getDatabase()
      .execute(sql`select 1`)
      .then(() => (checks.database = "ok"))
      .catch((error: unknown) => (checks.database = error instanceof Error ? error.message : "failed")),
    callKubernetes("list", "namespaces", "Namespaces", () => getCluster().core.listNamespace({ limit: 1 }))
      .then(() => (checks.kubernetes = "ok"))
      .catch((error: unknown) => (checks.kubernetes = error instanceof Error ? error.message : "failed")),
  ]);
  return { ready: Object.values(checks).every((value) => value === "ok"), checks };
}
