// The model repository, imports and jobs as the API shows and takes them: the Model Installer's snake_case bodies
// (download_hf_model, download_s3_model, register_s3_model, delete_model) and Modelport's own /api/v1 shapes.
import { z } from "zod";
import { namespaceSchema } from "./deployment";
import { registerModelFields } from "./installer";
import { plainText } from "./text";

export const VERSION_STATUSES = ["PENDING_REGISTRATION", "READY", "FAILED_REGISTRATION"] as const;
export const JOB_STATES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export const JOB_KINDS = ["huggingface-import", "s3-import"] as const;

/** A registered model's name: what MLflow allows, less the characters that would break a path or a URL. */
export const registeredModelNameSchema = z
  .string()
  .min(1, "Name is required")
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Use letters, digits, '.', '_' and '-', starting with a letter or digit");

/** `hf-mistralai-Mistral-7B`: the experiment name the Model Installer derives from a model id ("" for none). */
export function experimentNameFor(repo: string): string {
  const trimmed = repo.trim();
  return trimmed ? `hf-${trimmed.replace(/\//g, "-")}` : "";
}

export const hubRepoSchema = z
  .string()
  .regex(/^[A-Za-z0-9][\w.-]*\/[\w.-]+$/, "Must be a Hugging Face model id such as mistralai/Mistral-7B-Instruct-v0.3");

const revisionSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w./-]+$/, "Must be a branch, tag or commit");
const artifactPathSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w.-]+(\/[\w.-]+)*$/, "Must be a relative path such as model")
  .refine((path) => !path.split("/").includes(".."), "Must not contain ..");
const experimentNameSchema = plainText(200);
const s3BucketSchema = z
  .string()
  .min(3)
  .max(63)
  .regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, "Not a valid bucket name");
const s3PrefixSchema = z
  .string()
  .max(1024)
  .regex(/^[^\0]*$/, "Must not contain NUL");

// The /register_model fields a download may carry to deploy the model once it is READY (url comes from the import).
export const registerInferenceSchema = registerModelFields.omit({ url: true, namespace: true }).partial();
/** The /register_model fields a download may carry at its top level, as the Model Installer's body does. */
export const REGISTER_INFERENCE_FIELDS = Object.keys(registerInferenceSchema.shape) as Array<keyof z.infer<typeof registerInferenceSchema>>;

/** Direct S3 credentials, or where to read them: a Kubernetes Secret in the tenant's namespace, or an OpenBao path. */
const s3CredentialFields = {
  aws_access_key_id: z.string().min(1).optional(),
  aws_secret_access_key: z.string().min(1).optional(),
  aws_session_token: z.string().min(1).optional(),
  credentials_secret: z.string().min(1).max(253).optional().describe("A Kubernetes Secret in the namespace holding the keys"),
  openbao_secret_path: z.string().min(1).max(500).optional().describe("An OpenBao / Vault KV v2 path, e.g. secret/modelport/s3/acme"),
  openbao_secret_version: z.number().int().min(1).optional(),
};

function credentialsAgree(body: Record<string, unknown>, ctx: z.RefinementCtx) {
  const direct = body.aws_access_key_id !== undefined || body.aws_secret_access_key !== undefined;
  const references = ["credentials_secret", "openbao_secret_path"].filter((field) => body[field] !== undefined);
  if (direct && (body.aws_access_key_id === undefined || body.aws_secret_access_key === undefined)) {
    const missing = body.aws_access_key_id === undefined ? "aws_access_key_id" : "aws_secret_access_key";
    ctx.addIssue({ code: "custom", path: [missing], message: "Give both aws_access_key_id and aws_secret_access_key" });
  }
  if ((direct ? 1 : 0) + references.length > 1) {
    ctx.addIssue({
      code: "custom",
      path: [references[0] ?? "aws_access_key_id"],
      message: "Give credentials one way: keys, credentials_secret or openbao_secret_path",
    });
  }
}

export const downloadHfModelSchema = z
  .object({
    hf_model_name: hubRepoSchema,
    revision: revisionSchema.default("main"),
    experiment_name: experimentNameSchema.optional().describe("Defaults to hf-<org>-<name>"),
    artifact_path: artifactPathSchema.default("model"),
    registered_model_name: registeredModelNameSchema.optional().describe("Defaults to the model id's name part"),
    hf_token: z.string().min(1).optional().describe("Used for this download only; never stored"),
    namespace: namespaceSchema.optional(),
    register_inference: z.boolean().default(false),
    inference: registerInferenceSchema
      .optional()
      .describe("/register_model fields for register_inference (also accepted at the top level); url is the imported version"),
    ...registerInferenceSchema.shape,
  })
  .strict()
  .meta({ id: "DownloadHfModelRequest" });
