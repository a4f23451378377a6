// A deployment as a caller sees it: its backend's view, with env values and args masked for viewers.
import { canManageModels, type Caller } from "@/lib/auth/caller";
import { redactDeploymentForViewer } from "@/lib/k8s/deployment-redaction";
import type { DeploymentBackend, ServingObject } from "@/lib/k8s/deployment-backend";
import { getRuntime } from "@/lib/runtime";
import type { Deployment, DeploymentEvent } from "@/lib/schemas/deployment";

export function viewDeployment<Object extends ServingObject>(
  caller: Caller,
  backend: Pick<DeploymentBackend<Object, unknown, unknown>, "view" | "redactObject">,
  object: Object,
  events: DeploymentEvent[] = [],
): Deployment {
  const deployment = backend.view(object, events, { kubeaiNamespace: getRuntime().config.KUBEAI_NAMESPACE });
  if (canManageModels(caller, deployment.namespace)) return deployment;
  return redactDeploymentForViewer(deployment, () => backend.redactObject(object));
}
