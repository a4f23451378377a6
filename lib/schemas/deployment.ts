// The deployment contract: one zod schema for the advanced form, the HTTP API, the services and OpenAPI.
// KubeAI's CRD is the authority on what is valid: its rules are errors everywhere. Modelport's own rules (a URL that
// cannot name a model, a mode without its feature) are errors when creating, and only warnings when editing an
// object that may have been made with kubectl; advice (an s3:// URL without a cache) is always a warning.
import { z } from "zod";
import { FEATURES_BY_MODEL_MODE, proxyMetadataSchema } from "./proxy-metadata";
import { plainText, storableText } from "./text";
import { ARGS_AND_ENV_LENGTH, argsAndEnvSizeIssues } from "./object-size";
import { kserveDeploymentInputSchema, kservePatchSchema, type ValidKServeDeployment } from "./kserve";
import { objectChangeSchema } from "./object-diff";
import { readOnlyFields } from "./read-only";

export { FEATURES_BY_MODEL_MODE, MODEL_MODES, proxyMetadataSchema, type ModelMode } from "./proxy-metadata";

export const ENGINES = ["VLLM", "OLlama", "FasterWhisper", "Infinity"] as const;
export const FEATURES = ["TextGeneration", "TextEmbedding", "Reranking", "SpeechToText"] as const;
/** Stopped: stopped on purpose (POST …/stop) and kept, until POST …/start brings it back. */
export const DEPLOYMENT_STATUSES = ["Pending", "Loading", "Ready", "ScaledToZero", "Failed", "Stopped"] as const;
/** What serves a deployment: a KubeAI Model or a KServe InferenceService. */
export const DEPLOYMENT_BACKENDS = ["kubeai", "kserve"] as const;
export type DeploymentBackendName = (typeof DEPLOYMENT_BACKENDS)[number];

export type Engine = (typeof ENGINES)[number];
export type Feature = (typeof FEATURES)[number];
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** What a deployment gets when the request leaves a field out: one replica up at once, scaling to zero when idle. */
export const DEPLOYMENT_DEFAULTS = {
  instanceCount: 1,
  replicas: 1,
  minReplicas: 0,
  targetRequests: 100,
  scaleDownDelaySeconds: 30,
} as const;

/** Bounds that keep one tenant's objects from slowing everyone's lists and watches. */
export const DEPLOYMENT_LIMITS = {
  urlLength: 2048,
  args: 64,
  argLength: 4096,
  envKeys: 64,
  envValueLength: 16 * 1024,
  /** args and env together, in characters. */
  argsAndEnvLength: ARGS_AND_ENV_LENGTH,
  replicas: 1000,
  instanceCount: 64,
} as const;

/** KubeAI's CRD caps Model names at 40 characters (a CEL rule on the root). */
export const MAX_NAME_LENGTH = 40;
const NAME_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const URL_SCHEMES = ["hf://", "pvc://", "ollama://", "s3://", "gs://", "oss://"] as const;
const CACHEABLE_SCHEMES = ["hf://", "s3://", "gs://", "oss://"] as const;

export const deploymentNameSchema = z
  .string()
  .min(1, "Name is required")
  .max(MAX_NAME_LENGTH, `Name must be at most ${MAX_NAME_LENGTH} characters (KubeAI's limit)`)
  .regex(NAME_PATTERN, "Use lowercase letters, digits and '-', starting and ending with a letter or digit");

/** Any name the API server accepts for an existing object (a DNS subdomain: dots allowed), e.g. from kubectl. */
export const objectNameSchema = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, "Not a Kubernetes object name");

export const namespaceSchema = z.string().min(1, "Namespace is required").max(63).regex(NAME_PATTERN, "Not a valid namespace name");

const count = (minimum: number, maximum: number) =>
  z.number().int("Must be a whole number").min(minimum, `Must be at least ${minimum}`).max(maximum, `Must be at most ${maximum}`);

/** `<profile>` or KubeAI's own `<profile>:<count>`, e.g. `nvidia-gpu-l4:2`. */
export const resourceProfileSchema = plainText(100)
  .regex(/^[a-z0-9][a-z0-9.-]*(:[1-9][0-9]{0,2})?$/, "Use <profile> or <profile>:<count>, e.g. nvidia-gpu-l4:1")
  .describe("KubeAI resource profile, as <profile>:<count> (what GET returns) or <profile> with instanceCount");
