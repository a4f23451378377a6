// KubeAI's Model kind: its manifest, built from a validated deployment, and its view model, read back from the cluster.
import { invalid } from "@/lib/errors";
import type { DeploymentEvent, DeploymentPatch, DeploymentStatus, KubeAIDeployment, ValidDeployment } from "@/lib/schemas/deployment";
import { proxyMetadataSchema, splitResourceProfile } from "@/lib/schemas/deployment";
import { redactModelObject } from "./deployment-redaction";
import { isModelStopped } from "./kubeai-power";

export const KUBEAI_GROUP = "kubeai.org";
export const KUBEAI_VERSION = "v1";
export const KUBEAI_PLURAL = "models";
export const MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
export const PROXY_ANNOTATION = "modelport.dev/proxy";

export interface ModelObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec: {
    url: string;
    engine: string;
    features: string[];
    owner?: string;
    resourceProfile?: string;
    replicas?: number;
    minReplicas?: number;
    maxReplicas?: number;
    /** KubeAI leaves replicas alone when true; Modelport sets it only while a deployment is stopped. */
    autoscalingDisabled?: boolean;
    targetRequests?: number;
    scaleDownDelaySeconds?: number;
    cacheProfile?: string;
    args?: string[];
    env?: Record<string, string>;
    files?: { path: string; content: string }[];
    [key: string]: unknown;
  };
  status?: { replicas?: { all?: number; ready?: number }; cache?: { loaded?: boolean } };
}

