// Objects a deployment names that must exist where it runs: a PersistentVolumeClaim for pvc:// storage, a
// ServiceAccount (KServe's storage credentials) and the Secrets that account lists.
import { AppError } from "@/lib/errors";
import { callKubernetes, type Cluster } from "./cluster";

/** Whether a read finds its object: not found is false, any other failure is thrown. */
export async function exists(read: () => Promise<unknown>): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return false;
    throw error;
  }
}

export function claimExists(cluster: Cluster, namespace: string, name: string): Promise<boolean> {
  return exists(() =>
    callKubernetes("get", "persistentvolumeclaims", `PersistentVolumeClaim ${namespace}/${name}`, () =>
      cluster.core.readNamespacedPersistentVolumeClaim({ namespace, name }),
    ),
  );
}

/** What is missing of a service account and the Secrets it lists, as sentences; empty when all is there. */
export async function missingServiceAccountReferences(cluster: Cluster, namespace: string, name: string): Promise<string[]> {
  let account: { secrets?: { name?: string }[] };
  try {
    account = await callKubernetes("get", "serviceaccounts", `ServiceAccount ${namespace}/${name}`, () =>
      cluster.core.readNamespacedServiceAccount({ namespace, name }),
    );
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return [`ServiceAccount ${name} does not exist in ${namespace}`];
    throw error;
  }
  const missing: string[] = [];
  for (const secret of account.secrets ?? []) {
    if (!secret.name) continue;
    const found = await exists(() =>
      callKubernetes("get", "secrets", `Secret ${namespace}/${secret.name}`, () =>
        cluster.core.readNamespacedSecret({ namespace, name: secret.name as string }),
      ),
    );
    if (!found) missing.push(`Secret ${secret.name}, listed by ServiceAccount ${name}, does not exist in ${namespace}`);
  }
  return missing;
}
