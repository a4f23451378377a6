// Start-up: opens the database, picks the cluster (sandbox or real), prepares identity, publishes the runtime.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { closeDatabase, migrateDatabase, openDatabase } from "@/db/client";
import { createEmbeddedIssuer, type EmbeddedIssuer } from "@/lib/auth/embedded-issuer";
import { ConfigError, type Config } from "@/lib/config";
import { logger, setLogLevel } from "@/lib/observability/logger";
import { setRuntime, type ClusterSource, type Runtime } from "@/lib/runtime";
import { startSandboxCluster, type SandboxCluster, type SandboxClusterOptions } from "@/lib/sandbox";
import { prepareDataDir, restrictToOwner } from "@/lib/server/data-dir";
import { MemoryLimitStore, RedisLimitStore } from "@/lib/gateway/limits";
import { startJobWorker, type JobWorker } from "@/lib/jobs/worker";
import { importHandlers } from "@/lib/services/imports";
import { seedTenants } from "@/lib/services/tenants";
import { listenForGatewayChanges } from "@/lib/services/gateway-cache";
import { stopPublishedLocations } from "@/lib/services/published-locations";
import { stopDeploymentFacts } from "@/lib/services/deployment-facts";
import { stopUsage } from "@/lib/services/usage";
import { startNotifications, stopNotifications } from "@/lib/notifications/notifications";
import { startAlerts } from "@/lib/services/alerts";

export interface StartedRuntime {
  runtime: Runtime;
  sandbox?: SandboxCluster;
  issuer?: EmbeddedIssuer;
  /** Runs background jobs here unless MODELPORT_ROLE=web. */
  worker?: JobWorker;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** PGlite folder; null keeps PGlite in memory (tests). Ignored with DATABASE_URL. */
  pgliteDir?: string | null;
  sandbox?: Omit<SandboxClusterOptions, "dataDir"> & { dataDir?: string };
  /** Tests run their own issuer; the server mounts the embedded one. */
  embeddedIssuer?: boolean;
  /** Job worker timings (tests shorten them); `false` starts no worker whatever MODELPORT_ROLE says. */
  worker?: false | { pollMs?: number; heartbeatMs?: number; staleMs?: number; retryBaseMs?: number };
}

export function chooseCluster(config: Config): "sandbox" | "kubeconfig" | "in-cluster" {
  if (config.MODELPORT_CLUSTER !== "auto") return config.MODELPORT_CLUSTER;
  if (config.KUBECONFIG) return "kubeconfig";
  if (config.KUBERNETES_SERVICE_HOST) return "in-cluster";
  return "sandbox";
}

/** Refuses set-ups that would be unsafe beyond one laptop: development users or per-replica session secrets. */
export function checkDeploymentSafety(config: Config, clusterKind: ReturnType<typeof chooseCluster>): void {
  if (config.identity === "embedded" && clusterKind !== "sandbox" && !config.MODELPORT_ALLOW_DEV_IDENTITY) {
    throw new ConfigError(
      "Invalid configuration:\n  KEYCLOAK_ISSUER, KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET are needed with a real cluster " +
        "(the embedded issuer's development users share one password); set MODELPORT_ALLOW_DEV_IDENTITY=1 to use them anyway",
    );
  }
  if (!config.NEXTAUTH_SECRET && (config.DATABASE_URL || clusterKind !== "sandbox")) {
    throw new ConfigError(
      "Invalid configuration:\n  NEXTAUTH_SECRET must be set with PostgreSQL or a real cluster, the same on every replica, so sessions work on all of them",
    );
  }
}

