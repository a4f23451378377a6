// What a KServe deployment may say, and the rules over it: KServe's own (its webhook and the pods it makes), the size
// bound, Modelport's narrower choices, and advice. Pure; lib/schemas/kserve.ts turns them into the zod contract.
import type { FieldIssue } from "./deployment";
import type { ValidKServeDeployment } from "./kserve";
import { quantityValue } from "./quantity";
import { ARGS_AND_ENV_LENGTH, argsAndEnvSizeIssues } from "./object-size";

/**
 * The issue's formats first, then the others KServe's built-in runtimes select by name: mlserver's mlflow, pmml,
 * paddle, Triton's tensorrt and the vLLM runtime's `vLLM` (KServe matches format names case-sensitively).
 */
export const KSERVE_MODEL_FORMATS = [
  "sklearn",
  "xgboost",
  "lightgbm",
  "tensorflow",
  "pytorch",
  "onnx",
  "triton",
  "huggingface",
  "mlflow",
  "pmml",
  "paddle",
  "tensorrt",
  "vLLM",
] as const;
/** Formats only v2 runtimes serve (Triton, mlserver): without a named runtime KServe finds none for them on v1. */
export const V2_ONLY_FORMATS: readonly string[] = ["onnx", "triton", "tensorrt", "mlflow"];
export const KSERVE_PROTOCOLS = ["v1", "v2"] as const;
/** The schemes Modelport offers; KServe's storage initializer reads a few more (file://, hdfs://…) that it does not. */
export const KSERVE_STORAGE_SCHEMES = ["s3://", "gs://", "pvc://", "hf://", "http://", "https://", "oci://"] as const;
export const SCALE_METRICS = ["concurrency", "rps", "cpu", "memory"] as const;
/** The modes by the names the issue and the Model Manager use; KServe ≥ 0.16 calls them Standard and Knative. */
export const KSERVE_DEPLOYMENT_MODES = ["RawDeployment", "Serverless"] as const;
export const DEPLOYMENT_MODE_ALIASES = {
  RawDeployment: "RawDeployment",
  Standard: "RawDeployment",
  Serverless: "Serverless",
  Knative: "Serverless",
} as const;

export type KServeModelFormat = (typeof KSERVE_MODEL_FORMATS)[number];
export type KServeProtocol = (typeof KSERVE_PROTOCOLS)[number];
export type ScaleMetric = (typeof SCALE_METRICS)[number];
export type KServeDeploymentMode = (typeof KSERVE_DEPLOYMENT_MODES)[number];

/** The autoscaler each mode runs takes only these metrics (KServe's webhook): Knative's KPA, or an HPA. */
export const SCALE_METRICS_BY_MODE: Record<KServeDeploymentMode, readonly ScaleMetric[]> = {
  Serverless: ["concurrency", "rps"],
  RawDeployment: ["cpu", "memory"],
};

/** What a KServe deployment gets when the request leaves a field out; no mode means the cluster's default mode. */
export const KSERVE_DEFAULTS = {
  protocol: "v1",
  /** For V2_ONLY_FORMATS. */
  v2OnlyProtocol: "v2",
  minReplicas: 1,
  profileCount: 1,
} as const;

/** The same per-object bounds as KubeAI deployments (DEPLOYMENT_LIMITS), so one tenant cannot slow everyone's lists. */
export const KSERVE_LIMITS = {
  storageUriLength: 2048,
  args: 64,
  argLength: 4096,
  envKeys: 64,
  envValueLength: 16 * 1024,
  /** args and env together, in characters. */
  argsAndEnvLength: ARGS_AND_ENV_LENGTH,
  replicas: 1000,
  profileCount: 64,
  scaleTarget: 1_000_000,
} as const;

/** KServe's stock default limits (inferenceservice-config): a bigger request without a limit is refused. */
const STOCK_LIMITS = { cpu: "1", memory: "2Gi" } as const;

const quoted = (list: readonly string[]) => list.join(", ");

/** KServe's own rules — its webhook, and what Kubernetes refuses in the pods it makes — checked first for the form. */
export function kserveCrdRuleIssues(value: ValidKServeDeployment): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (value.maxReplicas !== undefined && value.minReplicas > value.maxReplicas) {
    issues.push({ path: ["maxReplicas"], message: "Max replicas must be at least min replicas" });
  }
  const mode = value.deploymentMode;
  if (mode && value.scaleMetric && !SCALE_METRICS_BY_MODE[mode].includes(value.scaleMetric)) {
    const other = mode === "Serverless" ? "RawDeployment" : "Serverless";
    issues.push({
      path: ["scaleMetric"],
      message: `${mode} mode scales on ${quoted(SCALE_METRICS_BY_MODE[mode])}; ${value.scaleMetric} needs ${other} mode`,
    });
  }
  // An HPA's target is a utilization percentage; KServe's webhook refuses more than 100 in RawDeployment mode.
  const utilization = value.scaleMetric === "cpu" || value.scaleMetric === "memory" || (mode === "RawDeployment" && !value.scaleMetric);
  if (utilization && value.scaleTarget !== undefined && value.scaleTarget > 100) {
    issues.push({ path: ["scaleTarget"], message: "With cpu or memory scaling the target is a utilization percentage: 1–100" });
  }
  if ("PYTHONPATH" in value.env) {
    issues.push({ path: ["env", "PYTHONPATH"], message: "KServe refuses PYTHONPATH in a serving container (a security rule)" });
  }
  for (const resource of ["cpu", "memory"] as const) {
    const request = value.resources?.requests?.[resource];
    const limit = value.resources?.limits?.[resource];
    if (request === undefined || limit === undefined) continue;
    if ((quantityValue(request) ?? 0) > (quantityValue(limit) ?? Infinity)) {
      issues.push({
        path: ["resources", "requests", resource],
        message: `The ${resource} request ${request} is more than its limit ${limit}`,
      });
    }
  }
  return issues;
}

