// KServe's InferenceService as a deployment backend: the pure InferenceService functions, its status mapping and its
// API calls behind the interface the services use. The view is assembled here, the one place that reads an
// InferenceService's fields for people.
import {
  kserveCrdRuleIssues,
  kserveModelportRuleIssues,
  kserveSizeIssues,
  kserveWarnings,
  type KServePatch,
  type ValidKServeDeployment,
} from "@/lib/schemas/kserve";
import type { DeploymentEvent, KServeDeployment } from "@/lib/schemas/deployment";
import type { DeploymentBackend } from "./deployment-backend";
import { LAST_APPLIED_ANNOTATION, maskArgs, REDACTED } from "./deployment-redaction";
import {
  buildInferenceService,
  inferenceServiceForAudit,
  inferenceServiceFromObject,
  inferenceServiceUrls,
  isStopped,
  OWNER_ANNOTATION,
  patchInferenceService,
  withStop,
  type InferenceServiceObject,
} from "./kserve-inference-service";
import {
  createInferenceService,
  deleteInferenceService,
  eventsOfInferenceService,
  getInferenceService,
  listInferenceServiceEvents,
  listInferenceServices,
  replaceInferenceService,
  watchInferenceServices,
} from "./kserve-inference-service-api";
import { modelBlock } from "./kserve-predictor-spec";
import { deriveInferenceServiceStatus, inferenceServiceConditions } from "./kserve-status";

/** InferenceService → the view every surface shows. */
export function toKServeDeployment(isvc: InferenceServiceObject, events: DeploymentEvent[]): KServeDeployment {
  const deployment = inferenceServiceFromObject(isvc);
  const { status, message } = deriveInferenceServiceStatus(isvc, events);
  const { url, predictorUrl } = inferenceServiceUrls(isvc);
  const conditions = inferenceServiceConditions(isvc);
  const profile = deployment.resourceProfile?.split(":")[0] ?? null;
  const copies = readyCopies(isvc, status === "Ready");
  const desired = status === "Stopped" ? 0 : deployment.minReplicas;
  return {
    backend: "kserve",
    name: deployment.name,
    namespace: deployment.namespace,
    modelFormat: deployment.modelFormat,
    runtime: deployment.runtime ?? null,
    storageUri: deployment.storageUri,
    protocol: deployment.protocol,
    minReplicas: deployment.minReplicas,
    maxReplicas: deployment.maxReplicas ?? null,
    scaleTarget: deployment.scaleTarget ?? null,
    scaleMetric: deployment.scaleMetric ?? null,
    resources: deployment.resources ?? null,
    resourceProfile: deployment.resourceProfile ?? null,
    deploymentMode: deployment.deploymentMode ?? null,
    serviceAccountName: deployment.serviceAccountName ?? null,
    args: deployment.args,
    env: deployment.env,
    proxy: deployment.proxy,
    uid: isvc.metadata.uid ?? "",
    resourceVersion: isvc.metadata.resourceVersion ?? "",
    generation: typeof isvc.metadata.generation === "number" ? isvc.metadata.generation : null,
    createdAt: isvc.metadata.creationTimestamp ?? null,
    owner: isvc.metadata.annotations?.[OWNER_ANNOTATION] ?? null,
    profile,
    replicaStatus: { desired, all: copies, ready: status === "Ready" ? copies : 0 },
    status,
    statusMessage: message,
    url,
    endpoint: predictorUrl,
    conditions,
    object: isvc as unknown as Record<string, unknown>,
  };
}

/** KServe reports loaded copies in modelStatus (omitted when zero); a Ready service without it has at least one. */
function readyCopies(isvc: InferenceServiceObject, ready: boolean): number {
  const model = isvc.status?.modelStatus as { copies?: { totalCopies?: unknown } } | undefined;
  const total = model?.copies?.totalCopies;
  if (typeof total === "number") return total;
  return ready && isvc.spec?.predictor?.minReplicas !== 0 ? Math.max(1, Number(isvc.spec?.predictor?.minReplicas ?? 1)) : 0;
}

/** The raw InferenceService with the predictor's env values and args masked and kubectl's last-applied copy dropped. */
export function redactInferenceService(isvc: InferenceServiceObject): Record<string, unknown> {
  const copy = structuredClone(isvc);
  const block = modelBlock(copy.spec?.predictor);
  if (Array.isArray(block?.env)) block.env = block.env.map((e) => (e.valueFrom ? e : { name: e.name, value: REDACTED }));
  if (Array.isArray(block?.args)) block.args = maskArgs(block.args.map(String));
  if (copy.metadata.annotations && LAST_APPLIED_ANNOTATION in copy.metadata.annotations)
    delete copy.metadata.annotations[LAST_APPLIED_ANNOTATION];
  return copy as unknown as Record<string, unknown>;
}

export const kserveBackend: DeploymentBackend<
  InferenceServiceObject,
  ValidKServeDeployment,
  Omit<KServePatch, "resourceVersion" | "generation">
> = {
  name: "kserve",
  kind: "InferenceService",
  build: buildInferenceService,
  patch: patchInferenceService,
  view: (isvc, events) => toKServeDeployment(isvc, events),
  redactObject: redactInferenceService,
  check(isvc) {
    const deployment = inferenceServiceFromObject(isvc);
    return {
      errors: [...kserveCrdRuleIssues(deployment), ...kserveSizeIssues(deployment)],
      warnings: [
        ...kserveModelportRuleIssues(deployment).map((issue) => `${issue.path.join(".")}: ${issue.message}`),
        ...kserveWarnings(deployment),
      ],
    };
  },
  needsEvents: (isvc) => !["Ready", "ScaledToZero", "Stopped"].includes(deriveInferenceServiceStatus(isvc, []).status),
  forAudit: inferenceServiceForAudit,
  stop: (isvc) => (isStopped(isvc) ? isvc : withStop(isvc, true)),
  start: (isvc) => (isStopped(isvc) ? withStop(isvc, false) : isvc),
  isStopped,
  async list(cluster, namespace, page) {
    const list = await listInferenceServices(cluster, namespace, page);
    return { items: list.items, continueToken: list.metadata?.continue || undefined, resourceVersion: list.metadata?.resourceVersion };
  },
  watch: watchInferenceServices,
  get: getInferenceService,
  create: createInferenceService,
  replace: replaceInferenceService,
  remove: deleteInferenceService,
  events: listInferenceServiceEvents,
  eventsOf: eventsOfInferenceService,
};
