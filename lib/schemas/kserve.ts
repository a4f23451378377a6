// The KServe deployment contract: one zod schema for the form, the HTTP API, the services and OpenAPI.
// KServe's own admission rules are errors everywhere (kserveCrdRuleIssues). Modelport's narrower choices — the storage
// schemes and model formats it offers, the protocol a format's runtimes speak — are errors when creating and warnings
// when editing an object made with kubectl (kserveModelportRuleIssues), as for KubeAI deployments.
// The vocabulary (formats, schemes, modes, limits) and the rules live in ./kserve-rules. Neither module takes values
// from ./deployment: it will import this one for its union, and a cycle of values would break both.
import { z } from "zod";
import {
  DEPLOYMENT_MODE_ALIASES,
  KSERVE_DEFAULTS,
  KSERVE_LIMITS,
  KSERVE_MODEL_FORMATS,
  KSERVE_PROTOCOLS,
  KSERVE_STORAGE_SCHEMES,
  kserveRuleIssues,
  SCALE_METRICS,
  V2_ONLY_FORMATS,
  type KServeDeploymentMode,
  type ScaleMetric,
} from "./kserve-rules";
import { proxyMetadataSchema, type ProxyMetadata } from "./proxy-metadata";
import { QUANTITY_PATTERN } from "./quantity";
import { readOnlyFields } from "./read-only";
import { plainText, storableText } from "./text";

export {
  DEPLOYMENT_MODE_ALIASES,
  KSERVE_DEFAULTS,
  KSERVE_DEPLOYMENT_MODES,
  KSERVE_LIMITS,
  KSERVE_MODEL_FORMATS,
  KSERVE_PROTOCOLS,
  KSERVE_STORAGE_SCHEMES,
  kserveCrdRuleIssues,
  kserveModelportRuleIssues,
  kserveRuleIssues,
  kserveSizeIssues,
  kserveWarnings,
  SCALE_METRICS,
  V2_ONLY_FORMATS,
  type KServeDeploymentMode,
  type KServeModelFormat,
  type KServeProtocol,
  type ScaleMetric,
} from "./kserve-rules";

/**
 * KServe's webhook wants a DNS-1035 label (a letter first); its CRD sets no length. The predictor's Service (and the
 * Knative Service) is `<name>-predictor`, a DNS-1035 label of at most 63, so a longer name fails after admission.
 */
export const MAX_KSERVE_NAME_LENGTH = 63 - "-predictor".length;

export const kserveNameSchema = z
  .string()
  .min(1, "Name is required")
  .max(MAX_KSERVE_NAME_LENGTH, `Name must be at most ${MAX_KSERVE_NAME_LENGTH} characters (KServe adds "-predictor" to it)`)
  .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, "Use lowercase letters, digits and '-', starting with a letter and ending with a letter or digit");

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const namespaceSchema = z.string().min(1, "Namespace is required").max(63).regex(DNS_LABEL, "Not a valid namespace name");
const objectName = (what: string) => plainText(253).min(1).regex(DNS_SUBDOMAIN, `Not a valid ${what} name`);

const count = (minimum: number, maximum: number) =>
  z.number().int("Must be a whole number").min(minimum, `Must be at least ${minimum}`).max(maximum, `Must be at most ${maximum}`);

const quantitySchema = z
  .union([z.number().nonnegative().finite(), plainText(64).regex(QUANTITY_PATTERN, "Use a Kubernetes quantity such as 500m, 2 or 4Gi")])
  .transform(String);
const amountsSchema = z.strictObject(
  { cpu: quantitySchema.optional(), memory: quantitySchema.optional() },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `Only cpu and memory here (got ${issue.keys.join(", ")}); GPUs come from resourceProfile, e.g. nvidia-gpu-l4:1`
        : undefined,
  },
);
const resourcesSchema = z.strictObject({ requests: amountsSchema.optional(), limits: amountsSchema.optional() });
export type KServeResources = z.output<typeof resourcesSchema>;