export type DownloadHfModelRequest = z.infer<typeof downloadHfModelSchema>;

export const downloadS3ModelSchema = z
  .object({
    bucket: s3BucketSchema,
    prefix: s3PrefixSchema.default(""),
    endpoint: z.url().optional().describe("S3-compatible endpoint, e.g. http://minio:9000; AWS when absent"),
    region: z.string().min(1).max(64).default("us-east-1"),
    model_name: registeredModelNameSchema,
    experiment_name: experimentNameSchema.optional(),
    artifact_path: artifactPathSchema.default("model"),
    namespace: namespaceSchema.optional(),
    register_inference: z.boolean().default(false),
    inference: registerInferenceSchema.optional(),
    ...registerInferenceSchema.shape,
    ...s3CredentialFields,
  })
  .strict()
  .superRefine(credentialsAgree)
  .meta({ id: "DownloadS3ModelRequest" });
export type DownloadS3ModelRequest = z.infer<typeof downloadS3ModelSchema>;

export const registerS3ModelSchema = z
  .object({
    s3_uri: z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, "Must be s3://<bucket>/<path>"),
    model_name: registeredModelNameSchema,
    endpoint: z.url().optional(),
    region: z.string().min(1).max(64).default("us-east-1"),
    description: plainText(2000).optional(),
    tags: z.record(z.string().max(250), z.string().max(5000)).optional(),
    namespace: namespaceSchema.optional(),
    ...s3CredentialFields,
  })
  .strict()
  .superRefine(credentialsAgree)
  .meta({ id: "RegisterS3ModelRequest" });
export type RegisterS3ModelRequest = z.infer<typeof registerS3ModelSchema>;

export const deleteModelSchema = z
  .object({
    model_name: registeredModelNameSchema,
    version: z.union([z.string().regex(/^[1-9]\d*$/, "Must be a version number"), z.number().int().min(1)]).optional(),
    delete_artifacts: z.boolean().default(false),
    force: z.boolean().default(false).describe("Delete even while a deployment uses the version"),
    namespace: namespaceSchema.optional(),
  })
  .strict()
  .meta({ id: "DeleteModelRequest" });
export type DeleteModelRequest = z.infer<typeof deleteModelSchema>;

// ---- what the API shows ----

