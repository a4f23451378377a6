// The start banner: where Modelport listens, which backends are active, how to sign in.
import type { Config } from "@/lib/config";
import { DEV_USERS } from "@/lib/auth/embedded-issuer";
import type { StartedRuntime } from "./start-runtime";

export function printBanner(config: Config, started: StartedRuntime, dev: boolean): void {
  const { runtime, sandbox } = started;
  const cluster =
    runtime.cluster.kind === "sandbox"
      ? `sandbox cluster at ${sandbox?.url} (kubectl --kubeconfig ${runtime.cluster.kubeconfigPath} get models -A)`
      : runtime.cluster.kind === "kubeconfig"
        ? `Kubernetes via kubeconfig ${runtime.cluster.kubeconfigPath ?? "(default)"}`
        : "Kubernetes in-cluster service account";
  const lines = [
    `Modelport ${dev ? "(development) " : ""}is listening on ${config.publicUrl}`,
    `  database:  ${runtime.database.kind === "pglite" ? `PGlite in ${runtime.database.location}` : `PostgreSQL ${runtime.database.location}`}`,
    `  cluster:   ${cluster}`,
    `  identity:  ${config.identity === "keycloak" ? `Keycloak ${config.issuer}` : `embedded OpenID Connect issuer at ${config.issuer}`}`,
    `  tenants:   ${config.seedTenants.join(", ")}`,
  ];
  if (config.identity === "embedded") {
    lines.push(
      `Sign in at ${config.publicUrl} as one of: ${DEV_USERS.map((user) => user.username).join(", ")}`,
      `  with the development password (MODELPORT_DEV_PASSWORD; default "modelport" when unset).`,
    );
  }
  if (config.MODELPORT_ADMIN_TOKEN) lines.push("Admin bootstrap token: accepted (MODELPORT_ADMIN_TOKEN is set)");
  console.log(lines.join("\n"));
}
