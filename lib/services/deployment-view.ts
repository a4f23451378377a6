// A Model as a caller sees it: the view model with KubeAI's endpoint, and env values and args masked for viewers.
import { canManageModels, type Caller } from "@/lib/auth/caller";
import { redactDeploymentForViewer } from "@/lib/k8s/deployment-redaction";
import { kubeaiEndpoint, toDeployment, type ModelObject } from "@/lib/k8s/kubeai-model";
import { getRuntime } from "@/lib/runtime";
import type { Deployment, DeploymentEvent } from "@/lib/schemas/deployment";

export function viewDeployment(caller: Caller, model: ModelObject, events: DeploymentEvent[] = []): Deployment {
  const deployment = toDeployment(model, events, kubeaiEndpoint(getRuntime().config.KUBEAI_NAMESPACE));
  return canManageModels(caller, deployment.namespace) ? deployment : redactDeploymentForViewer(deployment);
}