/** A KubeAI resource profile and how many of its units each replica gets, e.g. `nvidia-gpu-l4:1`. */
export const kserveResourceProfileSchema = plainText(100)
  .regex(/^[a-z0-9][a-z0-9.-]*(:[1-9][0-9]{0,1})?$/, "Use <profile> or <profile>:<count>, e.g. nvidia-gpu-l4:1")
  .describe("The same resource profiles as KubeAI deployments: GPUs (and CPU/memory) per replica times <count>");

const storageUriSchema = plainText(KSERVE_LIMITS.storageUriLength).trim().min(1, "storageUri is required");
const argsSchema = z
  .array(storableText(KSERVE_LIMITS.argLength))
  .max(KSERVE_LIMITS.args, `At most ${KSERVE_LIMITS.args} arguments`)
  .describe("Appended after the serving runtime's own arguments");
const envSchema = z
  .record(plainText(256).regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, "Not a valid variable name"), storableText(KSERVE_LIMITS.envValueLength))
  .refine((env) => Object.keys(env).length <= KSERVE_LIMITS.envKeys, `At most ${KSERVE_LIMITS.envKeys} variables`);
const modelFormatSchema = z.strictObject({
  name: z.enum(KSERVE_MODEL_FORMATS, { error: () => `Use one of ${KSERVE_MODEL_FORMATS.join(", ")}` }),
  version: plainText(63)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Not a model format version")
    .nullish()
    .describe('e.g. "1"; KServe then picks a runtime that lists this version'),
});
const deploymentModeSchema = z
  .enum(["RawDeployment", "Serverless", "Standard", "Knative"])
  .describe("Standard and Knative are KServe's current names for RawDeployment and Serverless; absent: the cluster's default");

/** The KServe deployment's own fields, without refinements, so the deployment union can extend them. */
export const kserveDeploymentFields = z.strictObject({
  backend: z.literal("kserve").describe("A KServe InferenceService"),
  name: kserveNameSchema,
  namespace: namespaceSchema,
  modelFormat: modelFormatSchema,
  runtime: objectName("ClusterServingRuntime").nullish().describe("A ClusterServingRuntime; KServe picks one by model format when absent"),
  storageUri: storageUriSchema.describe(`Where the model is: ${KSERVE_STORAGE_SCHEMES.join(", ")}`),
  protocol: z
    .enum(KSERVE_PROTOCOLS)
    .nullish()
    .describe(`Inference protocol; default v1, and v2 for ${V2_ONLY_FORMATS.join(", ")} (only v2 runtimes serve them)`),
  minReplicas: count(0, KSERVE_LIMITS.replicas).default(KSERVE_DEFAULTS.minReplicas).describe("0 scales to zero (Serverless mode only)"),
  maxReplicas: count(1, KSERVE_LIMITS.replicas).nullish(),
  scaleTarget: count(1, KSERVE_LIMITS.scaleTarget).nullish().describe("Per replica: requests in flight, requests/s, or % of CPU/memory"),
  scaleMetric: z.enum(SCALE_METRICS).nullish().describe("concurrency and rps in Serverless mode, cpu and memory in RawDeployment mode"),
  resources: resourcesSchema.nullish(),
  resourceProfile: kserveResourceProfileSchema.nullish(),
  args: argsSchema.default([]),
  env: envSchema.default({}),
  deploymentMode: deploymentModeSchema.nullish(),
  serviceAccountName: objectName("service account").nullish().describe("Its secrets give the storage initializer credentials"),
  proxy: proxyMetadataSchema.default({}),
  ...readOnlyFields(["profile", "url", "endpoint", "conditions"]),
});

