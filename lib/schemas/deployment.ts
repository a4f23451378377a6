// The deployment contract: one zod schema for the advanced form, the HTTP API, the services and OpenAPI.
// It follows KubeAI's Model CRD, its CEL rules included, so a bad input is refused before it reaches the cluster.
import { z } from "zod";

export const ENGINES = ["VLLM", "OLlama", "FasterWhisper", "Infinity"] as const;
export const FEATURES = ["TextGeneration", "TextEmbedding", "Reranking", "SpeechToText"] as const;
export const MODEL_MODES = ["completion", "embedding", "audio-transcription", "reranking"] as const;
export const DEPLOYMENT_STATUSES = ["Pending", "Loading", "Ready", "ScaledToZero", "Failed"] as const;

export type Engine = (typeof ENGINES)[number];
export type Feature = (typeof FEATURES)[number];
export type ModelMode = (typeof MODEL_MODES)[number];
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

export const FEATURES_BY_MODEL_MODE: Record<ModelMode, Feature[]> = {
  completion: ["TextGeneration"],
  embedding: ["TextEmbedding"],
  "audio-transcription": ["SpeechToText"],
  reranking: ["Reranking"],
};

/** KubeAI's CRD caps Model names at 40 characters (a CEL rule on the root). */
export const MAX_NAME_LENGTH = 40;
const NAME_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const URL_SCHEMES = ["hf://", "pvc://", "ollama://", "s3://", "gs://", "oss://"] as const;
const CACHE_ONLY_SCHEMES = ["s3://", "gs://", "oss://"] as const;
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

export const namespaceSchema = z
  .string()
  .min(1, "Namespace is required")
  .max(63)
  .regex(NAME_PATTERN, "Not a valid namespace name");

const count = (minimum: number) => z.number().int("Must be a whole number").min(minimum, `Must be at least ${minimum}`);

export const proxyMetadataSchema = z
  .object({
    timeout: count(1).optional().describe("Request timeout in seconds"),
    stream_timeout: count(1).optional().describe("Streaming timeout in seconds"),
    max_retries: count(0).optional(),
    model_mode: z.enum(MODEL_MODES).optional(),
    max_input_tokens: count(1).optional(),
    max_output_tokens: count(1).optional(),
    embedding_dimensions: count(1).optional(),
  })
  .strict();

const deploymentFields = z.object({
  name: deploymentNameSchema,
  namespace: namespaceSchema,
  url: z.string().trim().min(1, "URL is required"),
  engine: z.enum(ENGINES),
  features: z.array(z.enum(FEATURES)).min(1, "Choose at least one feature"),
  resourceProfile: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, "Not a resource profile name")
    .optional()
    .describe("KubeAI resource profile, e.g. nvidia-gpu-l4; combined with instanceCount as <profile>:<count>"),
  instanceCount: count(1).default(1).describe("Accelerators (or CPU units) per replica"),
  replicas: count(0).optional(),
  minReplicas: count(0).default(0),
  maxReplicas: count(1).optional(),
  targetRequests: count(1).default(100),
  scaleDownDelaySeconds: count(0).default(30),
  cacheProfile: z.string().min(1).optional(),
  args: z.array(z.string()).default([]),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, "Not a valid variable name"), z.string()).default({}),
  proxy: proxyMetadataSchema.default({}),
});

type FieldsShape = z.infer<typeof deploymentFields>;

/** The CRD's URL and scaling rules, as one refinement shared by create and update. */
function checkDeploymentRules(value: FieldsShape, ctx: z.RefinementCtx): void {
  const { url, engine, cacheProfile } = value;
  if (!URL_SCHEMES.some((scheme) => url.startsWith(scheme))) {
    ctx.addIssue({ code: "custom", path: ["url"], message: `URL must start with ${URL_SCHEMES.join(", ")}` });
  } else if (url.startsWith("ollama://") && engine !== "OLlama") {
    ctx.addIssue({ code: "custom", path: ["url"], message: "ollama:// URLs are only for the OLlama engine" });
  } else if (CACHE_ONLY_SCHEMES.some((scheme) => url.startsWith(scheme)) && !cacheProfile) {
    ctx.addIssue({ code: "custom", path: ["url"], message: `${url.split("://")[0]}:// URLs need a cache profile` });
  } else if (cacheProfile && !CACHEABLE_SCHEMES.some((scheme) => url.startsWith(scheme))) {
    ctx.addIssue({
      code: "custom",
      path: ["cacheProfile"],
      message: "A cache profile works only with hf://, s3://, gs:// or oss:// URLs",
    });
  } else if (!hasModelPath(url)) {
    ctx.addIssue({ code: "custom", path: ["url"], message: "URL needs a model after the scheme" });
  } else if (url.startsWith("pvc://") && !/^pvc:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(\/.*)?$/.test(url)) {
    ctx.addIssue({ code: "custom", path: ["url"], message: "Use pvc://<pvc-name>[/<path>]" });
  }
  if (value.maxReplicas !== undefined && value.minReplicas > value.maxReplicas) {
    ctx.addIssue({ code: "custom", path: ["maxReplicas"], message: "Max replicas must be at least min replicas" });
  }
  if (value.proxy.model_mode) {
    const expected = FEATURES_BY_MODEL_MODE[value.proxy.model_mode];
    if (!expected.every((feature) => value.features.includes(feature))) {
      ctx.addIssue({
        code: "custom",
        path: ["features"],
        message: `Model mode ${value.proxy.model_mode} needs feature ${expected.join(", ")}`,
      });
    }
  }
}

