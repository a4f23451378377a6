// Stopping and starting a deployment without deleting it (the Model Manager's deactivate/activate): same access as
// an edit, dry run first, audited, and retried when only a controller's status write got in between.
import type { Caller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { getCluster } from "@/lib/k8s/cluster";
import { kubeaiBackend } from "@/lib/k8s/kubeai-backend";
import type { Deployment } from "@/lib/schemas/deployment";
import { audited } from "./audit";
import { viewDeployment } from "./deployment-view";
import { requireDeploymentAccess } from "./deployments";

const backend = kubeaiBackend;

/** No replica runs until it is started again; stopping a stopped deployment changes nothing and still succeeds. */
export function stopDeployment(caller: Caller, namespace: string, name: string): Promise<Deployment> {
  return changePower(caller, namespace, name, "stop");
}

/** Brings back the scaling it had when it was stopped; starting a running deployment changes nothing. */
export function startDeployment(caller: Caller, namespace: string, name: string): Promise<Deployment> {
  return changePower(caller, namespace, name, "start");
}

async function changePower(caller: Caller, namespace: string, name: string, to: "stop" | "start"): Promise<Deployment> {
  await requireDeploymentAccess(caller, namespace, name, "manage");
  const cluster = getCluster();
  for (let attempt = 1; ; attempt += 1) {
    const current = await backend.get(cluster, namespace, name);
    const next = to === "stop" ? backend.stop(current) : backend.start(current);
    // Already where it was asked to be: nothing changes, so there is nothing to audit either.
    if (next === current) return viewDeployment(caller, backend, current);
    try {
      await backend.replace(cluster, next, true);
      const changed = await audited(
        caller,
        {
          action: `deployment.${to}`,
          tenant: namespace,
          resourceKind: backend.kind,
          resourceName: name,
          before: backend.forAudit(current),
        },
        () => backend.replace(cluster, next),
        backend.forAudit,
      );
      return viewDeployment(caller, backend, changed);
    } catch (error) {
      // The controller writes status all the time, which moves resourceVersion: read again and do the same.
      const retry = attempt < 5 && error instanceof AppError && error.code === "conflict";
      if (!retry) throw error;
    }
  }
}
