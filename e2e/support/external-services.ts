// What a real installation points Modelport at, stood in for on this machine: a Keycloak (the embedded issuer on its
// own port under a realm path) and a cluster reached only through a kubeconfig (a sandbox Modelport does not start).
import path from "node:path";
import { startEmbeddedIssuer } from "@/lib/auth/embedded-issuer";
import { startSandboxCluster } from "@/lib/sandbox";

const port = Number(process.env.STAND_IN_PORT ?? 3190);
const modelportUrl = process.env.MODELPORT_URL ?? "http://localhost:3101";
const clusterDir = path.resolve(process.env.CLUSTER_DIR ?? ".modelport-e2e-cluster");

async function main() {
  const cluster = await startSandboxCluster({ dataDir: clusterDir, controller: { loadingDelayMs: 200, readyDelayMs: 500 } });
  const issuer = await startEmbeddedIssuer({
    port,
    host: "127.0.0.1",
    pathPrefix: "/realms/modelport",
    password: process.env.STAND_IN_PASSWORD ?? "kc-password",
    audience: "modelport-kc",
    clients: [
      {
        clientId: "modelport-kc",
        clientSecret: "kc-secret",
        redirectUris: [`${modelportUrl}/api/auth/callback/keycloak`],
        postLogoutRedirectUris: [`${modelportUrl}/`],
      },
    ],
  });
  console.log(`Keycloak stand-in at ${issuer.issuer}; cluster at ${cluster.url} (kubeconfig ${cluster.kubeconfigPath})`);
}

void main();
