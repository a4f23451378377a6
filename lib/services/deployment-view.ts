// A Model as a caller sees it: the view model with KubeAI's endpoint, and env values and args masked for viewers.
import { canManageModels, type Caller } from "@/lib/auth/caller";
import { redactDeploymentForViewer } from "@/lib/k8s/deployment-redaction";
import type { DeploymentBackend, ServingObject } from "@/lib/k8s/deployment-backend";
import { kubeaiEndpoint } from "@/lib/k8s/kubeai-model";
import { getRuntime } from "@/lib/runtime";
import type { Deployment, DeploymentEvent } from "@/lib/schemas/deployment";

export function viewDeployment<Object extends ServingObject>(
  caller: Caller,
  backend: Pick<DeploymentBackend<Object, unknown, unknown>, "view">,
  object: Object,
  events: DeploymentEvent[] = [],
): Deployment {
  const deployment = backend.view(object, events, kubeaiEndpoint(getRuntime().config.KUBEAI_NAMESPACE));
  return canManageModels(caller, deployment.namespace) ? deployment : redactDeploymentForViewer(deployment);
}