const cacheProfileSchema = plainText(63).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Not a cache profile name");
const urlSchema = plainText(DEPLOYMENT_LIMITS.urlLength).trim().min(1, "URL is required");
const argsSchema = z
  .array(storableText(DEPLOYMENT_LIMITS.argLength))
  .max(DEPLOYMENT_LIMITS.args, `At most ${DEPLOYMENT_LIMITS.args} arguments`);
/** KubeAI's spec.files: mounted in the model's pods from a ConfigMap (a chat template, a config file). */
const filesSchema = z
  .array(
    z.strictObject({
      path: plainText(1024).regex(/^\/[^:]*$/, "Must be an absolute path without ':'"),
      content: storableText(100_000),
    }),
  )
  .max(10, "At most 10 files");
const envSchema = z
  .record(plainText(256).regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, "Not a valid variable name"), storableText(DEPLOYMENT_LIMITS.envValueLength))
  .refine((env) => Object.keys(env).length <= DEPLOYMENT_LIMITS.envKeys, `At most ${DEPLOYMENT_LIMITS.envKeys} variables`);

const READ_ONLY_FIELDS = readOnlyFields(["profile", "endpoint"]);

const deploymentFields = z
  .object({
    backend: z.literal("kubeai").default("kubeai").describe("What serves it: kubeai (a KubeAI Model) when absent"),
    name: deploymentNameSchema,
    namespace: namespaceSchema,
    url: urlSchema,
    engine: z.enum(ENGINES),
    features: z.array(z.enum(FEATURES)).min(1, "Choose at least one feature").max(FEATURES.length),
    resourceProfile: resourceProfileSchema.nullish(),
    instanceCount: count(1, DEPLOYMENT_LIMITS.instanceCount)
      .nullish()
      .describe("Accelerators (or CPU units) per replica; or give it in resourceProfile"),
    replicas: count(0, DEPLOYMENT_LIMITS.replicas)
      .nullable()
      .default(DEPLOYMENT_DEFAULTS.replicas)
      .describe("Replicas to start with; null lets KubeAI scale between min and max from zero"),
    minReplicas: count(0, DEPLOYMENT_LIMITS.replicas).default(DEPLOYMENT_DEFAULTS.minReplicas),
    maxReplicas: count(1, DEPLOYMENT_LIMITS.replicas).nullish(),
    targetRequests: count(1, 1_000_000).nullish().describe(`Default ${DEPLOYMENT_DEFAULTS.targetRequests}`),
    scaleDownDelaySeconds: count(0, 7 * 86_400)
      .nullish()
      .describe(`Default ${DEPLOYMENT_DEFAULTS.scaleDownDelaySeconds}`),
    cacheProfile: cacheProfileSchema.nullish(),
    args: argsSchema.default([]),
    env: envSchema.default({}),
    files: filesSchema.default([]).describe("Files mounted in the model's pods, e.g. a chat template"),
    proxy: proxyMetadataSchema.default({}),
    ...READ_ONLY_FIELDS,
  })
  .strict();

type Fields = z.output<typeof deploymentFields>;

/** The deployment a service works with: profile split from its count, defaults applied, read-only fields gone. */
export interface ValidDeployment {
  backend: "kubeai";
  name: string;
  namespace: string;
  url: string;
  engine: Engine;
  features: Feature[];
  resourceProfile?: string;
  instanceCount: number;
  replicas?: number;
  minReplicas: number;
  maxReplicas?: number;
  targetRequests: number;
  scaleDownDelaySeconds: number;
  cacheProfile?: string;
  args: string[];
  env: Record<string, string>;
  files: { path: string; content: string }[];
  proxy: z.output<typeof proxyMetadataSchema>;
}

export interface FieldIssue {
  path: string[];
  message: string;
}

/** Splits `<profile>:<count>`; a count given twice must agree. */
export function splitResourceProfile(value: string | null | undefined): { profile: string | null; count: number | null } {
  if (!value) return { profile: null, count: null };
  const [profile, count] = value.split(":");
  const parsed = count === undefined ? null : Number.parseInt(count, 10);
  return { profile: profile || null, count: parsed !== null && Number.isFinite(parsed) ? parsed : null };
}

