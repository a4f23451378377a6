// Namespaces: a tenant is one, so creating a tenant makes sure its namespace exists.
import type { V1Namespace } from "@kubernetes/client-node";
import { callKubernetes, type Cluster } from "./cluster";
import { exists } from "./references";

export function namespaceExists(cluster: Cluster, name: string): Promise<boolean> {
  return exists(() => callKubernetes("get", "namespaces", `Namespace ${name}`, () => cluster.core.readNamespace({ name })));
}

export async function ensureNamespace(cluster: Cluster, name: string): Promise<void> {
  if (await namespaceExists(cluster, name)) return;
  await callKubernetes("create", "namespaces", `Namespace ${name}`, () =>
    cluster.core.createNamespace({
      body: { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { "app.kubernetes.io/managed-by": "modelport" } } },
    }),
  );
}

export async function listNamespaces(cluster: Cluster): Promise<V1Namespace[]> {
  return (await callKubernetes("list", "namespaces", "Namespaces", () => cluster.core.listNamespace())).items;
}
