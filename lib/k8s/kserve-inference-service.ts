// KServe's InferenceService kind: its manifest, built from a validated KServe deployment, patches and the stop switch,
// and the deployment read back from an object (one made with kubectl too). Status is read in ./kserve-status.
import { invalid } from "@/lib/errors";
import type { KServePatch, ValidKServeDeployment } from "@/lib/schemas/kserve";
import { DEPLOYMENT_MODE_ALIASES, KSERVE_DEFAULTS, SCALE_METRICS } from "@/lib/schemas/kserve";
import { proxyMetadataSchema } from "@/lib/schemas/proxy-metadata";
import { LAST_APPLIED_ANNOTATION, maskArgs, REDACTED } from "./deployment-redaction";
import { MANAGED_BY_LABEL, PROXY_ANNOTATION } from "./kubeai-model";
import { modelBlock, modelFormatOf, plainEnv, predictorImplementation, resourceAmounts } from "./kserve-predictor-spec";
import type { EnvVar, ModelSpec, PredictorSpec, ResourceAmounts } from "./kserve-predictor-spec";
import { explicitResources, NO_SIZING, profileSizing, resizePlacement, sizedResources, type SizingProfile } from "./kserve-sizing";

export const KSERVE_GROUP = "serving.kserve.io";
export const KSERVE_VERSION = "v1beta1";
export const KSERVE_PLURAL = "inferenceservices";
export const DEPLOYMENT_MODE_ANNOTATION = "serving.kserve.io/deploymentMode";
export const STOP_ANNOTATION = "serving.kserve.io/stop";
/** An InferenceService has no owner field; Modelport records who created it here. */
export const OWNER_ANNOTATION = "modelport.dev/owner";
/** The `<profile>:<count>` the resources were sized from, so a form can show it and a patch can re-size. */
export const RESOURCE_PROFILE_ANNOTATION = "modelport.dev/resource-profile";

/** KServe ≥ 0.16's names: its webhook compares the annotation with the recorded mode by these names. */
const KSERVE_MODE_NAMES = { RawDeployment: "Standard", Serverless: "Knative" } as const;

export interface InferenceServiceObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  spec: { predictor: PredictorSpec; [key: string]: unknown };
  status?: Record<string, unknown>;
}

/** Form data → the InferenceService manifest. Pure: the only place an InferenceService's shape is assembled. */
export function buildInferenceService(
  deployment: ValidKServeDeployment,
  owner: string,
  profiles: readonly SizingProfile[],
): InferenceServiceObject {
  const sizing = profileSizing(deployment.resourceProfile, profiles);
  const model: ModelSpec = { modelFormat: { ...deployment.modelFormat }, protocolVersion: deployment.protocol };
  if (deployment.runtime) model.runtime = deployment.runtime;
  model.storageUri = deployment.storageUri;
  if (deployment.args.length > 0) model.args = [...deployment.args];
  if (Object.keys(deployment.env).length > 0) model.env = envList(deployment.env);
  const resources = sizedResources(deployment.resources ?? {}, sizing);
  if (Object.keys(resources).length > 0) model.resources = resources;
  const predictor = resizePlacement({ minReplicas: deployment.minReplicas }, NO_SIZING, sizing);
  if (deployment.maxReplicas !== undefined) predictor.maxReplicas = deployment.maxReplicas;
  if (deployment.scaleMetric) predictor.scaleMetric = deployment.scaleMetric;
  if (deployment.scaleTarget !== undefined) predictor.scaleTarget = deployment.scaleTarget;
  if (deployment.serviceAccountName) predictor.serviceAccountName = deployment.serviceAccountName;
  predictor.model = model;
  const annotations: Record<string, string> = { [OWNER_ANNOTATION]: owner };
  if (deployment.deploymentMode) annotations[DEPLOYMENT_MODE_ANNOTATION] = KSERVE_MODE_NAMES[deployment.deploymentMode];
  if (deployment.resourceProfile) annotations[RESOURCE_PROFILE_ANNOTATION] = deployment.resourceProfile;
  if (Object.keys(deployment.proxy).length > 0) annotations[PROXY_ANNOTATION] = JSON.stringify(deployment.proxy);
  return {
    apiVersion: `${KSERVE_GROUP}/${KSERVE_VERSION}`,
    kind: "InferenceService",
    metadata: { name: deployment.name, namespace: deployment.namespace, labels: { [MANAGED_BY_LABEL]: "modelport" }, annotations },
    spec: { predictor },
  };
}

