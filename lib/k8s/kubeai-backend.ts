// KubeAI's Model as a deployment backend: the pure Model functions and the Model API calls behind one interface.
import { crdRuleIssues, deploymentWarnings, modelportRuleIssues, sizeIssues, type ValidDeployment } from "@/lib/schemas/deployment";
import type { DeploymentBackend } from "./deployment-backend";
import { redactModelObject } from "./deployment-redaction";
import {
  buildModelManifest,
  kubeaiEndpoint,
  deploymentFromModel,
  deriveStatus,
  modelForAudit,
  patchModel,
  toDeployment,
  type ModelObject,
  type ModelPatch,
} from "./kubeai-model";
import { isModelStopped, requireScalingEditable, startModel, stopModel } from "./kubeai-power";
import {
  createModel,
  deleteModel,
  eventsOfModel,
  getModel,
  listModelEvents,
  listModels,
  replaceModel,
  watchModels,
} from "./kubeai-model-api";

export const kubeaiBackend: DeploymentBackend<ModelObject, ValidDeployment, ModelPatch> = {
  name: "kubeai",
  kind: "Model",
  build: (input, owner) => buildModelManifest(input, owner),
  patch(current, patch) {
    requireScalingEditable(current, patch);
    return patchModel(current, patch);
  },
  view: (model, events, settings) => toDeployment(model, events, kubeaiEndpoint(settings.kubeaiNamespace)),
  redactObject: (model) => redactModelObject(model as unknown as Record<string, unknown>),
  check(model) {
    const deployment = deploymentFromModel(model);
    return {
      errors: [...crdRuleIssues(deployment), ...sizeIssues(deployment)],
      warnings: [
        ...modelportRuleIssues(deployment).map((issue) => `${issue.path.join(".")}: ${issue.message}`),
        ...deploymentWarnings(deployment),
      ],
    };
  },
  needsEvents: (model) => !["Ready", "ScaledToZero", "Stopped"].includes(deriveStatus(model, []).status),
  forAudit: modelForAudit,
  stop: stopModel,
  start: startModel,
  isStopped: isModelStopped,
  async list(cluster, namespace, page) {
    const list = await listModels(cluster, namespace, page);
    return { items: list.items, continueToken: list.metadata?.continue || undefined, resourceVersion: list.metadata?.resourceVersion };
  },
  watch: watchModels,
  get: getModel,
  create: createModel,
  replace: replaceModel,
  remove: (cluster, namespace, name) => deleteModel(cluster, namespace, name),
  events: listModelEvents,
  eventsOf: eventsOfModel,
};