function normalize(value: Fields): ValidDeployment {
  const { profile, count: profileCount } = splitResourceProfile(value.resourceProfile);
  return {
    backend: "kubeai",
    name: value.name,
    namespace: value.namespace,
    url: value.url,
    engine: value.engine,
    features: value.features,
    ...(profile ? { resourceProfile: profile } : {}),
    instanceCount: value.instanceCount ?? profileCount ?? DEPLOYMENT_DEFAULTS.instanceCount,
    ...(value.replicas !== null ? { replicas: value.replicas } : {}),
    minReplicas: value.minReplicas,
    ...(value.maxReplicas != null ? { maxReplicas: value.maxReplicas } : {}),
    targetRequests: value.targetRequests ?? DEPLOYMENT_DEFAULTS.targetRequests,
    scaleDownDelaySeconds: value.scaleDownDelaySeconds ?? DEPLOYMENT_DEFAULTS.scaleDownDelaySeconds,
    ...(value.cacheProfile ? { cacheProfile: value.cacheProfile } : {}),
    args: value.args,
    env: value.env,
    files: value.files,
    proxy: value.proxy,
  };
}

const schemeOf = (url: string) => url.slice(0, url.indexOf("://") + 3);

/** KubeAI's own CRD rules (its CEL validations), checked before the API server does so the form can show them. */
export function crdRuleIssues(value: ValidDeployment): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { url, cacheProfile } = value;
  if (!URL_SCHEMES.some((scheme) => url.startsWith(scheme))) {
    issues.push({ path: ["url"], message: `URL must start with ${URL_SCHEMES.join(", ")}` });
  } else if ((url.startsWith("gs://") || url.startsWith("oss://")) && !cacheProfile) {
    issues.push({ path: ["cacheProfile"], message: `${schemeOf(url)} URLs are only supported with a cache profile` });
  } else if (cacheProfile && !CACHEABLE_SCHEMES.some((scheme) => url.startsWith(scheme))) {
    issues.push({ path: ["cacheProfile"], message: "A cache profile works only with hf://, s3://, gs:// or oss:// URLs" });
  }
  if (value.maxReplicas !== undefined && value.minReplicas > value.maxReplicas) {
    issues.push({ path: ["maxReplicas"], message: "Max replicas must be at least min replicas" });
  }
  return issues;
}

/** Modelport's rules beyond the CRD: a new deployment must follow them; an existing one only gets warnings. */
export function modelportRuleIssues(value: ValidDeployment): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { url, engine } = value;
  if (url.startsWith("ollama://") && engine !== "OLlama") {
    issues.push({ path: ["url"], message: "ollama:// URLs are only for the OLlama engine" });
  } else if (URL_SCHEMES.some((scheme) => url.startsWith(scheme)) && url.slice(url.indexOf("://") + 3).replace(/^\/+/, "") === "") {
    issues.push({ path: ["url"], message: "URL needs a model after the scheme" });
  } else if (url.startsWith("pvc://") && !/^pvc:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(\/.*)?$/.test(url)) {
    issues.push({ path: ["url"], message: "Use pvc://<pvc-name>[/<path>]" });
  }
  const mode = value.proxy.model_mode;
  if (mode) {
    const needed = FEATURES_BY_MODEL_MODE[mode];
    if (!value.features.includes(needed)) issues.push({ path: ["features"], message: `Model mode ${mode} needs feature ${needed}` });
  }
  return issues;
}

/** The per-object bound shared by every backend (lib/schemas/object-size.ts). */
export function sizeIssues(value: Pick<ValidDeployment, "args" | "env"> & Partial<Pick<ValidDeployment, "files">>): FieldIssue[] {
  return argsAndEnvSizeIssues(value);
}

/** Advice about choices that work but may surprise; shown in the form and returned by the API. */
export function deploymentWarnings(value: Pick<ValidDeployment, "url" | "cacheProfile">): string[] {
  const warnings: string[] = [];
  if (value.url.startsWith("s3://") && !value.cacheProfile) {
    warnings.push("s3:// without a cache profile: every replica downloads the model from the bucket when it starts");
  }
  return warnings;
}