function envList(env: Record<string, string>): EnvVar[] {
  return Object.entries(env).map(([name, value]) => ({ name, value }));
}

/** A PATCH as the deployments service passes it on: null clears an optional field; absent leaves it alone. */
export type InferenceServicePatch = Omit<KServePatch, "resourceVersion" | "generation">;

const MODEL_FIELDS = ["modelFormat", "runtime", "storageUri", "protocol", "args", "env", "resources", "resourceProfile"] as const;
const SCALING_FIELDS = ["minReplicas", "maxReplicas", "scaleTarget", "scaleMetric", "serviceAccountName"] as const;

/**
 * The InferenceService with only the fields a patch names changed; other tools' fields and annotations, and env
 * entries Modelport does not show (valueFrom a Secret), stay as they are. Re-sizing needs the profiles.
 */
export function patchInferenceService(
  current: InferenceServiceObject,
  patch: InferenceServicePatch,
  profiles: readonly SizingProfile[],
): InferenceServiceObject {
  const next = structuredClone(current);
  if (MODEL_FIELDS.some((field) => patch[field] !== undefined)) patchModelBlock(next, patch, profiles);
  const predictor = next.spec.predictor as Record<string, unknown>;
  for (const field of SCALING_FIELDS) {
    const value = patch[field];
    if (value === null) delete predictor[field];
    else if (value !== undefined) predictor[field] = value;
  }
  const annotations = { ...next.metadata.annotations, ...normalisedMode(next) };
  if (patch.proxy !== undefined) {
    if (Object.keys(patch.proxy).length > 0) annotations[PROXY_ANNOTATION] = JSON.stringify(patch.proxy);
    else delete annotations[PROXY_ANNOTATION];
  }
  if (next.metadata.annotations || Object.keys(annotations).length > 0) next.metadata.annotations = annotations;
  return next;
}

/** A legacy block (`predictor.sklearn`) is edited in place, and moves to `model` only when the format or runtime
 * changes (it has neither field, and KServe wants exactly one block). */
function patchModelBlock(isvc: InferenceServiceObject, patch: InferenceServicePatch, profiles: readonly SizingProfile[]): void {
  const predictor = isvc.spec.predictor;
  const implementation = predictorImplementation(predictor);
  let block = modelBlock(predictor);
  if (!block) {
    const field = MODEL_FIELDS.find((name) => patch[name] !== undefined) ?? "storageUri";
    throw invalid([{ field, message: "This InferenceService runs its own containers; change its model with kubectl" }]);
  }
  if (implementation.kind === "legacy" && (patch.modelFormat !== undefined || patch.runtime !== undefined)) {
    delete predictor[implementation.framework];
    block = { modelFormat: { name: implementation.framework }, ...block };
    predictor.model = block;
  }
  if (patch.modelFormat) {
    const { name, version } = patch.modelFormat;
    block.modelFormat = version ? { name, version } : { name };
  }
  if (patch.runtime === null) delete block.runtime;
  else if (patch.runtime !== undefined) block.runtime = patch.runtime;
  if (patch.storageUri !== undefined) block.storageUri = patch.storageUri;
  if (patch.protocol !== undefined) block.protocolVersion = patch.protocol;
  if (patch.args !== undefined) setOrDelete(block, "args", patch.args.length > 0 ? [...patch.args] : undefined);
  if (patch.env !== undefined) {
    const asked = patch.env;
    const fromSecrets = (Array.isArray(block.env) ? block.env : []).filter((e) => e.valueFrom !== undefined && !(e.name in asked));
    const env = [...fromSecrets, ...envList(asked)];
    setOrDelete(block, "env", env.length > 0 ? env : undefined);
  }
  if (patch.resources !== undefined || patch.resourceProfile !== undefined) resize(isvc, block, patch, profiles);
}