function hasModelPath(url: string): boolean {
  return url.slice(url.indexOf("://") + 3).replace(/^\/+/, "").length > 0;
}

export const deploymentInputSchema = deploymentFields.superRefine(checkDeploymentRules);

/** An existing Model re-checked after a patch: its name may predate Modelport's stricter rule for new names. */
export const existingDeploymentSchema = deploymentFields
  .extend({ name: objectNameSchema.max(MAX_NAME_LENGTH) })
  .superRefine(checkDeploymentRules);
export type DeploymentInput = z.input<typeof deploymentInputSchema>;
export type ValidDeployment = z.output<typeof deploymentInputSchema>;

/** What PATCH may change: scaling, args, env, profile and proxy metadata; name, namespace and engine stay.
 * Written out rather than derived with .partial(): a partial keeps the defaults, and a patch must not reset fields. */
export const deploymentPatchSchema = z
  .object({
    url: deploymentFields.shape.url,
    features: deploymentFields.shape.features,
    // null clears an optional field, as in a JSON merge patch.
    resourceProfile: deploymentFields.shape.resourceProfile.unwrap().nullable(),
    instanceCount: count(1),
    replicas: count(0).nullable(),
    minReplicas: count(0),
    maxReplicas: count(1).nullable(),
    targetRequests: count(1),
    scaleDownDelaySeconds: count(0),
    args: z.array(z.string()),
    env: deploymentFields.shape.env.unwrap(),
    proxy: proxyMetadataSchema,
    cacheProfile: z.string().min(1).nullable(),
    resourceVersion: z.string().min(1).describe("If set, the update fails with 409 when the deployment changed since this version"),
  })
  .partial()
  .strict();
export type DeploymentPatch = z.infer<typeof deploymentPatchSchema>;

/** Re-checks a whole deployment after a patch is merged into it. */
export function validateDeployment(value: DeploymentInput) {
  return deploymentInputSchema.safeParse(value);
}

export const createQuerySchema = z.object({
  dryRun: z.enum(["All"]).optional().describe("All: validate against the cluster and create nothing"),
});

export const deploymentListQuerySchema = z.object({
  namespace: namespaceSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  continue: z.string().min(1).optional(),
});
export type DeploymentListQuery = z.infer<typeof deploymentListQuerySchema>;

export const deploymentEventSchema = z.object({
  type: z.string(),
  reason: z.string(),
  message: z.string(),
  count: z.number().optional(),
  lastTimestamp: z.string().nullable(),
  source: z.string().optional(),
});
export type DeploymentEvent = z.infer<typeof deploymentEventSchema>;

export const deploymentSchema = z.object({
  name: z.string(),
  namespace: z.string(),
  uid: z.string(),
  resourceVersion: z.string(),
  createdAt: z.string().nullable(),
  owner: z.string().nullable(),
  url: z.string(),
  engine: z.string(),
  features: z.array(z.string()),
  resourceProfile: z.string().nullable().describe("As on the Model: <profile>:<count>"),
  profile: z.string().nullable(),
  instanceCount: z.number().nullable(),
  replicas: z.object({
    requested: z.number().nullable().describe("spec.replicas; null lets KubeAI autoscale between min and max"),
    desired: z.number(),
    all: z.number(),
    ready: z.number(),
    min: z.number(),
    max: z.number().nullable(),
  }),
  targetRequests: z.number().nullable(),
  scaleDownDelaySeconds: z.number().nullable(),
  cacheProfile: z.string().nullable(),
  args: z.array(z.string()),
  env: z.record(z.string(), z.string()),
  proxy: proxyMetadataSchema,
  status: z.enum(DEPLOYMENT_STATUSES),
  statusMessage: z.string().nullable(),
  endpoint: z.string().describe("OpenAI-compatible base URL inside the cluster"),
  object: z.record(z.string(), z.unknown()).describe("The KubeAI Model exactly as the Kubernetes API returned it"),
});
export type Deployment = z.infer<typeof deploymentSchema>;

export const deploymentListSchema = z.object({
  items: z.array(deploymentSchema),
  continue: z.string().optional(),
});
export type DeploymentList = z.infer<typeof deploymentListSchema>;