/** The KServe deployment a service works with: defaults applied, nulls gone, the mode by one name, `<profile>:<count>`. */
export interface ValidKServeDeployment {
  backend: "kserve";
  name: string;
  namespace: string;
  /** Any name when read back from the cluster (custom runtimes declare their own); one of KSERVE_MODEL_FORMATS on create. */
  modelFormat: { name: string; version?: string };
  runtime?: string;
  storageUri: string;
  /** v1 or v2 on create; a kubectl-made object may say grpc-v1 or grpc-v2. */
  protocol: string;
  minReplicas: number;
  maxReplicas?: number;
  scaleTarget?: number;
  scaleMetric?: ScaleMetric;
  resources?: KServeResources;
  /** Always `<profile>:<count>`. */
  resourceProfile?: string;
  args: string[];
  env: Record<string, string>;
  deploymentMode?: KServeDeploymentMode;
  serviceAccountName?: string;
  proxy: ProxyMetadata;
}

type Fields = z.output<typeof kserveDeploymentFields>;

function normalize(value: Fields): ValidKServeDeployment {
  const format = value.modelFormat.name;
  const [profile, profileCount] = (value.resourceProfile ?? "").split(":");
  const resources = Object.fromEntries(
    Object.entries(value.resources ?? {}).filter(([, amounts]) => amounts && Object.keys(amounts).length > 0),
  );
  const optional = {
    runtime: value.runtime,
    maxReplicas: value.maxReplicas,
    scaleTarget: value.scaleTarget,
    scaleMetric: value.scaleMetric,
    resources: Object.keys(resources).length > 0 ? resources : undefined,
    resourceProfile: profile ? `${profile}:${profileCount ?? KSERVE_DEFAULTS.profileCount}` : undefined,
    deploymentMode: value.deploymentMode ? DEPLOYMENT_MODE_ALIASES[value.deploymentMode] : undefined,
    serviceAccountName: value.serviceAccountName,
  };
  return {
    backend: "kserve",
    name: value.name,
    namespace: value.namespace,
    modelFormat: value.modelFormat.version ? { name: format, version: value.modelFormat.version } : { name: format },
    storageUri: value.storageUri,
    protocol: value.protocol ?? (V2_ONLY_FORMATS.includes(format) ? KSERVE_DEFAULTS.v2OnlyProtocol : KSERVE_DEFAULTS.protocol),
    minReplicas: value.minReplicas,
    args: value.args,
    env: value.env,
    proxy: value.proxy,
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v != null)) as Partial<ValidKServeDeployment>),
  };
}

/** A new KServe deployment: KServe's rules and Modelport's are errors. */
export const kserveDeploymentInputSchema = kserveDeploymentFields
  .superRefine((value, ctx) => {
    for (const issue of kserveRuleIssues(normalize(value))) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  })
  .transform(normalize)
  .meta({ id: "KServeDeploymentInput" });
export type KServeDeploymentInput = z.input<typeof kserveDeploymentInputSchema>;

/** What PATCH may change; null clears an optional field. Name, namespace and the mode stay (KServe fixes the mode). */
export const kservePatchSchema = z
  .strictObject({
    modelFormat: modelFormatSchema,
    runtime: objectName("ClusterServingRuntime").nullable(),
    storageUri: storageUriSchema,
    protocol: z.enum(KSERVE_PROTOCOLS),
    minReplicas: count(0, KSERVE_LIMITS.replicas),
    maxReplicas: count(1, KSERVE_LIMITS.replicas).nullable(),
    scaleTarget: count(1, KSERVE_LIMITS.scaleTarget).nullable(),
    scaleMetric: z.enum(SCALE_METRICS).nullable(),
    resources: resourcesSchema.nullable().describe("Replaces the CPU and memory amounts; GPUs follow resourceProfile"),
    resourceProfile: kserveResourceProfileSchema.nullable(),
    args: argsSchema,
    env: envSchema,
    serviceAccountName: objectName("service account").nullable(),
    proxy: proxyMetadataSchema,
    resourceVersion: plainText(64).min(1).describe("If set, the update fails with 409 when the object changed since this version"),
    generation: z.number().int().min(1).describe("If set, the update fails with 409 when the spec changed since this generation"),
  })
  .partial()
  .meta({ id: "KServeDeploymentPatch" });
export type KServePatch = z.infer<typeof kservePatchSchema>;