const addIssues = (ctx: z.RefinementCtx, issues: FieldIssue[]) => {
  for (const issue of issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
};

/** A new KubeAI deployment: CRD rules and Modelport's rules are errors. */
export const kubeaiDeploymentInputSchema = deploymentFields
  .superRefine((value, ctx) => {
    const { count: profileCount } = splitResourceProfile(value.resourceProfile);
    if (profileCount !== null && value.instanceCount != null && value.instanceCount !== profileCount) {
      ctx.addIssue({
        code: "custom",
        path: ["instanceCount"],
        message: `resourceProfile already says ${profileCount}; send one or the other`,
      });
    }
    const normalized = normalize(value);
    addIssues(ctx, [...crdRuleIssues(normalized), ...sizeIssues(normalized), ...modelportRuleIssues(normalized)]);
  })
  .transform(normalize)
  .meta({ id: "KubeAIDeploymentInput" });
export type KubeAIDeploymentInput = z.input<typeof kubeaiDeploymentInputSchema>;

/** A new deployment of either backend, told apart by `backend` (kubeai when absent, so older bodies keep working). */
export const deploymentInputSchema = z
  .discriminatedUnion("backend", [kubeaiDeploymentInputSchema, kserveDeploymentInputSchema], {
    error: (issue) => (issue.code === "invalid_union" ? `backend must be one of ${DEPLOYMENT_BACKENDS.join(", ")}` : undefined),
  })
  .meta({ id: "DeploymentInput" });
export type DeploymentInput = z.input<typeof deploymentInputSchema>;
/** A validated deployment of either backend, as the services take it. */
export type AnyValidDeployment = ValidDeployment | ValidKServeDeployment;

/** If set, the update fails with 409 when the object (resourceVersion) or its spec (generation) changed since. */
const patchGuards = {
  resourceVersion: plainText(64).min(1).describe("If set, the update fails with 409 when the object changed in any way since this version"),
  generation: z
    .number()
    .int()
    .min(1)
    .describe("If set, the update fails with 409 when the spec changed since this generation (status updates do not count)"),
};

/** What PATCH may change on a KubeAI deployment; null clears an optional field, as in a JSON merge patch. Name,
 * namespace and engine stay. Written out rather than derived with .partial(): a partial keeps the defaults, and a
 * patch must not reset fields. */
const kubeaiPatchFields = z.object({
  url: urlSchema,
  features: deploymentFields.shape.features,
  resourceProfile: resourceProfileSchema.nullable(),
  instanceCount: count(1, DEPLOYMENT_LIMITS.instanceCount),
  replicas: count(0, DEPLOYMENT_LIMITS.replicas).nullable(),
  minReplicas: count(0, DEPLOYMENT_LIMITS.replicas),
  maxReplicas: count(1, DEPLOYMENT_LIMITS.replicas).nullable(),
  targetRequests: count(1, 1_000_000),
  scaleDownDelaySeconds: count(0, 7 * 86_400),
  args: argsSchema,
  env: envSchema,
  files: filesSchema,
  proxy: proxyMetadataSchema,
  cacheProfile: cacheProfileSchema.nullable(),
});

const profileCountAgrees = (patch: { resourceProfile?: string | null; instanceCount?: number }, ctx: z.RefinementCtx) => {
  const { count: profileCount } = splitResourceProfile(patch.resourceProfile);
  if (profileCount !== null && patch.instanceCount !== undefined && patch.instanceCount !== profileCount) {
    ctx.addIssue({
      code: "custom",
      path: ["instanceCount"],
      message: `resourceProfile already says ${profileCount}; send one or the other`,
    });
  }
};

export const kubeaiPatchSchema = kubeaiPatchFields.extend(patchGuards).partial().strict().superRefine(profileCountAgrees);
export type DeploymentPatch = z.infer<typeof kubeaiPatchSchema>;

/**
 * PATCH's body: the fields of either backend. The deployment's own backend then checks it with its schema
 * (`patchSchemaFor`), so a field the other backend has is refused naming the field.
 */
export const deploymentPatchSchema = z
  .object({ ...kservePatchSchema.shape, ...kubeaiPatchFields.shape, ...patchGuards })
  .partial()
  .strict()
  .superRefine(profileCountAgrees)
  .meta({ id: "DeploymentPatch", description: "Fields of the deployment's backend only; null clears an optional field" });
export type AnyDeploymentPatch = z.infer<typeof deploymentPatchSchema>;

const PATCH_SCHEMAS = { kubeai: kubeaiPatchSchema, kserve: kservePatchSchema } as const;
const PATCH_FIELDS = { kubeai: Object.keys(kubeaiPatchSchema.shape), kserve: Object.keys(kservePatchSchema.shape) };

/** A patch checked against one backend's own schema: its fields only, with its bounds. */
export function patchSchemaFor(backend: DeploymentBackendName): z.ZodType<Record<string, unknown>> {
  const fields = PATCH_FIELDS[backend];
  return z.unknown().transform((value, ctx) => {
    const record = (value ?? {}) as Record<string, unknown>;
    const foreign = Object.keys(record).filter((key) => !fields.includes(key));
    for (const key of foreign) ctx.addIssue({ code: "custom", path: [key], message: `${key} does not apply to a ${backend} deployment` });
    if (foreign.length > 0) return z.NEVER;
    const parsed = PATCH_SCHEMAS[backend].safeParse(record);
    if (parsed.success) return parsed.data as Record<string, unknown>;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
    return z.NEVER;
  });
}

export const createQuerySchema = z.object({
  dryRun: z.enum(["All"]).optional().describe("All: the API server checks it as for real, and nothing is stored"),
});

export const deploymentListQuerySchema = z.object({
  namespace: namespaceSchema.optional(),
  backend: z.enum(DEPLOYMENT_BACKENDS).optional().describe("Only deployments this backend serves"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  continue: plainText(4096).min(1).optional(),
});
export type DeploymentListQuery = z.infer<typeof deploymentListQuerySchema>;

export const deploymentWatchQuerySchema = z.object({
  namespace: z
    .union([namespaceSchema, z.literal("")])
    .optional()
    .describe("Only this tenant; all visible tenants when absent"),
});

export const deploymentEventSchema = z.object({
  type: z.string(),
  reason: z.string(),
  message: z.string(),
  count: z.number().optional(),
  lastTimestamp: z.string().nullable(),
  source: z.string().optional(),
});
export type DeploymentEvent = z.infer<typeof deploymentEventSchema>;

/** What every deployment shows, whatever serves it. */
const viewCommon = {
  name: z.string(),
  namespace: z.string(),
  minReplicas: z.number(),
  maxReplicas: z.number().nullable(),
  resourceProfile: z.string().nullable().describe("<profile>:<count>"),
  args: z.array(z.string()),
  env: z.record(z.string(), z.string()),
  proxy: proxyMetadataSchema,
  uid: z.string(),
  resourceVersion: z.string(),
  generation: z.number().nullable().describe("metadata.generation: moves only when the spec changes; send it back on PATCH"),
  createdAt: z.string().nullable(),
  owner: z.string().nullable(),
  profile: z.string().nullable().describe("The profile part of resourceProfile"),
  replicaStatus: z.object({ desired: z.number(), all: z.number(), ready: z.number() }),
  status: z.enum(DEPLOYMENT_STATUSES),
  statusMessage: z.string().nullable(),
  warnings: z.array(z.string()).optional().describe("On create and update: choices that work but may surprise"),
  changes: z
    .array(objectChangeSchema)
    .optional()
    .describe("On an update with ?dryRun=All: what would change in the object (its spec, labels and annotations), nothing stored"),
};

/** A KubeAI deployment as GET returns it: the request's fields (so it can be sent back), then what the cluster says. */
export const kubeaiDeploymentSchema = z
  .object({
    backend: z.literal("kubeai"),
    ...viewCommon,
    url: z.string(),
    engine: z.string(),
    features: z.array(z.string()),
    resourceProfile: z.string().nullable().describe("As on the Model: <profile>:<count>"),
    instanceCount: z.number().nullable(),
    replicas: z.number().nullable().describe("spec.replicas; null lets KubeAI autoscale between min and max"),
    targetRequests: z.number().nullable(),
    scaleDownDelaySeconds: z.number().nullable(),
    cacheProfile: z.string().nullable(),
    files: z.array(z.object({ path: z.string(), content: z.string() })).describe("spec.files: mounted in the pods"),
    endpoint: z.string().describe("OpenAI-compatible base URL inside the cluster (KubeAI's service); the model is `name`"),
    object: z.record(z.string(), z.unknown()).describe("The KubeAI Model exactly as the Kubernetes API returned it"),
  })
  .meta({ id: "KubeAIDeployment" });
export type KubeAIDeployment = z.infer<typeof kubeaiDeploymentSchema>;

export const conditionSchema = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  message: z.string().nullable(),
  lastTransitionTime: z.string().nullable(),
});
export type Condition = z.infer<typeof conditionSchema>;