export async function startRuntime(config: Config, options: StartOptions = {}): Promise<StartedRuntime> {
  setLogLevel(config.LOG_LEVEL);
  const clusterKind = chooseCluster(config);
  checkDeploymentSafety(config, clusterKind);
  prepareDataDir(config.dataDir);
  const pgliteDir = options.pgliteDir === undefined ? path.join(config.dataDir, "db") : options.pgliteDir;
  if (pgliteDir && !config.DATABASE_URL) fs.mkdirSync(pgliteDir, { recursive: true, mode: 0o700 });
  const database = await openDatabase(config.DATABASE_URL, pgliteDir);
  await migrateDatabase(database, config.DATABASE_URL);
  if (pgliteDir && !config.DATABASE_URL) restrictToOwner(pgliteDir);

  let sandbox: SandboxCluster | undefined;
  let cluster: ClusterSource;
  if (clusterKind === "sandbox") {
    sandbox = await startSandboxCluster({ dataDir: path.join(config.dataDir, "sandbox"), ...options.sandbox });
    cluster = { kind: "sandbox", kubeconfigPath: sandbox.kubeconfigPath ?? "", url: sandbox.url };
  } else if (clusterKind === "kubeconfig") {
    cluster = { kind: "kubeconfig", kubeconfigPath: config.KUBECONFIG };
  } else {
    cluster = { kind: "in-cluster" };
  }

  const limits = config.REDIS_URL ? new RedisLimitStore(config.REDIS_URL, redisErrorLogger()) : new MemoryLimitStore();
  const runtime: Runtime = { config, database, cluster, authSecret: loadAuthSecret(config), limits };
  setRuntime(runtime);
  startNotifications(config);
  try {
    await seedTenants(config.seedTenants);
  } catch (error) {
    logger.warn("could not seed tenants", { error: error instanceof Error ? error.message : String(error) });
  }

  const stopListening = await listenForGatewayChanges();

  const issuer =
    config.identity === "embedded" && options.embeddedIssuer !== false
      ? await createEmbeddedIssuer({
          issuer: config.issuer,
          password: config.MODELPORT_DEV_PASSWORD,
          audience: config.audience,
          keysPath: path.join(config.dataDir, "issuer-keys.json"),
          signInThrottle: { maxFailures: config.MODELPORT_SIGNIN_MAX_FAILURES, lockoutSeconds: config.MODELPORT_SIGNIN_LOCKOUT_SECONDS },
          clients: [
            {
              clientId: config.clientId,
              clientSecret: config.clientSecret,
              redirectUris: [`${config.publicUrl}/api/auth/callback/keycloak`],
              postLogoutRedirectUris: [`${config.publicUrl}/`],
            },
          ],
        })
      : undefined;

  const worker =
    config.MODELPORT_ROLE !== "web" && options.worker !== false
      ? startJobWorker({ handlers: importHandlers, concurrency: config.MODELPORT_JOB_CONCURRENCY, ...options.worker })
      : undefined;

  // With somewhere to send them, the worker (one per deployment of Modelport, not per web replica) watches for alerts.
  const stopAlerts =
    config.MODELPORT_ROLE !== "web" && (config.NOTIFY_WEBHOOK_URL || config.SLACK_WEBHOOK_URL)
      ? startAlerts(config.MODELPORT_ALERT_INTERVAL_SECONDS * 1000)
      : undefined;

  return {
    runtime,
    sandbox,
    issuer,
    worker,
    async stop() {
      stopAlerts?.();
      await worker?.stop();
      stopPublishedLocations();
      stopDeploymentFacts();
      await stopListening().catch(() => undefined);
      await stopUsage().catch((error: unknown) => logger.warn("usage not written at stop", { error: String(error) }));
      await stopNotifications();
      setRuntime(undefined);
      await sandbox?.close();
      await limits.close();
      await closeDatabase(database);
    },
  };
}

/** Redis's connection errors, at most one line every ten seconds while it stays away (the URL never: it may hold a password). */
function redisErrorLogger(): (error: Error) => void {
  let last = 0;
  return (error) => {
    if (Date.now() - last < 10_000) return;
    last = Date.now();
    logger.warn("Redis for rate limits is not answering", { error: error.message });
  };
}

/** NEXTAUTH_SECRET when set; otherwise a random secret generated once and kept in the data directory. */
function loadAuthSecret(config: Config): string {
  if (config.NEXTAUTH_SECRET) return config.NEXTAUTH_SECRET;
  const file = path.join(config.dataDir, "auth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
