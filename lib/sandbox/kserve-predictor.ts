// Reads an InferenceService the way KServe's predictor reconciler does: mode, stop flag, runtime, container and storage.
import { createHash } from "node:crypto";
import { toTolerations, type Toleration } from "./profiles";
import { selectRuntime } from "./kserve-runtimes";
import { getPath, isRecord, isStringMap, type JsonObject, type KubeObject } from "./types";

export const DEPLOYMENT_MODE_ANNOTATION = "serving.kserve.io/deploymentMode";
export const STOP_ANNOTATION = "serving.kserve.io/stop";

export type DeploymentMode = "Standard" | "Knative";

/** Failure reasons the CRD's lastFailureInfo.reason enum allows. */
export type FailureReason =
  "ModelLoadFailed" | "RuntimeUnhealthy" | "RuntimeDisabled" | "NoSupportingRuntime" | "RuntimeNotRecognized" | "InvalidPredictorSpec";

export interface PredictorContainer {
  image: string;
  args: string[];
  env: JsonObject[];
  requests: Record<string, string>;
  limits: Record<string, string>;
}

export interface PredictorPlan {
  container: PredictorContainer;
  /** The ClusterServingRuntime chosen (absent for a custom container). */
  runtime?: string;
  storageUri?: string;
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
  /** Replicas KServe keeps running: spec.predictor.minReplicas, 1 when unset. */
  minReplicas: number;
  /** Changes when the pods must be replaced (not when only scaling changes). */
  hash: string;
}

export type PlanResult = { ok: true; plan: PredictorPlan } | { ok: false; reason: FailureReason; message: string };

const MODES: Record<string, DeploymentMode | "ModelMesh"> = {
  Standard: "Standard",
  RawDeployment: "Standard",
  Knative: "Knative",
  Serverless: "Knative",
  ModelMesh: "ModelMesh",
};

/** The mode recorded in status wins: KServe ignores later changes of the annotation. An unknown value falls back. */
export function deploymentModeOf(isvc: KubeObject, fallback: DeploymentMode): DeploymentMode | "ModelMesh" {
  const recorded = getPath(isvc, ["status", "deploymentMode"]);
  if (typeof recorded === "string" && MODES[recorded]) return MODES[recorded];
  return MODES[isvc.metadata.annotations?.[DEPLOYMENT_MODE_ANNOTATION] ?? ""] ?? fallback;
}

export function isStopped(isvc: KubeObject): boolean {
  return (isvc.metadata.annotations?.[STOP_ANNOTATION] ?? "").toLowerCase() === "true";
}

/** Storage prefixes KServe's default storage initializer reads (kserve-isvc.md, "storageUri schemes"). */
const STORAGE_PREFIXES = [
  "gs://",
  "s3://",
  "pvc://",
  "file://",
  "http://",
  "https://",
  "hdfs://",
  "webhdfs://",
  "oci://",
  "oci+native://",
  "oci+fetch://",
  "hf://",
];
const AZURE_BLOB = /^https:\/\/(.+?)\.blob\.core\.windows\.net\/(.+?)\/(.+)$/;

/** KServe's ValidateStorageURI: plain paths and known prefixes pass; the message is the controller's. */
export function unsupportedStorageMessage(uri: string): string | undefined {
  if (!/\w+?:\/\//.test(uri) || AZURE_BLOB.test(uri) || STORAGE_PREFIXES.some((p) => uri.startsWith(p))) return undefined;
  return (
    `StorageURI not supported: storageUri, must be one of: [${STORAGE_PREFIXES.join(", ")}] or match ` +
    `https://{}.blob.core.windows.net/{}/{} or be an absolute or relative local path. StorageUri [${uri}] is not supported.`
  );
}

/** The claim a `pvc://<claim>/<path>` URI names. */
export function claimOf(uri: string | undefined): string | undefined {
  if (!uri?.startsWith("pvc://")) return undefined;
  return uri.slice("pvc://".length).split("/")[0] || undefined;
}

const FRAMEWORKS = ["sklearn", "xgboost", "lightgbm", "tensorflow", "pytorch", "triton", "onnx", "pmml", "paddle", "huggingface"];

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function quantities(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(value)) for (const [k, v] of Object.entries(value)) if (typeof v === "string" || typeof v === "number") out[k] = String(v);
  return out;
}