/** Form data → the Model manifest. Pure: the only place a Model's shape is assembled. */
export function buildModelManifest(deployment: ValidDeployment, owner: string): ModelObject {
  const spec: ModelObject["spec"] = {
    url: deployment.url,
    engine: deployment.engine,
    features: [...deployment.features],
    owner,
    minReplicas: deployment.minReplicas,
    targetRequests: deployment.targetRequests,
    scaleDownDelaySeconds: deployment.scaleDownDelaySeconds,
  };
  if (deployment.resourceProfile) spec.resourceProfile = `${deployment.resourceProfile}:${deployment.instanceCount}`;
  if (deployment.replicas !== undefined) spec.replicas = deployment.replicas;
  if (deployment.maxReplicas !== undefined) spec.maxReplicas = deployment.maxReplicas;
  if (deployment.cacheProfile) spec.cacheProfile = deployment.cacheProfile;
  if (deployment.args.length > 0) spec.args = [...deployment.args];
  if (Object.keys(deployment.env).length > 0) spec.env = { ...deployment.env };
  if (deployment.files.length > 0) spec.files = deployment.files.map((file) => ({ ...file }));
  const annotations: Record<string, string> = {};
  if (Object.keys(deployment.proxy).length > 0) annotations[PROXY_ANNOTATION] = JSON.stringify(deployment.proxy);
  return {
    apiVersion: `${KUBEAI_GROUP}/${KUBEAI_VERSION}`,
    kind: "Model",
    metadata: {
      name: deployment.name,
      namespace: deployment.namespace,
      labels: { [MANAGED_BY_LABEL]: "modelport" },
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec,
  };
}

/** A PATCH as the deployments service passes it on: null clears an optional field; absent leaves it alone. */
export type ModelPatch = Omit<DeploymentPatch, "resourceVersion" | "generation">;

const PLAIN_SPEC_FIELDS = [
  "url",
  "features",
  "replicas",
  "minReplicas",
  "maxReplicas",
  "targetRequests",
  "scaleDownDelaySeconds",
  "cacheProfile",
] as const;

/**
 * The Model with only the fields a patch names changed; everything else — other tools' fields and annotations,
 * unmanaged spec fields, and defaults nobody asked for — stays exactly as it is.
 */
export function patchModel(current: ModelObject, patch: ModelPatch): ModelObject {
  const spec: ModelObject["spec"] = { ...current.spec };
  for (const field of PLAIN_SPEC_FIELDS) {
    const value = patch[field];
    if (value === null) delete spec[field];
    else if (value !== undefined) (spec as Record<string, unknown>)[field] = value;
  }
  if (patch.args !== undefined) setOrDelete(spec, "args", patch.args.length > 0 ? [...patch.args] : undefined);
  if (patch.env !== undefined) setOrDelete(spec, "env", Object.keys(patch.env).length > 0 ? { ...patch.env } : undefined);
  if (patch.files !== undefined) setOrDelete(spec, "files", patch.files.length > 0 ? patch.files.map((file) => ({ ...file })) : undefined);
  if (patch.resourceProfile === null) delete spec.resourceProfile;
  else if (patch.resourceProfile !== undefined || patch.instanceCount !== undefined) {
    const now = splitResourceProfile(current.spec.resourceProfile);
    const asked = splitResourceProfile(patch.resourceProfile);
    const profile = asked.profile ?? now.profile;
    if (!profile) throw invalid([{ field: "instanceCount", message: "Set a resourceProfile to give it an instance count" }]);
    spec.resourceProfile = `${profile}:${asked.count ?? patch.instanceCount ?? now.count ?? 1}`;
  }
  let metadata = current.metadata;
  if (patch.proxy !== undefined) {
    const annotations = { ...current.metadata.annotations };
    if (Object.keys(patch.proxy).length > 0) annotations[PROXY_ANNOTATION] = JSON.stringify(patch.proxy);
    else delete annotations[PROXY_ANNOTATION];
    metadata = { ...current.metadata, annotations };
  }
  return { ...current, metadata, spec };
}

function setOrDelete<K extends keyof ModelObject["spec"]>(
  spec: ModelObject["spec"],
  key: K,
  value: ModelObject["spec"][K] | undefined,
): void {
  if (value === undefined) delete spec[key];
  else spec[key] = value;
}

/** What the audit log keeps of a Model: its identity and spec, env values and args masked (they may hold tokens). */
export function modelForAudit(model: ModelObject): Record<string, unknown> {
  const { name, namespace, uid, resourceVersion, labels, annotations } = model.metadata;
  return redactModelObject({
    apiVersion: model.apiVersion,
    kind: model.kind,
    metadata: { name, namespace, uid, resourceVersion, labels, annotations },
    spec: model.spec,
  });
}

function readProxyMetadata(model: ModelObject) {
  const raw = model.metadata.annotations?.[PROXY_ANNOTATION];
  if (!raw) return {};
  try {
    const parsed = proxyMetadataSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** A Model read back → the deployment that would produce it, so a patch can be merged into it and re-checked. */
export function deploymentFromModel(model: ModelObject): ValidDeployment {
  const { profile, count } = splitResourceProfile(model.spec.resourceProfile);
  const optional = {
    resourceProfile: profile ?? undefined,
    replicas: model.spec.replicas,
    maxReplicas: model.spec.maxReplicas,
    cacheProfile: model.spec.cacheProfile,
  };
  return {
    backend: "kubeai",
    name: model.metadata.name,
    namespace: model.metadata.namespace ?? "",
    url: model.spec.url,
    engine: model.spec.engine as ValidDeployment["engine"],
    features: (model.spec.features ?? []) as ValidDeployment["features"],
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
    instanceCount: count ?? 1,
    minReplicas: model.spec.minReplicas ?? 0,
    targetRequests: model.spec.targetRequests ?? 100,
    scaleDownDelaySeconds: model.spec.scaleDownDelaySeconds ?? 30,
    args: model.spec.args ?? [],
    env: model.spec.env ?? {},
    files: filesOf(model),
    proxy: readProxyMetadata(model),
  };
}

function filesOf(model: ModelObject): { path: string; content: string }[] {
  return Array.isArray(model.spec.files)
    ? model.spec.files.map((file) => ({ path: String(file.path), content: String(file.content) }))
    : [];
}

/** KubeAI's OpenAI-compatible base URL inside the cluster: its own Service, in the namespace KubeAI runs in. */
export function kubeaiEndpoint(kubeaiNamespace: string): string {
  return `http://kubeai.${kubeaiNamespace}.svc.cluster.local/openai/v1`;
}

// Warning reasons after which a Model will not come up by itself.
const FAILURE_REASONS = new Set(["InvalidResourceProfile", "Failed", "BackOff", "CrashLoopBackOff", "ErrImagePull"]);

/** minReplicas stands in for an absent replicas only while KubeAI manages the scaling. */
export function desiredReplicas(model: ModelObject): number {
  if (model.spec.autoscalingDisabled === true) return model.spec.replicas ?? 0;
  return model.spec.replicas ?? model.spec.minReplicas ?? 0;
}

const STOPPED_MESSAGE = "Stopped: start it to bring it back";

/** The status a person sees, from the Model's replica counts and its newest events. */
export function deriveStatus(model: ModelObject, events: DeploymentEvent[]): { status: DeploymentStatus; message: string | null } {
  const desired = desiredReplicas(model);
  const all = model.status?.replicas?.all ?? 0;
  const ready = model.status?.replicas?.ready ?? 0;
  if (isModelStopped(model)) {
    return { status: "Stopped", message: all > 0 ? `Stopping: ${all} replicas left; start it to bring it back` : STOPPED_MESSAGE };
  }
  if (desired > 0 && ready >= desired) return { status: "Ready", message: null };
  if (desired === 0) return { status: "ScaledToZero", message: all > 0 ? `Scaling down: ${all} replicas left` : null };
  const newest = [...events].sort(byNewest)[0];
  if (newest?.type === "Warning" && FAILURE_REASONS.has(newest.reason)) return { status: "Failed", message: newest.message };
  const warning = newest?.type === "Warning" ? newest.message : null;
  if (all > 0 && !warning) return { status: "Loading", message: `${ready}/${desired} replicas ready` };
  return { status: "Pending", message: warning };
}

function byNewest(a: DeploymentEvent, b: DeploymentEvent): number {
  return (b.lastTimestamp ?? "").localeCompare(a.lastTimestamp ?? "");
}

/** Resource → view model, including the raw object it stands for. `endpoint` is KubeAI's base URL. */
export function toDeployment(model: ModelObject, events: DeploymentEvent[], endpoint: string): KubeAIDeployment {
  const { profile, count } = splitResourceProfile(model.spec.resourceProfile);
  const { status, message } = deriveStatus(model, events);
  return {
    backend: "kubeai",
    name: model.metadata.name,
    namespace: model.metadata.namespace ?? "",
    url: model.spec.url,
    engine: model.spec.engine,
    features: model.spec.features ?? [],
    resourceProfile: model.spec.resourceProfile ?? null,
    instanceCount: count,
    replicas: model.spec.replicas ?? null,
    minReplicas: model.spec.minReplicas ?? 0,
    maxReplicas: model.spec.maxReplicas ?? null,
    targetRequests: model.spec.targetRequests ?? null,
    scaleDownDelaySeconds: model.spec.scaleDownDelaySeconds ?? null,
    cacheProfile: model.spec.cacheProfile ?? null,
    files: filesOf(model),
    args: model.spec.args ?? [],
    env: model.spec.env ?? {},
    proxy: readProxyMetadata(model),
    uid: model.metadata.uid ?? "",
    resourceVersion: model.metadata.resourceVersion ?? "",
    generation: typeof model.metadata.generation === "number" ? model.metadata.generation : null,
    createdAt: model.metadata.creationTimestamp ?? null,
    owner: model.spec.owner ?? null,
    profile,
    replicaStatus: {
      desired: desiredReplicas(model),
      all: model.status?.replicas?.all ?? 0,
      ready: model.status?.replicas?.ready ?? 0,
    },
    status,
    statusMessage: message,
    endpoint,
    object: model as unknown as Record<string, unknown>,
  };
}
