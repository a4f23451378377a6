// Kubernetes Secrets that hold an import's credentials: read by name (a caller's own Secret), or written for one job
// and deleted when it no longer needs them — so keys and tokens never sit in Modelport's database or logs.
import { AppError } from "@/lib/errors";
import { callKubernetes, type Cluster } from "./cluster";

export const CREDENTIALS_LABEL = "modelport.io/import-credentials";

/** A Secret's string data (base64 `data` decoded, `stringData` as is). */
export async function readSecretData(cluster: Cluster, namespace: string, name: string): Promise<Record<string, string>> {
  const secret = await callKubernetes("get", "secrets", `Secret ${namespace}/${name}`, () =>
    cluster.core.readNamespacedSecret({ namespace, name }),
  );
  const decoded = Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, "base64").toString("utf8")]),
  );
  return { ...decoded, ...(secret.stringData ?? {}) };
}

export async function createCredentialsSecret(
  cluster: Cluster,
  namespace: string,
  name: string,
  data: Record<string, string>,
  job: string,
): Promise<void> {
  await callKubernetes("create", "secrets", `Secret ${namespace}/${name}`, () =>
    cluster.core.createNamespacedSecret({
      namespace,
      body: {
        apiVersion: "v1",
        kind: "Secret",
        metadata: {
          name,
          namespace,
          labels: { [CREDENTIALS_LABEL]: "true", "app.kubernetes.io/managed-by": "modelport" },
          annotations: { "modelport.io/job": job },
        },
        type: "Opaque",
        data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value, "utf8").toString("base64")])),
      },
    }),
  );
}

/** Deletes a Secret; one already gone is fine. */
export async function deleteSecret(cluster: Cluster, namespace: string, name: string): Promise<void> {
  try {
    await callKubernetes("delete", "secrets", `Secret ${namespace}/${name}`, () =>
      cluster.core.deleteNamespacedSecret({ namespace, name }),
    );
  } catch (error) {
    if (!(error instanceof AppError && error.code === "not_found")) throw error;
  }
}
