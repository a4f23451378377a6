// Namespaces: a tenant is one, so creating a tenant makes sure its namespace exists.
import { callKubernetes, type Cluster } from "./cluster";

export async function namespaceExists(cluster: Cluster, name: string): Promise<boolean> {
  try {
    await callKubernetes("get", "namespaces", `Namespace ${name}`, () => cluster.core.readNamespace({ name }));
    return true;
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "not_found") return false;
    throw error;
  }
}

export async function ensureNamespace(cluster: Cluster, name: string): Promise<void> {
  if (await namespaceExists(cluster, name)) return;
  await callKubernetes("create", "namespaces", `Namespace ${name}`, () =>
    cluster.core.createNamespace({
      body: { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "app.kubernetes.io/managed-by": "modelport" } } },
    }),
  );
}
