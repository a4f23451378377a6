// Every environment variable Modelport reads, parsed once with zod; the only reader of process.env.
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

export const SECRET_MIN_LENGTH = 32;

// Session cookies, the admin bearer token and the metrics token are only as strong as these strings.
const secret = optionalString.refine(
  (value) => value === undefined || value.length >= SECRET_MIN_LENGTH,
  `must be at least ${SECRET_MIN_LENGTH} characters (generate one with: openssl rand -base64 32)`,
);

// "10.0.0.7", "fd00::1", "10.0.0.0/8": the peers whose X-Forwarded-* headers are believed.
const proxyList = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .superRefine((entries, ctx) => {
    for (const entry of entries) {
      if (!isAddressOrRange(entry)) ctx.addIssue({ code: "custom", message: `"${entry}" is not an IP address or CIDR range` });
    }
  });

function isAddressOrRange(entry: string): boolean {
  const [address = "", prefix, extra] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // An IP address or "localhost" to listen on. Unset (or anything else, see listenHostOf): 127.0.0.1 with the
  // development users (they share a published password), else 0.0.0.0.
  HOSTNAME: optionalString,
  TRUSTED_PROXIES: proxyList,
  MODELPORT_PUBLIC_URL: optionalString,
  MODELPORT_DATA_DIR: z.string().default(".modelport"),
  DATABASE_URL: optionalString,
  KUBECONFIG: optionalString,
  MODELPORT_CLUSTER: z.enum(["auto", "sandbox", "kubeconfig", "in-cluster"]).default("auto"),
  KUBERNETES_SERVICE_HOST: optionalString,
  KEYCLOAK_ISSUER: optionalString,
  KEYCLOAK_CLIENT_ID: optionalString,
  KEYCLOAK_CLIENT_SECRET: optionalString,
  OIDC_AUDIENCE: optionalString,
  // 1: bearer tokens are also checked at the issuer (RFC 7662 introspection, cached a few seconds), so a token
  // revoked or a session ended there stops working at once.
  OIDC_INTROSPECTION: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((value) => value === "1" || value === "true"),
  MODELPORT_ADMIN_ROLE: z.string().default("modelport-admin"),
  MODELPORT_DEV_PASSWORD: z.string().min(1).default("modelport"),
  MODELPORT_ALLOW_DEV_IDENTITY: z
    .enum(["0", "1", "true", "false"])
    .default("0")
    .transform((value) => value === "1" || value === "true"),
  MODELPORT_ADMIN_TOKEN: secret,
  NEXTAUTH_SECRET: secret,
  METRICS_TOKEN: secret,
  // Failed passwords per username and client before a brief lockout; the lockout's length in seconds.
  MODELPORT_SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  MODELPORT_SIGNIN_LOCKOUT_SECONDS: z.coerce.number().int().min(1).max(86400).default(60),
  MODELPORT_DEFAULT_NAMESPACE: z.string().default("kubeai"),
  // The namespace KubeAI itself runs in: deployments are called through its Service there.
  KUBEAI_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, "must be a namespace name")
    .default("kubeai"),
  // KubeAI's configuration (resource profiles): the ConfigMap its Helm chart writes, `<release>-config`.
  KUBEAI_CONFIGMAP: z.string().min(1).default("kubeai-config"),
  // The gateway's upstreams, as URL templates with {namespace} and {name}: KubeAI's OpenAI endpoint for a Model
  // (default http://kubeai.<KUBEAI_NAMESPACE>.svc.cluster.local/openai) and an InferenceService's address (default its
  // status.address.url). With the sandbox cluster and no template, its simulated model servers answer.
  MODELPORT_UPSTREAM_KUBEAI: optionalString,
  MODELPORT_UPSTREAM_KSERVE: optionalString,
  // Rate limits (published models' keys, and every /api/v1 caller): in process, or in Redis shared by all replicas.
  // When Redis does not answer, limited requests fail with 503 (closed) or pass unlimited (open).
  REDIS_URL: optionalString,
  RATE_LIMIT_FAILURE_MODE: z.enum(["closed", "open"]).default("closed"),
  // The management API's own limit per caller: requests per minute, and at most this many in one second.
  RATE_LIMIT_REQUESTS: z.coerce.number().int().min(1).max(1_000_000).default(100),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(10),
  // A LiteLLM proxy teams already run as their OpenAI-compatible layer: deployments are registered there too.
  LITELLM_PROXY_URL: optionalString,
  LITELLM_MASTER_KEY: optionalString,
  // The Hugging Face Hub (or a mirror speaking its API): model configs for sizing. The token reads gated models.
  HF_ENDPOINT: z.url().default("https://huggingface.co"),
  HUGGINGFACE_API_TOKEN: optionalString,
  // The name huggingface_hub and @huggingface/hub read; either works, HUGGINGFACE_API_TOKEN wins when both are set.
  HF_TOKEN: optionalString,
  // Background jobs (imports): this process serves HTTP and runs jobs (all), only serves (web), or only runs jobs
  // (worker: N web replicas and M workers share one queue in the database).
  MODELPORT_ROLE: z.enum(["all", "web", "worker"]).default("all"),
  MODELPORT_JOB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  // A transfer that moves no bytes for this long is retried with back-off, then failed.
  MODELPORT_IMPORT_STALL_SECONDS: z.coerce.number().positive().max(3600).default(60),
  // Where imported weights go: a directory standing for a PVC (mounted at WEIGHTS_STORAGE_PATH, served to engines as
  // pvc://WEIGHTS_PVC_NAME/…), or an S3 bucket (s3://S3_BUCKET/…). auto: S3 when S3_BUCKET is set.
  MODELPORT_ARTIFACT_STORE: z.enum(["auto", "pvc", "s3"]).default("auto"),
  WEIGHTS_STORAGE_PATH: optionalString,
  WEIGHTS_PVC_NAME: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a Kubernetes object name")
    .default("modelport-weights"),
  // The share of the weights volume in use (0–1, as the Model Manager reads it) above which /api/v1/weights/usage warns.
  PVC_ALERT_THRESHOLD: z.coerce.number().gt(0).max(1).default(0.85),
  // Where notifications are POSTed (a deployment failed, an import failed, storage past PVC_ALERT_THRESHOLD, a tenant at
  // its quota): JSON, or Slack's format for a hooks.slack.com URL. Both hold a secret in their path; logs show the host.
  NOTIFY_WEBHOOK_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  // The Model Manager's name for it, used when NOTIFY_WEBHOOK_URL is unset; always sent in Slack's format.
  SLACK_WEBHOOK_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  // How often the worker checks for deployments that turned Failed and tenants at their quota (with a webhook set).
  MODELPORT_ALERT_INTERVAL_SECONDS: z.coerce.number().min(1).max(3600).default(30),
  S3_ENDPOINT: optionalString,
  S3_BUCKET: optionalString,
  S3_REGION: z.string().default("us-east-1"),
  S3_PREFIX: z.string().default(""),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  // Path-style addressing (http://host/bucket/key), which MinIO and most S3-compatible servers need.
  S3_FORCE_PATH_STYLE: z
    .enum(["0", "1", "true", "false"])
    .optional()
    .transform((value) => (value === undefined ? undefined : value === "1" || value === "true")),
  // The repository: MLflow when set (token, or basic auth with username and password), else the built-in registry.
  MLFLOW_TRACKING_URI: optionalString,
  MLFLOW_TRACKING_TOKEN: optionalString,
  MLFLOW_TRACKING_USERNAME: optionalString,
  MLFLOW_TRACKING_PASSWORD: optionalString,
  // OpenBao / Vault, where S3 imports may find their credentials: a token, or Kubernetes auth with a role.
  OPENBAO_ADDR: optionalString,
  OPENBAO_TOKEN: optionalString,
  OPENBAO_NAMESPACE: optionalString,
  OPENBAO_K8S_ROLE: optionalString,
  OPENBAO_K8S_MOUNT: z.string().default("kubernetes"),
  OPENBAO_K8S_TOKEN_PATH: z.string().default("/var/run/secrets/kubernetes.io/serviceaccount/token"),
  // When set (e.g. "secret/tenants/{tenant}/"), a tenant's imports may only name OpenBao secrets below its own prefix.
  OPENBAO_TENANT_PREFIX: optionalString,
  // A catalog of presets kept as files (a git-synced folder), reloaded when older than the interval.
  MODEL_CATALOG_ROOT: z.string().min(1).optional(),
  MODEL_CATALOG_MODELS_SUBDIR: z.string().default("models"),
  CATALOG_REFRESH_INTERVAL: z
    .string()
    .default("30s")
    .transform((value, ctx) => {
      const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
      if (!match) {
        ctx.addIssue({ code: "custom", message: 'must be a duration such as "30s", "5m" or "1h"' });
        return z.NEVER;
      }
      const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? "s"] ?? 1000;
      return Number(match[1]) * unit;
    })
    .describe("Milliseconds once parsed"),
  // GPU facts per resource profile (memory, GPUs per node, hourly price, node product labels) over the bundled ones.
  GPU_PROFILE_PATH: z.string().min(1).optional(),
  MODELPORT_MAX_DEPLOYMENTS_PER_TENANT: z.coerce.number().int().min(1).default(200),
  MODELPORT_MAX_PAGE_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(4 * 1024 * 1024),
  MODELPORT_SEED_TENANTS: z.string().default("kubeai,tenant-a,tenant-b"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // Live streams: how many one caller may hold open, how long one cluster watch request lasts before it is
  // re-opened, and how often a stream re-checks that its caller and tenants are still valid.
  MODELPORT_MAX_STREAMS_PER_CALLER: z.coerce.number().int().min(1).default(5),
  MODELPORT_WATCH_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  MODELPORT_STREAM_RECHECK_SECONDS: z.coerce.number().positive().max(300).default(5),
});