function envList(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** Strategic merge of env by name: the service's entries replace the runtime's. */
function mergeEnv(base: JsonObject[], over: JsonObject[]): JsonObject[] {
  const names = new Set(over.map((e) => e.name));
  return [...base.filter((e) => !names.has(e.name)), ...over];
}

/** Extended resources get a NoSchedule toleration, as the ExtendedResourceToleration admission plugin (or GKE) adds. */
function extendedResourceTolerations(requests: Record<string, string>): Toleration[] {
  return Object.keys(requests)
    .filter((k) => k.includes("/"))
    .map((key) => ({ key, operator: "Exists", effect: "NoSchedule" }));
}

/** The predictor's own container fields, from `model`, a legacy framework block, or the first custom container. */
function implementation(predictor: JsonObject): { kind: "model" | "legacy" | "custom"; spec: JsonObject; format?: string } | undefined {
  if (isRecord(predictor.model)) return { kind: "model", spec: predictor.model };
  const legacy = FRAMEWORKS.find((f) => isRecord(predictor[f]));
  if (legacy) return { kind: "legacy", spec: predictor[legacy] as JsonObject, format: legacy };
  const containers = Array.isArray(predictor.containers) ? predictor.containers.filter(isRecord) : [];
  return containers[0] ? { kind: "custom", spec: containers[0] } : undefined;
}

function runtimeContainer(runtime: KubeObject): JsonObject {
  const containers = getPath(runtime, ["spec", "containers"]);
  const list = Array.isArray(containers) ? containers.filter(isRecord) : [];
  return list.find((c) => c.name === "kserve-container") ?? list[0] ?? {};
}

function buildContainer(isvcName: string, own: JsonObject, base: JsonObject): PredictorContainer {
  const baseArgs = Array.isArray(base.args) ? base.args.map((a) => String(a).replaceAll("{{.Name}}", isvcName)) : [];
  const ownArgs = Array.isArray(own.args) ? own.args.map(String) : [];
  const requests = { ...quantities(getPath(base, ["resources", "requests"])), ...quantities(getPath(own, ["resources", "requests"])) };
  const limits = { ...quantities(getPath(base, ["resources", "limits"])), ...quantities(getPath(own, ["resources", "limits"])) };
  // The API server defaults a pod's missing requests from its limits; the scheduler counts requests.
  for (const [k, v] of Object.entries(limits)) requests[k] ??= v;
  return {
    image: str(own.image) ?? str(base.image) ?? "kserve-container:replace",
    args: [...baseArgs, ...ownArgs],
    env: mergeEnv(envList(base.env), envList(own.env)),
    requests,
    limits,
  };
}

function int(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}

/** What the controller will run for the service's predictor, or the InvalidSpec failure KServe reports instead. */
export function planPredictor(isvc: KubeObject, runtimes: KubeObject[]): PlanResult {
  const predictor = getPath(isvc, ["spec", "predictor"]);
  const impl = isRecord(predictor) ? implementation(predictor) : undefined;
  if (!isRecord(predictor) || !impl) {
    return { ok: false, reason: "InvalidPredictorSpec", message: "no container configuration found in selected serving runtime" };
  }
  const storageUri = str(impl.spec.storageUri);
  const unsupported = storageUri ? unsupportedStorageMessage(storageUri) : undefined;
  if (unsupported) return { ok: false, reason: "InvalidPredictorSpec", message: unsupported };
  let base: JsonObject = {};
  let runtime: string | undefined;
  if (impl.kind !== "custom") {
    const formatName = impl.format ?? str(getPath(impl.spec, ["modelFormat", "name"])) ?? "";
    const version = impl.kind === "model" ? str(getPath(impl.spec, ["modelFormat", "version"])) : undefined;
    const choice = selectRuntime(
      runtimes,
      version === undefined ? { name: formatName } : { name: formatName, version },
      str(impl.spec.protocolVersion),
      impl.kind === "model" ? str(impl.spec.runtime) : undefined,
    );
    if (!choice.ok) return { ok: false, reason: choice.reason, message: choice.message };
    base = runtimeContainer(choice.runtime);
    runtime = choice.runtime.metadata.name;
  }
  const container = buildContainer(isvc.metadata.name ?? "", impl.spec, base);
  const nodeSelector = isStringMap(predictor.nodeSelector) ? predictor.nodeSelector : {};
  const tolerations = [...toTolerations(predictor.tolerations), ...extendedResourceTolerations(container.requests)];
  const relevant = { container, runtime, storageUri, nodeSelector, tolerations };
  const plan: PredictorPlan = {
    container,
    nodeSelector,
    tolerations,
    minReplicas: Math.max(0, int(predictor.minReplicas) ?? 1),
    hash: createHash("sha256").update(JSON.stringify(relevant)).digest("hex").slice(0, 10),
  };
  if (runtime !== undefined) plan.runtime = runtime;
  if (storageUri !== undefined) plan.storageUri = storageUri;
  return { ok: true, plan };
}
