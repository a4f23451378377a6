// Builds the kubeconfig that points kubectl and client libraries at the sandbox cluster.
import { stringify } from "yaml";

export const CONTEXT_NAME = "modelport-sandbox";

export function buildKubeconfig(url: string, namespace = "default"): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: CONTEXT_NAME, cluster: { server: url, "insecure-skip-tls-verify": true } }],
    users: [{ name: CONTEXT_NAME, user: { token: "modelport-sandbox-token" } }],
    contexts: [{ name: CONTEXT_NAME, context: { cluster: CONTEXT_NAME, user: CONTEXT_NAME, namespace } }],
    "current-context": CONTEXT_NAME,
    preferences: {},
  });
}
