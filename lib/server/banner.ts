// The start banner: where Modelport listens (and who can reach it), which backends are active, how to sign in.
import type { AddressInfo } from "node:net";
import type { Config } from "@/lib/config";
import { DEV_USERS } from "@/lib/auth/embedded-issuer";
import type { StartedRuntime } from "./start-runtime";

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Who can reach the server, and with development users, why that matters and how to change it. */
export function reachLines(config: Config, listening: string): string[] {
  return [...ignoredHostnameLines(config), ...exposureLines(config, listening)];
}

function ignoredHostnameLines(config: Config): string[] {
  if (config.ignoredHostname === undefined) return [];
  // How to listen everywhere follows in the next lines when it matters (development users on loopback).
  return [
    `  HOSTNAME=${config.ignoredHostname} was ignored: only an IP address or "localhost" is listened on (Docker and some`,
    "  shells set HOSTNAME to the machine's name).",
  ];
}

function exposureLines(config: Config, listening: string): string[] {
  const embedded = config.identity === "embedded";
  if (isLoopback(config.listenHost)) {
    if (!embedded) return [`  reachable from this machine only (HOSTNAME=${config.listenHost})`];
    return [
      "  reachable from this machine only: the development users share a published password.",
      "  To listen on every interface set HOSTNAME=0.0.0.0 (then anyone who reaches the port can sign in as admin).",
    ];
  }
  if (!embedded) return [];
  return [
    `  WARNING: the development users are reachable on ${listening} (HOSTNAME=${config.listenHost}); anyone who reaches`,
    "  the port can sign in as admin with MODELPORT_DEV_PASSWORD. Unset HOSTNAME to listen on 127.0.0.1 only.",
  ];
}

function formatAddress(address: AddressInfo): string {
  return address.family === "IPv6" ? `[${address.address}]:${address.port}` : `${address.address}:${address.port}`;
}

export function printBanner(config: Config, started: StartedRuntime, dev: boolean, address: AddressInfo): void {
  const { runtime, sandbox } = started;
  const listening = formatAddress(address);
  const cluster =
    runtime.cluster.kind === "sandbox"
      ? `sandbox cluster at ${sandbox?.url} (kubectl --kubeconfig ${runtime.cluster.kubeconfigPath} get models -A)`
      : runtime.cluster.kind === "kubeconfig"
        ? `Kubernetes via kubeconfig ${runtime.cluster.kubeconfigPath ?? "(default)"}`
        : "Kubernetes in-cluster service account";
  const lines = [
    `Modelport ${dev ? "(development) " : ""}is listening on ${listening}: open ${config.publicUrl}`,
    ...reachLines(config, listening),
    `  database:  ${runtime.database.kind === "pglite" ? `PGlite in ${runtime.database.location}` : `PostgreSQL ${runtime.database.location}`}`,
    `  cluster:   ${cluster}`,
    `  identity:  ${config.identity === "keycloak" ? `Keycloak ${config.issuer}` : `embedded OpenID Connect issuer at ${config.issuer}`}`,
    `  tenants:   ${config.seedTenants.join(", ")}`,
  ];
  if (config.TRUSTED_PROXIES.length > 0) lines.push(`  proxies:   X-Forwarded-* headers trusted from ${config.TRUSTED_PROXIES.join(", ")}`);
  if (config.identity === "embedded") {
    lines.push(
      `Sign in at ${config.publicUrl} as one of: ${DEV_USERS.map((user) => user.username).join(", ")}`,
      `  with the development password (MODELPORT_DEV_PASSWORD; default "modelport" when unset).`,
    );
  }
  if (config.MODELPORT_ADMIN_TOKEN) lines.push("Admin bootstrap token: accepted (MODELPORT_ADMIN_TOKEN is set)");
  if (!config.METRICS_TOKEN) lines.push("Metrics: /metrics is public (set METRICS_TOKEN to require a bearer token)");
  console.log(lines.join("\n"));
}
