// The deployment backends by name, and finding which one serves a deployment: a name is looked up in every kind.
import { AppError } from "@/lib/errors";
import type { DeploymentBackendName } from "@/lib/schemas/deployment";
import type { Cluster } from "./cluster";
import type { DeploymentBackend, ServingObject } from "./deployment-backend";
import { kserveBackend } from "./kserve-backend";
import { kubeaiBackend } from "./kubeai-backend";

/** Services hold backends by this type and hand each only its own input: the name they were picked by says which. */
export type AnyBackend = DeploymentBackend<ServingObject, unknown, unknown>;

export const BACKENDS: Record<DeploymentBackendName, AnyBackend> = { kubeai: kubeaiBackend, kserve: kserveBackend };
/** The order lists and lookups go through the kinds. */
export const BACKEND_ORDER: readonly AnyBackend[] = [kubeaiBackend, kserveBackend];

const isNotFound = (error: unknown) => error instanceof AppError && error.code === "not_found";

/**
 * The object named `name` in a namespace and the backend that serves it, or a 404. A cluster without a kind's CRD
 * answers 404 for it too, which reads the same as "not this kind". Should both kinds have an object of that name
 * (made with kubectl; Modelport refuses to create the second), KubeAI's is the one found.
 */
export async function findDeploymentObject(
  cluster: Cluster,
  namespace: string,
  name: string,
): Promise<{ backend: AnyBackend; object: ServingObject }> {
  const found = await Promise.allSettled(BACKEND_ORDER.map((backend) => backend.get(cluster, namespace, name)));
  for (const [index, result] of found.entries()) {
    if (result.status === "fulfilled") return { backend: BACKEND_ORDER[index], object: result.value };
    if (!isNotFound(result.reason)) throw result.reason;
  }
  throw new AppError("not_found", `Deployment ${namespace}/${name} not found`);
}

/** A kind whose CRD the cluster lacks lists as empty, so a cluster with only KubeAI (or only KServe) works. */
export async function listOrEmpty(
  backend: AnyBackend,
  cluster: Cluster,
  namespace: string,
  page: { limit: number; continueToken?: string },
): Promise<{ items: ServingObject[]; continueToken?: string; resourceVersion?: string }> {
  try {
    return await backend.list(cluster, namespace, page);
  } catch (error) {
    if (isNotFound(error) && !page.continueToken) return { items: [] };
    throw error;
  }
}
