// What the KServe form and edit dialog derive from the shared rules (lib/schemas/kserve): the metrics a deployment
// mode scales on, the protocol a format gets when none is chosen, and the advice for values still being typed.
import {
  DEPLOYMENT_MODE_ALIASES,
  KSERVE_DEFAULTS,
  kserveWarnings,
  SCALE_METRICS,
  V2_ONLY_FORMATS,
  type KServeDeploymentMode,
  type KServeResources,
  type ScaleMetric,
  type ValidKServeDeployment,
} from "@/lib/schemas/kserve";
import { SCALE_METRICS_BY_MODE } from "@/lib/schemas/kserve-rules";

/** RawDeployment or Serverless for any name KServe knows a mode by (Standard, Knative too); undefined otherwise. */
export function deploymentModeOf(mode: string | null | undefined): KServeDeploymentMode | undefined {
  return mode && Object.hasOwn(DEPLOYMENT_MODE_ALIASES, mode)
    ? DEPLOYMENT_MODE_ALIASES[mode as keyof typeof DEPLOYMENT_MODE_ALIASES]
    : undefined;
}

/** The metrics the mode's autoscaler takes; every metric while the mode is the cluster's default (unknown here). */
export function scaleMetricChoices(mode: string | null | undefined): readonly ScaleMetric[] {
  const known = deploymentModeOf(mode);
  return known ? SCALE_METRICS_BY_MODE[known] : SCALE_METRICS;
}

const isScaleMetric = (value: string | null | undefined): value is ScaleMetric =>
  (SCALE_METRICS as readonly string[]).includes(value ?? "");

/** The protocol KServe is asked for when the person leaves it out (the schema's default). */
export function defaultProtocolOf(format: string | undefined): string {
  return format && V2_ONLY_FORMATS.includes(format) ? KSERVE_DEFAULTS.v2OnlyProtocol : KSERVE_DEFAULTS.protocol;
}

type Amounts = { cpu?: string | number | null; memory?: string | number | null } | null | undefined;

/** CPU and memory amounts as the schema's output has them: strings, empty ones left out; undefined when none is set. */
export function resourcesOf(input: { requests?: Amounts; limits?: Amounts } | null | undefined): KServeResources | undefined {
  const amounts = (from: Amounts) => {
    const entries = Object.entries(from ?? {}).filter(([, value]) => value !== null && value !== undefined && String(value).trim() !== "");
    return entries.length > 0
      ? (Object.fromEntries(entries.map(([key, value]) => [key, String(value).trim()])) as Record<string, string>)
      : undefined;
  };
  const requests = amounts(input?.requests);
  const limits = amounts(input?.limits);
  if (!requests && !limits) return undefined;
  return { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
}

export interface KServeAdviceInput {
  name?: string;
  namespace?: string;
  minReplicas?: number | null;
  deploymentMode?: string | null;
  scaleMetric?: string | null;
  resources?: { requests?: Amounts; limits?: Amounts } | null;
}

/** kserveWarnings for a form that may be half filled in: only the fields the advice is about need values. */
export function kserveInputWarnings(input: KServeAdviceInput): string[] {
  const mode = deploymentModeOf(input.deploymentMode);
  const resources = resourcesOf(input.resources);
  const minReplicas = input.minReplicas;
  const value: ValidKServeDeployment = {
    backend: "kserve",
    name: input.name ?? "",
    namespace: input.namespace ?? "",
    modelFormat: { name: "" },
    storageUri: "",
    protocol: KSERVE_DEFAULTS.protocol,
    minReplicas: typeof minReplicas === "number" && Number.isFinite(minReplicas) ? minReplicas : KSERVE_DEFAULTS.minReplicas,
    args: [],
    env: {},
    proxy: {},
    ...(mode ? { deploymentMode: mode } : {}),
    ...(isScaleMetric(input.scaleMetric) ? { scaleMetric: input.scaleMetric } : {}),
    ...(resources ? { resources } : {}),
  };
  return kserveWarnings(value);
}