/** The per-object bound shared by every backend (lib/schemas/object-size.ts). */
export function kserveSizeIssues(value: Pick<ValidKServeDeployment, "args" | "env">): FieldIssue[] {
  return argsAndEnvSizeIssues(value);
}

/** Where each scheme's location must point; KServe would only fail later, in the storage initializer. */
const LOCATION_FORMS: Record<string, { pattern: RegExp; form: string }> = {
  "s3://": { pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9](\/.*)?$/, form: "s3://<bucket>[/<path>]" },
  "gs://": { pattern: /^[a-z0-9][a-z0-9._-]*[a-z0-9](\/.*)?$/, form: "gs://<bucket>[/<path>]" },
  "pvc://": { pattern: /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(\/.*)?$/, form: "pvc://<claim>[/<path>]" },
  "hf://": { pattern: /^[A-Za-z0-9][\w.-]*\/[\w.-]+(:[\w./-]+)?$/, form: "hf://<organisation>/<model>[:<revision>]" },
  "oci://": { pattern: /^[a-z0-9][\w.:-]*\/[^\s]+$/, form: "oci://<registry>/<repository>[:<tag>]" },
};

function storageUriIssues(uri: string): FieldIssue[] {
  const scheme = KSERVE_STORAGE_SCHEMES.find((prefix) => uri.startsWith(prefix));
  if (!scheme) return [{ path: ["storageUri"], message: `storageUri must start with one of ${quoted(KSERVE_STORAGE_SCHEMES)}` }];
  const location = uri.slice(scheme.length);
  if (scheme === "http://" || scheme === "https://") {
    return URL.canParse(uri) && new URL(uri).hostname !== "" ? [] : [{ path: ["storageUri"], message: "Not a valid URL" }];
  }
  const { pattern, form } = LOCATION_FORMS[scheme];
  return pattern.test(location) ? [] : [{ path: ["storageUri"], message: `Use ${form}` }];
}

/** Modelport's rules beyond KServe's: a new deployment must follow them; one made with kubectl only gets warnings. */
export function kserveModelportRuleIssues(value: ValidKServeDeployment): FieldIssue[] {
  const issues = storageUriIssues(value.storageUri);
  const format = value.modelFormat.name;
  if (!(KSERVE_MODEL_FORMATS as readonly string[]).includes(format)) {
    issues.push({ path: ["modelFormat", "name"], message: `Use one of ${quoted(KSERVE_MODEL_FORMATS)}` });
  }
  if (V2_ONLY_FORMATS.includes(format) && value.protocol === "v1" && !value.runtime) {
    issues.push({ path: ["protocol"], message: `${format} models are served only over v2 (no v1 runtime serves them); use protocol v2` });
  }
  const profileCount = Number(value.resourceProfile?.split(":")[1] ?? 1);
  if (profileCount > KSERVE_LIMITS.profileCount) {
    issues.push({ path: ["resourceProfile"], message: `At most ${KSERVE_LIMITS.profileCount} units of a profile per replica` });
  }
  return issues;
}

/** Every rule a new KServe deployment must follow: KServe's, the size bound, and Modelport's. */
export function kserveRuleIssues(value: ValidKServeDeployment): FieldIssue[] {
  return [...kserveCrdRuleIssues(value), ...kserveSizeIssues(value), ...kserveModelportRuleIssues(value)];
}

/** Advice about choices KServe accepts but that may surprise; shown in the form and returned by the API. */
export function kserveWarnings(value: ValidKServeDeployment): string[] {
  const warnings: string[] = [];
  const mode = value.deploymentMode;
  if (value.minReplicas === 0 && mode !== "Serverless") {
    warnings.push(
      mode === "RawDeployment"
        ? "minReplicas 0: RawDeployment mode does not scale to zero; at least one replica keeps running"
        : "minReplicas 0 scales to zero only in Serverless mode; the cluster's default mode decides",
    );
  }
  if (!mode && value.scaleMetric) {
    const needs = SCALE_METRICS_BY_MODE.Serverless.includes(value.scaleMetric) ? "Serverless" : "RawDeployment";
    warnings.push(`scaleMetric ${value.scaleMetric} works only in ${needs} mode; the cluster's default mode decides`);
  }
  for (const resource of ["cpu", "memory"] as const) {
    const request = value.resources?.requests?.[resource];
    if (request === undefined || value.resources?.limits?.[resource] !== undefined) continue;
    if ((quantityValue(request) ?? 0) > (quantityValue(STOCK_LIMITS[resource]) ?? 0)) {
      warnings.push(
        `requests.${resource} ${request} without limits.${resource}: KServe adds its default limit (${STOCK_LIMITS[resource]} ` +
          "in its stock configuration) and a request above the limit is refused; set the limit too",
      );
    }
  }
  const host = `${value.name}-predictor-${value.namespace}`;
  if (mode !== "Serverless" && host.length > 63) {
    warnings.push(`In RawDeployment mode KServe's default host name ${host} is longer than 63 characters and its Ingress will be refused`);
  }
  return warnings;
}