export type RawConfig = z.infer<typeof configSchema>;

export interface Config extends RawConfig {
  /** Where the server listens: HOSTNAME when it is an IP address or "localhost", else the identity provider's default. */
  listenHost: string;
  /** HOSTNAME's value when it was not used (a machine or container name nobody chose to listen on). */
  ignoredHostname?: string;
  dataDir: string;
  publicUrl: string;
  /** Which identity provider signs users in: Keycloak when all three KEYCLOAK_* variables are set. */
  identity: "keycloak" | "embedded";
  /** Issuer whose JWTs are accepted as bearer tokens and that next-auth signs in with. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  audience: string;
  seedTenants: string[];
  /** WEIGHTS_STORAGE_PATH, or `weights` in the data directory. */
  weightsPath: string;
  artifactStore: "pvc" | "s3";
  /** HUGGINGFACE_API_TOKEN or HF_TOKEN. */
  hubToken?: string;
}

export class ConfigError extends Error {}

/** Parses an environment (process.env by default) into a Config, naming each bad variable. */
export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  const raw = parsed.data;
  const keycloakVars = [raw.KEYCLOAK_ISSUER, raw.KEYCLOAK_CLIENT_ID, raw.KEYCLOAK_CLIENT_SECRET];
  const keycloakCount = keycloakVars.filter(Boolean).length;
  if (keycloakCount > 0 && keycloakCount < 3) {
    throw new ConfigError("Invalid configuration:\n  KEYCLOAK_ISSUER, KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET must be set together");
  }
  // OAuth redirect URIs must use localhost: Next rewrites 127.0.0.1 to localhost in request URLs.
  const publicUrl = (raw.MODELPORT_PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, "");
  const identity = keycloakCount === 3 ? "keycloak" : "embedded";
  const clientId = raw.KEYCLOAK_CLIENT_ID ?? "modelport";
  if (raw.MODELPORT_ROLE !== "all" && !raw.DATABASE_URL) {
    throw new ConfigError(
      `Invalid configuration:\n  MODELPORT_ROLE=${raw.MODELPORT_ROLE} needs DATABASE_URL: web and worker processes share their jobs through PostgreSQL (the embedded PGlite belongs to one process)`,
    );
  }
  if (raw.MODELPORT_ARTIFACT_STORE === "s3" && !raw.S3_BUCKET) {
    throw new ConfigError("Invalid configuration:\n  MODELPORT_ARTIFACT_STORE=s3 needs S3_BUCKET");
  }
  const dataDir = path.resolve(raw.MODELPORT_DATA_DIR);
  return {
    ...raw,
    ...listenHostOf(raw.HOSTNAME, identity),
    dataDir,
    publicUrl,
    identity,
    issuer: raw.KEYCLOAK_ISSUER?.replace(/\/$/, "") ?? `${publicUrl}/oidc`,
    clientId,
    // The embedded issuer's client secret only guards a loopback flow; it is derived, not configured.
    clientSecret: raw.KEYCLOAK_CLIENT_SECRET ?? "modelport-embedded-client",
    audience: raw.OIDC_AUDIENCE ?? (identity === "keycloak" ? clientId : "modelport"),
    seedTenants: raw.MODELPORT_SEED_TENANTS.split(",")
      .map((name) => name.trim())
      .filter(Boolean),
    weightsPath: path.resolve(raw.WEIGHTS_STORAGE_PATH ?? path.join(dataDir, "weights")),
    artifactStore: raw.MODELPORT_ARTIFACT_STORE === "auto" ? (raw.S3_BUCKET ? "s3" : "pvc") : raw.MODELPORT_ARTIFACT_STORE,
    hubToken: raw.HUGGINGFACE_API_TOKEN ?? raw.HF_TOKEN,
  };
}

/**
 * HOSTNAME is often set without anyone choosing it: Docker sets it to the container id, and /etc/profile on RHEL and
 * Fedora exports the machine's name. Listening on that name would expose the development users on the network, so
 * only an IP address or "localhost" counts as a choice; anything else is ignored (and the banner says so).
 */
export function listenHostOf(hostname: string | undefined, identity: Config["identity"]): Pick<Config, "listenHost" | "ignoredHostname"> {
  const fallback = identity === "embedded" ? "127.0.0.1" : "0.0.0.0";
  if (hostname === undefined) return { listenHost: fallback };
  // "[::1]" as in a URL means the address ::1, which is how listen() wants it.
  const address = hostname.replace(/^\[(.*)\]$/, "$1");
  if (address === "localhost" || isIP(address) !== 0) return { listenHost: address };
  return { listenHost: fallback, ignoredHostname: hostname };
}

let cached: Config | undefined;

/** The process-wide configuration, parsed on first use. */
export function getConfig(): Config {
  cached ??= parseConfig();
  return cached;
}