/** A KServe deployment as GET returns it: the request's fields (so it can be sent back), then what the cluster says. */
export const kserveDeploymentSchema = z
  .object({
    backend: z.literal("kserve"),
    ...viewCommon,
    modelFormat: z.object({ name: z.string(), version: z.string().optional() }),
    runtime: z.string().nullable().describe("The ClusterServingRuntime asked for; null: KServe picks one by format"),
    storageUri: z.string(),
    protocol: z.string(),
    scaleTarget: z.number().nullable(),
    scaleMetric: z.string().nullable(),
    resources: z
      .object({
        requests: z.record(z.string(), z.string()).optional(),
        limits: z.record(z.string(), z.string()).optional(),
      })
      .nullable()
      .describe("CPU and memory set beside the profile's"),
    deploymentMode: z.string().nullable().describe("RawDeployment or Serverless; null: the cluster's default"),
    serviceAccountName: z.string().nullable(),
    url: z.string().nullable().describe("status.url: the URL KServe publishes"),
    endpoint: z.string().nullable().describe("status.address.url: the predictor's address inside the cluster"),
    conditions: z.array(conditionSchema).describe("The InferenceService's conditions, Ready and PredictorReady first"),
    object: z.record(z.string(), z.unknown()).describe("The InferenceService exactly as the Kubernetes API returned it"),
  })
  .meta({ id: "KServeDeployment" });
