// The parts of an InferenceService's predictor Modelport reads and writes, and where its model is declared: the
// `model` block, a legacy framework block that kubectl-made objects may still use (`predictor.sklearn`), or custom
// containers.

export interface EnvVar {
  name: string;
  value?: string;
  /** From a Secret or ConfigMap: kept as it is, never shown. */
  valueFrom?: unknown;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface ResourceAmounts {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

/** `predictor.model`, or a legacy block (which has the same fields but no modelFormat or runtime). */
export interface ModelSpec {
  modelFormat?: { name: string; version?: string };
  runtime?: string;
  protocolVersion?: string;
  storageUri?: string;
  args?: string[];
  env?: EnvVar[];
  resources?: ResourceAmounts;
  [key: string]: unknown;
}

export interface PredictorSpec {
  minReplicas?: number;
  maxReplicas?: number;
  scaleMetric?: string;
  scaleTarget?: number;
  serviceAccountName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  model?: ModelSpec;
  [key: string]: unknown;
}

/** The framework blocks KServe's CRD still has beside `model`; its defaulter rewrites them to `model` on admission. */
export const PREDICTOR_BLOCKS = [
  "sklearn",
  "xgboost",
  "lightgbm",
  "tensorflow",
  "pytorch",
  "onnx",
  "triton",
  "huggingface",
  "pmml",
  "paddle",
] as const;

export type PredictorImplementation =
  { kind: "model" } | { kind: "legacy"; framework: (typeof PREDICTOR_BLOCKS)[number] } | { kind: "custom" } | { kind: "none" };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Where the predictor declares its model, as KServe's webhook looks for it (exactly one is allowed). */
export function predictorImplementation(predictor: PredictorSpec | undefined): PredictorImplementation {
  if (!predictor) return { kind: "none" };
  if (isRecord(predictor.model)) return { kind: "model" };
  const framework = PREDICTOR_BLOCKS.find((name) => isRecord(predictor[name]));
  if (framework) return { kind: "legacy", framework };
  return Array.isArray(predictor.containers) && predictor.containers.length > 0 ? { kind: "custom" } : { kind: "none" };
}

/** The block holding the model's fields, if the predictor has one (not for custom containers). */
export function modelBlock(predictor: PredictorSpec | undefined): ModelSpec | undefined {
  const implementation = predictorImplementation(predictor);
  if (implementation.kind === "model") return predictor?.model;
  if (implementation.kind === "legacy") return predictor?.[implementation.framework] as ModelSpec;
  return undefined;
}

/** The model's format: `model.modelFormat`, or the framework a legacy block is named after. */
export function modelFormatOf(predictor: PredictorSpec | undefined): { name: string; version?: string } {
  const implementation = predictorImplementation(predictor);
  if (implementation.kind === "legacy") return { name: implementation.framework };
  const format = predictor?.model?.modelFormat;
  if (!isRecord(format) || typeof format.name !== "string") return { name: "" };
  return typeof format.version === "string" && format.version !== ""
    ? { name: format.name, version: format.version }
    : { name: format.name };
}

/** Plain `name=value` variables; those from Secrets or ConfigMaps are left out (Modelport never shows them). */
export function plainEnv(env: unknown): Record<string, string> {
  if (!Array.isArray(env)) return {};
  const entries = env.filter(isRecord).filter((entry) => typeof entry.name === "string" && entry.valueFrom === undefined);
  return Object.fromEntries(entries.map((entry) => [String(entry.name), typeof entry.value === "string" ? entry.value : ""]));
}

/** A resources block with every amount as a string (the API server may return integers). */
export function resourceAmounts(resources: unknown): ResourceAmounts {
  if (!isRecord(resources)) return {};
  const out: ResourceAmounts = {};
  for (const side of ["requests", "limits"] as const) {
    const amounts = resources[side];
    if (!isRecord(amounts)) continue;
    const strings = Object.entries(amounts).filter(([, v]) => typeof v === "string" || typeof v === "number");
    if (strings.length > 0) out[side] = Object.fromEntries(strings.map(([k, v]) => [k, String(v)]));
  }
  return out;
}
