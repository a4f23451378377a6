// The conditions operators hear about without watching a page, checked in the background of the worker (or the
// all-in-one process) while a webhook is configured: a deployment that turned Failed, and a tenant that uses all of
// a limit. Each notifies once when it becomes true and again only after it cleared (../lib/notifications).
import { systemCaller } from "@/lib/auth/caller";
import { notifyOnEdge } from "@/lib/notifications/notifications";
import { logger } from "@/lib/observability/logger";
import type { Deployment } from "@/lib/schemas/deployment";
import { allDeployments } from "./deployments";
import { checkTenantQuota } from "./quotas";
import { visibleTenantNames } from "./tenants";

const SYSTEM = systemCaller("alerts");

/** Notifies when the deployment's status is Failed (once per failure). */
export function alertOnDeployment(deployment: Deployment): void {
  notifyOnEdge(`deployment:${deployment.namespace}/${deployment.name}`, deployment.status === "Failed", () => ({
    kind: "deployment.failed",
    tenant: deployment.namespace,
    deployment: { namespace: deployment.namespace, name: deployment.name, backend: deployment.backend },
    reason: "Failed",
    message: deployment.statusMessage ?? "The deployment failed",
  }));
}

/** One pass over every tenant's deployments and quota. */
export async function checkAlerts(): Promise<void> {
  (await allDeployments(SYSTEM)).forEach(alertOnDeployment);
  for (const tenant of await visibleTenantNames(SYSTEM)) await checkTenantQuota(tenant);
}

/** Checks every `intervalMs` (never two passes at once); returns how to stop. */
export function startAlerts(intervalMs: number): () => void {
  let running = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = true;
    checkAlerts()
      .catch((error: unknown) => logger.warn("alert checks failed", { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
