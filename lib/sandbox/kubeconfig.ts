// Builds the kubeconfig that points kubectl and client libraries at the sandbox cluster: its HTTPS URL, the CA
// that signed its certificate and its bearer token (kubectl sends a token only over TLS).
import { stringify } from "yaml";

export const CONTEXT_NAME = "modelport-sandbox";

export interface KubeconfigAccess {
  url: string;
  caPem: string;
  token: string;
}

export function buildKubeconfig(access: KubeconfigAccess, namespace = "default"): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      { name: CONTEXT_NAME, cluster: { server: access.url, "certificate-authority-data": Buffer.from(access.caPem).toString("base64") } },
    ],
    users: [{ name: CONTEXT_NAME, user: { token: access.token } }],
    contexts: [{ name: CONTEXT_NAME, context: { cluster: CONTEXT_NAME, user: CONTEXT_NAME, namespace } }],
    "current-context": CONTEXT_NAME,
    preferences: {},
  });
}
