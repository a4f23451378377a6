// Resource profiles a deployment can ask for: what KubeAI in the cluster knows. Any signed-in caller may read them.
import { getCluster } from "@/lib/k8s/cluster";
import { clusterResourceProfiles, type ResourceProfile } from "@/lib/k8s/resource-profiles";
import { getRuntime } from "@/lib/runtime";

export async function knownResourceProfiles(): Promise<ResourceProfile[]> {
  const { config } = getRuntime();
  return clusterResourceProfiles(getCluster(), config.KUBEAI_NAMESPACE, config.KUBEAI_CONFIGMAP);
}

export async function listResourceProfiles(): Promise<{ items: ResourceProfile[] }> {
  return { items: await knownResourceProfiles() };
}
