// Every environment variable Modelport reads, parsed once with zod; the only reader of process.env.
import path from "node:path";
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOSTNAME: z.string().default("0.0.0.0"),
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
  MODELPORT_ADMIN_ROLE: z.string().default("modelport-admin"),
  MODELPORT_DEV_PASSWORD: z.string().min(1).default("modelport"),
  MODELPORT_ALLOW_DEV_IDENTITY: z.enum(["0", "1", "true", "false"]).default("0").transform((value) => value === "1" || value === "true"),
  MODELPORT_ADMIN_TOKEN: optionalString,
  NEXTAUTH_SECRET: optionalString,
  MODELPORT_DEFAULT_NAMESPACE: z.string().default("kubeai"),
  MODELPORT_SEED_TENANTS: z.string().default("kubeai,tenant-a,tenant-b"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type RawConfig = z.infer<typeof configSchema>;

export interface Config extends RawConfig {
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
    throw new ConfigError(
      "Invalid configuration:\n  KEYCLOAK_ISSUER, KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET must be set together",
    );
  }
  // OAuth redirect URIs must use localhost: Next rewrites 127.0.0.1 to localhost in request URLs.
  const publicUrl = (raw.MODELPORT_PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, "");
  const identity = keycloakCount === 3 ? "keycloak" : "embedded";
  const clientId = raw.KEYCLOAK_CLIENT_ID ?? "modelport";
  return {
    ...raw,
    dataDir: path.resolve(raw.MODELPORT_DATA_DIR),
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
  };
}

let cached: Config | undefined;

/** The process-wide configuration, parsed on first use. */
export function getConfig(): Config {
  cached ??= parseConfig();
  return cached;
}