/** Swaps the old profile's amounts and placement for the new one's, keeping what the user or kubectl set. */
function resize(isvc: InferenceServiceObject, block: ModelSpec, patch: InferenceServicePatch, profiles: readonly SizingProfile[]): void {
  const annotations = (isvc.metadata.annotations ??= {});
  const recorded = annotations[RESOURCE_PROFILE_ANNOTATION];
  const before = profileSizing(recorded, profiles, { tolerateUnknown: true });
  const asked = patch.resourceProfile === undefined ? recorded : (patch.resourceProfile ?? undefined);
  const profile = asked && !asked.includes(":") ? `${asked}:${KSERVE_DEFAULTS.profileCount}` : asked;
  const after = profileSizing(profile, profiles);
  const explicit = explicitResources(resourceAmounts(block.resources), before);
  if (patch.resources !== undefined) {
    for (const side of ["requests", "limits"] as const) {
      const others = Object.entries(explicit[side] ?? {}).filter(([key]) => key !== "cpu" && key !== "memory");
      const amounts = { ...Object.fromEntries(others), ...patch.resources?.[side] };
      if (Object.keys(amounts).length > 0) explicit[side] = amounts;
      else delete explicit[side];
    }
  }
  const resources: ResourceAmounts = sizedResources(explicit, after);
  setOrDelete(block, "resources", Object.keys(resources).length > 0 ? resources : undefined);
  isvc.spec.predictor = resizePlacement(isvc.spec.predictor, before, after);
  if (profile) annotations[RESOURCE_PROFILE_ANNOTATION] = profile;
  else delete annotations[RESOURCE_PROFILE_ANNOTATION];
}

function setOrDelete<K extends keyof ModelSpec>(block: ModelSpec, key: K, value: ModelSpec[K] | undefined): void {
  if (value === undefined) delete block[key];
  else block[key] = value;
}

/**
 * KServe ≥ 0.16 refuses an update whose mode annotation differs from the mode it recorded, which it records by the
 * current names: an object made with the legacy `RawDeployment`/`Serverless` gets the same mode's current name.
 */
function normalisedMode(isvc: InferenceServiceObject): Record<string, string> {
  const written = isvc.metadata.annotations?.[DEPLOYMENT_MODE_ANNOTATION];
  if (written !== "RawDeployment" && written !== "Serverless") return {};
  return { [DEPLOYMENT_MODE_ANNOTATION]: KSERVE_MODE_NAMES[written] };
}

/** Stopped by its annotation (KServe reads it case-insensitively); ./kserve-status also reads the Stopped condition. */
export function isStopped(isvc: InferenceServiceObject): boolean {
  return (isvc.metadata.annotations?.[STOP_ANNOTATION] ?? "").toLowerCase() === "true";
}

/** The merge patch that stops or starts an InferenceService: KServe deletes or recreates its predictor. */
export function stopPatch(isvc: InferenceServiceObject, stopped: boolean): { metadata: { annotations: Record<string, string> } } {
  return { metadata: { annotations: { ...normalisedMode(isvc), [STOP_ANNOTATION]: stopped ? "true" : "false" } } };
}

/** The object stopped or started; "false" rather than no annotation, so `kubectl get -o yaml` shows it was started. */
export function withStop(isvc: InferenceServiceObject, stopped: boolean): InferenceServiceObject {
  const annotations = { ...isvc.metadata.annotations, ...stopPatch(isvc, stopped).metadata.annotations };
  return { ...isvc, metadata: { ...isvc.metadata, annotations } };
}

