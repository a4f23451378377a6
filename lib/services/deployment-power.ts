// Stopping and starting a deployment without deleting it (the Model Manager's deactivate/activate): same access as
// an edit, dry run first, audited, and retried when only a controller's status write got in between.
import type { Caller } from "@/lib/auth/caller";
import { findDeploymentObject } from "@/lib/k8s/backends";
import { getCluster } from "@/lib/k8s/cluster";
import type { Deployment } from "@/lib/schemas/deployment";
import { requireDeploymentAccess } from "./deployments";
import { replaceDeployment } from "./replace-deployment";

/** No replica runs until it is started again; stopping a stopped deployment changes nothing and still succeeds. */
export function stopDeployment(caller: Caller, namespace: string, name: string, options: { dryRun?: "All" } = {}): Promise<Deployment> {
  return changePower(caller, namespace, name, "stop", options);
}

/** Brings back the scaling it had when it was stopped; starting a running deployment changes nothing. */
export function startDeployment(caller: Caller, namespace: string, name: string, options: { dryRun?: "All" } = {}): Promise<Deployment> {
  return changePower(caller, namespace, name, "start", options);
}

/** With dryRun, the API server checks the change and the answer's `changes` say what it would be; nothing is stored. */
async function changePower(
  caller: Caller,
  namespace: string,
  name: string,
  to: "stop" | "start",
  options: { dryRun?: "All" },
): Promise<Deployment> {
  await requireDeploymentAccess(caller, namespace, name, "manage");
  const { backend } = await findDeploymentObject(getCluster(), namespace, name);
  // Already where it was asked to be, the object comes back unchanged: nothing is written or audited.
  return replaceDeployment(caller, {
    backend,
    namespace,
    name,
    action: `deployment.${to}`,
    retryOnConflict: true,
    dryRun: options.dryRun === "All",
    next: (current) => (to === "stop" ? backend.stop(current) : backend.start(current)),
  });
}