export type KServeDeployment = z.infer<typeof kserveDeploymentSchema>;

/** Formats whose KServe runtime (the Hugging Face server, with or without vLLM) also serves OpenAI's API under /openai. */
export const OPENAI_KSERVE_FORMATS: readonly string[] = ["huggingface", "vLLM"];

/** Whether a deployment answers OpenAI's API (a KubeAI Model always does; an InferenceService by its format). */
export function servesOpenAI(deployment: Pick<KubeAIDeployment, "backend"> | Pick<KServeDeployment, "backend" | "modelFormat">): boolean {
  return deployment.backend === "kubeai" || OPENAI_KSERVE_FORMATS.includes(deployment.modelFormat.name);
}

/** A deployment as GET returns it, told apart by `backend`. */
export const deploymentSchema = z
  .discriminatedUnion("backend", [kubeaiDeploymentSchema, kserveDeploymentSchema])
  .meta({ id: "Deployment" });
export type Deployment = z.infer<typeof deploymentSchema>;

export const litellmSyncSchema = z
  .object({
    step: z.enum(["register", "update", "remove"]),
    state: z.enum(["synced", "failed", "pending"]),
    error: z.string().nullable(),
    at: z.string().describe("When the sync was made (ISO 8601)"),
  })
  .meta({ id: "LiteLLMSync" })
  .describe("The deployment's latest sync with the LiteLLM proxy (only when LITELLM_PROXY_URL is set); any change tries again");
export type LiteLLMSync = z.infer<typeof litellmSyncSchema>;

const withEvents = {
  events: z.array(deploymentEventSchema),
  litellm: litellmSyncSchema.optional(),
  capacityNote: z
    .string()
    .nullable()
    .optional()
    .describe(
      'While Pending on GPUs: what it needs against what the cluster has free, e.g. "needs 2 nvidia.com/gpu of nvidia-gpu-l4 on one node; 1 free"',
    ),
};
export const deploymentDetailSchema = z
  .discriminatedUnion("backend", [kubeaiDeploymentSchema.extend(withEvents), kserveDeploymentSchema.extend(withEvents)])
  .meta({ id: "DeploymentDetail" });
export type DeploymentDetail = z.infer<typeof deploymentDetailSchema>;

export const deploymentListSchema = z
  .object({ items: z.array(deploymentSchema), continue: z.string().optional() })
  .meta({ id: "DeploymentList" });
export type DeploymentList = z.infer<typeof deploymentListSchema>;
