// Storage a deployment names: whether a PersistentVolumeClaim exists where it will run.
import { AppError } from "@/lib/errors";
import { callKubernetes, type Cluster } from "./cluster";

export async function claimExists(cluster: Cluster, namespace: string, name: string): Promise<boolean> {
  try {
    await callKubernetes("get", "persistentvolumeclaims", `PersistentVolumeClaim ${namespace}/${name}`, () =>
      cluster.core.readNamespacedPersistentVolumeClaim({ namespace, name }),
    );
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return false;
    throw error;
  }
}