export const modelVersionSchema = z
  .object({
    namespace: z.string(),
    name: z.string(),
    version: z.string(),
    status: z.enum(VERSION_STATUSES),
    statusMessage: z.string().nullable(),
    source: z.string(),
    deployableUrl: z.string().nullable().describe("What a deployment's url uses: pvc://… or s3://…; null when not deployable"),
    description: z.string().nullable(),
    tags: z.record(z.string(), z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
    createdBy: z.string().nullable(),
    usedBy: z.array(z.object({ namespace: z.string(), name: z.string() })).describe("Deployments whose url is this version's"),
  })
  .meta({ id: "ModelVersion" });
export type ModelVersionView = z.infer<typeof modelVersionSchema>;

export const artifactFileSchema = z.object({ path: z.string(), bytes: z.number() });

export const modelVersionDetailSchema = modelVersionSchema
  .extend({ files: z.array(artifactFileSchema), bytes: z.number().describe("Total size of the version's files") })
  .meta({ id: "ModelVersionDetail" });

export const registeredModelSchema = z
  .object({
    namespace: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    tags: z.record(z.string(), z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
    latestVersion: modelVersionSchema.nullable(),
  })
  .meta({ id: "RegisteredModel" });

export const registeredModelDetailSchema = registeredModelSchema
  .extend({ versions: z.array(modelVersionSchema) })
  .meta({ id: "RegisteredModelDetail" });

export const repositoryListQuerySchema = z.object({
  namespace: namespaceSchema.optional(),
  search: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  status: z.enum(VERSION_STATUSES).optional().describe("Only models whose latest version has this status"),
});

export const registeredModelListSchema = z.object({
  items: z.array(registeredModelSchema),
  nextCursor: z.string().nullable(),
  repository: z.enum(["builtin", "mlflow"]),
});

export const jobFileSchema = z.object({
  path: z.string(),
  bytesDone: z.number(),
  bytesTotal: z.number().nullable(),
  sha256: z.string().nullable(),
  state: z.enum(["pending", "running", "done", "failed", "skipped"]),
});

export const jobSchema = z
  .object({
    id: z.string(),
    namespace: z.string(),
    kind: z.enum(JOB_KINDS),
    state: z.enum(JOB_STATES),
    source: z.string().describe("hf://org/name@revision or s3://bucket/prefix"),
    target: z.object({ model: z.string(), artifactPath: z.string() }),
    progress: z.object({
      bytesDone: z.number(),
      bytesTotal: z.number().nullable(),
      filesDone: z.number(),
      filesTotal: z.number(),
      bytesPerSecond: z.number().nullable(),
      etaSeconds: z.number().nullable(),
    }),
    files: z.array(jobFileSchema),
    error: z.string().nullable(),
    result: z
      .object({ model: z.string(), version: z.string(), deployableUrl: z.string().nullable(), deployment: z.string().nullable() })
      .nullable(),
    log: z.array(z.object({ at: z.string(), level: z.enum(["info", "warn", "error"]), message: z.string() })),
    attempts: z.number(),
    cancelRequested: z.boolean().describe("A cancel was asked for; the job ends within a second"),
    createdBy: z.string(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: "Job" });
export type JobView = z.infer<typeof jobSchema>;

export const jobListQuerySchema = z.object({
  namespace: namespaceSchema.optional(),
  state: z.enum(JOB_STATES).optional(),
  kind: z.enum(JOB_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const jobListSchema = z.object({ items: z.array(jobSchema) });

/** S3 credentials in /api/v1 bodies: keys, a Kubernetes Secret in the namespace, or an OpenBao / Vault KV v2 path. */
const s3CredentialsSchema = z.union([
  z.object({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1), sessionToken: z.string().min(1).optional() }).strict(),
  z.object({ secret: z.string().min(1).max(253) }).strict(),
  z.object({ openbaoPath: z.string().min(1).max(500), version: z.number().int().min(1).optional() }).strict(),
]);

/** Modelport's own import body: one of two sources, camelCase. */
export const importInputSchema = z
  .discriminatedUnion("source", [
    z
      .object({
        source: z.literal("huggingface"),
        namespace: namespaceSchema,
        repo: hubRepoSchema,
        revision: revisionSchema.default("main"),
        model: registeredModelNameSchema.optional().describe("The registered model; defaults to the repo's name part"),
        artifactPath: artifactPathSchema.default("model"),
        experimentName: experimentNameSchema.optional(),
        hfToken: z.string().min(1).optional(),
        inference: registerInferenceSchema.optional().describe("Deploy the version once READY with these /register_model fields"),
      })
      .strict(),
    z
      .object({
        source: z.literal("s3"),
        namespace: namespaceSchema,
        bucket: s3BucketSchema,
        prefix: s3PrefixSchema.default(""),
        endpoint: z.url().optional(),
        region: z.string().min(1).max(64).default("us-east-1"),
        model: registeredModelNameSchema,
        artifactPath: artifactPathSchema.default("model"),
        experimentName: experimentNameSchema.optional(),
        credentials: s3CredentialsSchema.optional(),
        inference: registerInferenceSchema.optional().describe("Deploy the version once READY with these /register_model fields"),
      })
      .strict(),
  ])
  .meta({ id: "ImportRequest" });
export type ImportInput = z.infer<typeof importInputSchema>;

/** Registering weights already in S3 under /api/v1 (the camelCase form of register_s3_model). */
export const s3VersionInputSchema = z
  .object({
    s3Uri: z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, "Must be s3://<bucket>/<path>"),
    endpoint: z.url().optional(),
    region: z.string().min(1).max(64).default("us-east-1"),
    description: plainText(2000).optional(),
    tags: z.record(z.string().max(250), z.string().max(5000)).optional(),
    credentials: s3CredentialsSchema.optional(),
  })
  .strict()
  .meta({ id: "S3VersionRequest" });
export type S3VersionInput = z.infer<typeof s3VersionInputSchema>;

export const acceptedJobSchema = z.object({ message: z.string(), job_id: z.string(), job: jobSchema });