function readProxyMetadata(isvc: InferenceServiceObject): ValidKServeDeployment["proxy"] {
  const raw = isvc.metadata.annotations?.[PROXY_ANNOTATION];
  if (!raw) return {};
  try {
    const parsed = proxyMetadataSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

const int = (value: unknown) => (typeof value === "number" && Number.isInteger(value) ? value : undefined);
const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

function cpuAndMemory(amounts: Record<string, string> | undefined): { cpu?: string; memory?: string } | undefined {
  const kept = Object.entries(amounts ?? {}).filter(([key]) => key === "cpu" || key === "memory");
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/**
 * An InferenceService read back → the deployment that would produce it, so a patch can be merged in and re-checked.
 * Tolerant of kubectl-made objects: a legacy block gives its framework as the format, custom containers give no
 * format and no storageUri, and GPUs set without a profile and env from Secrets are left out (see the raw object).
 * With the profiles, what the recorded profile put in the resources is left out too.
 */
export function inferenceServiceFromObject(isvc: InferenceServiceObject, profiles: readonly SizingProfile[] = []): ValidKServeDeployment {
  const predictor: PredictorSpec = isvc.spec?.predictor ?? {};
  const block = modelBlock(predictor) ?? {};
  const annotations = isvc.metadata.annotations ?? {};
  const profile = text(annotations[RESOURCE_PROFILE_ANNOTATION]);
  const explicit = explicitResources(resourceAmounts(block.resources), profileSizing(profile, profiles, { tolerateUnknown: true }));
  const requests = cpuAndMemory(explicit.requests);
  const limits = cpuAndMemory(explicit.limits);
  const mode = annotations[DEPLOYMENT_MODE_ANNOTATION];
  const metric = SCALE_METRICS.find((name) => name === predictor.scaleMetric);
  const optional = {
    runtime: text(block.runtime),
    maxReplicas: int(predictor.maxReplicas),
    scaleTarget: int(predictor.scaleTarget),
    scaleMetric: metric,
    resources: requests || limits ? { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) } : undefined,
    resourceProfile: profile,
    deploymentMode:
      mode && mode in DEPLOYMENT_MODE_ALIASES ? DEPLOYMENT_MODE_ALIASES[mode as keyof typeof DEPLOYMENT_MODE_ALIASES] : undefined,
    serviceAccountName: text(predictor.serviceAccountName),
  };
  return {
    backend: "kserve",
    name: isvc.metadata.name,
    namespace: isvc.metadata.namespace ?? "",
    modelFormat: modelFormatOf(predictor),
    storageUri: text(block.storageUri) ?? "",
    protocol: text(block.protocolVersion) ?? KSERVE_DEFAULTS.protocol,
    minReplicas: int(predictor.minReplicas) ?? KSERVE_DEFAULTS.minReplicas,
    args: Array.isArray(block.args) ? block.args.map(String) : [],
    env: plainEnv(block.env),
    proxy: readProxyMetadata(isvc),
    ...(Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)) as Partial<ValidKServeDeployment>),
  };
}

/** The URL KServe publishes (`status.url`) and the in-cluster predictor address (`status.address.url`). */
export function inferenceServiceUrls(isvc: InferenceServiceObject): { url: string | null; predictorUrl: string | null } {
  const status = isvc.status ?? {};
  const address = status.address as { url?: unknown } | undefined;
  return { url: text(status.url) ?? null, predictorUrl: text(address?.url) ?? null };
}

/** What the audit log keeps of an InferenceService: identity and spec, env values and args masked (they may hold tokens). */
export function inferenceServiceForAudit(isvc: InferenceServiceObject): Record<string, unknown> {
  const { name, namespace, uid, resourceVersion, labels, annotations } = isvc.metadata;
  const predictor = structuredClone(isvc.spec?.predictor ?? {});
  const block = modelBlock(predictor);
  if (Array.isArray(block?.env)) block.env = block.env.map((e) => (e.valueFrom ? e : { name: e.name, value: REDACTED }));
  if (Array.isArray(block?.args)) block.args = maskArgs(block.args.map(String));
  const kept = { ...annotations };
  delete kept[LAST_APPLIED_ANNOTATION];
  return {
    apiVersion: isvc.apiVersion,
    kind: isvc.kind,
    metadata: { name, namespace, uid, resourceVersion, labels, annotations: kept },
    spec: { ...isvc.spec, predictor },
  };
}
