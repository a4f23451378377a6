// Values the chart's tests install with, and readers for what the rest of the repository says: the variables
// lib/config.ts reads and the YAML examples and helm commands of chart/README.md.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CHART_DIR = path.join(ROOT, "chart");

const SECRET = "0123456789abcdef0123456789abcdef-test";

/** The least a real install needs: PostgreSQL, a session secret, Keycloak. */
export const MINIMAL = {
  database: { url: "postgres://modelport:pw@postgres:5432/modelport" },
  auth: { nextauthSecret: SECRET },
  keycloak: { issuer: "https://keycloak.example.com/realms/modelport", clientSecret: "client-secret" },
};

/** Every integration on, with values given inline. */
export const EVERYTHING = {
  ...MINIMAL,
  auth: { nextauthSecret: SECRET, adminToken: `${SECRET}-admin`, devPassword: "unused" },
  keycloak: { ...MINIMAL.keycloak, audience: "modelport-api", introspection: true },
  publicUrl: "https://models.example.com",
  trustedProxies: ["10.0.0.0/8", "fd00::/8"],
  seedTenants: ["kubeai", "team-a"],
  env: { RATE_LIMIT_REQUESTS: 200, CATALOG_REFRESH_INTERVAL: "5m", MODEL_CATALOG_ROOT: "/catalog" },
  extraVolumes: [{ name: "catalog", configMap: { name: "presets" } }],
  extraVolumeMounts: [{ name: "catalog", mountPath: "/catalog" }],
  redis: { url: "redis://:pw@redis:6379/0", failureMode: "open" },
  artifactStore: "s3",
  weights: { enabled: true, storageClassName: "cephfs" },
  s3: {
    endpoint: "http://minio:9000",
    bucket: "models",
    prefix: "modelport",
    forcePathStyle: "true",
    accessKeyId: "ak",
    secretAccessKey: "sk",
  },
  mlflow: { trackingUri: "https://mlflow.example.com", token: "mlflow-token", username: "u", password: "p" },
  openbao: {
    address: "https://bao:8200",
    namespace: "ml",
    token: "bao-token",
    kubernetesRole: "modelport",
    tenantPrefix: "secret/tenants/{tenant}/",
  },
  huggingFace: { endpoint: "https://hf-mirror.example.com", token: "hf_token" },
  litellm: { proxyUrl: "http://litellm:4000", masterKey: "sk-master" },
  notifications: { webhookUrl: "https://hooks.example.com/T0/B0/x", slackWebhookUrl: "https://hooks.slack.com/services/T0/B0/x" },
  kubeai: { upstream: "http://kubeai.kubeai.svc/openai" },
  kserve: { upstream: "http://{name}-predictor.{namespace}.svc" },
  serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/modelport" } },
  service: { annotations: { "example.com/scrape": "false" } },
  ingress: {
    enabled: true,
    className: "nginx",
    annotations: { "nginx.ingress.kubernetes.io/proxy-read-timeout": "3600" },
    tls: { enabled: true },
  },
  metrics: { token: `${SECRET}-metrics`, serviceMonitor: { enabled: true, labels: { release: "kube-prometheus-stack" } } },
  grafanaDashboard: { enabled: true, namespace: "monitoring", labels: { team: "ml" }, annotations: { grafana_folder: "Modelport" } },
  imagePullSecrets: [{ name: "registry" }],
  web: { podAnnotations: { a: "b" }, podLabels: { c: "d" }, nodeSelector: { pool: "web" }, tolerations: [{ operator: "Exists" }] },
  worker: {
    affinity: { nodeAffinity: {} },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "zone", whenUnsatisfiable: "ScheduleAnyway" }],
  },
};

/** Every secret setting from Secrets the operator manages. */
export const EXISTING_SECRETS = {
  database: { existingSecret: "pg-app", secretKeys: { url: "uri" } },
  auth: { existingSecret: "modelport-auth" },
  keycloak: { issuer: MINIMAL.keycloak.issuer, existingSecret: "keycloak-client", secretKeys: { clientSecret: "client-secret" } },
  redis: { existingSecret: "redis-url" },
  s3: {
    bucket: "models",
    existingSecret: "bucket-credentials",
    secretKeys: { accessKeyId: "AWS_ACCESS_KEY_ID", secretAccessKey: "AWS_SECRET_ACCESS_KEY" },
  },
  mlflow: { trackingUri: "https://mlflow.example.com", existingSecret: "mlflow" },
  openbao: { address: "https://bao:8200", existingSecret: "bao" },
  huggingFace: { existingSecret: "hf" },
  litellm: { proxyUrl: "http://litellm:4000", existingSecret: "litellm" },
  notifications: { existingSecret: "webhooks" },
  metrics: { existingSecret: "metrics", serviceMonitor: { enabled: true } },
};

/** The variables lib/config.ts reads: the keys of its zod schema. */
export function configVariables(): string[] {
  const source = fs.readFileSync(path.join(ROOT, "lib/config.ts"), "utf8");
  const schema = /const configSchema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(source)?.[1] ?? "";
  return [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]);
}

export function readme(): string {
  return fs.readFileSync(path.join(CHART_DIR, "README.md"), "utf8");
}

/** The ```yaml blocks of chart/README.md: each is a values file. */
export function readmeValueExamples(): string[] {
  return [...readme().matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]);
}

/** The `helm install` and `helm upgrade` commands of chart/README.md that install this chart, continuation lines joined. */
export function readmeHelmCommands(): string[] {
  const shell = [...readme().matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)].map((match) => match[1].replace(/\\\n\s*/g, " "));
  return shell.flatMap((block) => block.split("\n")).filter((line) => /^\s*helm (install|upgrade)\b.* \.\/chart\b/.test(line));
}
