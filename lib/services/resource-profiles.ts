// Resource profiles a deployment can ask for: what KubeAI in the cluster knows, with the GPU facts sizing uses and the
// cluster's live capacity for each. Any signed-in caller may read them.
import { getCluster } from "@/lib/k8s/cluster";
import { profileCapacity, readClusterUsage, type NodeFacts, type PodFacts } from "@/lib/k8s/gpu-capacity";
import { clusterResourceProfiles, gpuFacts, type ResourceProfile } from "@/lib/k8s/resource-profiles";
import { logger } from "@/lib/observability/logger";
import { getRuntime } from "@/lib/runtime";
import type { ResourceProfileInfo } from "@/lib/schemas/resource-profile";
import type { GpuFacts } from "@/lib/sizing/gpu-facts";

export async function knownResourceProfiles(): Promise<ResourceProfile[]> {
  const { config } = getRuntime();
  return clusterResourceProfiles(getCluster(), config.KUBEAI_NAMESPACE, config.KUBEAI_CONFIGMAP);
}

/** The GPU facts, with GPU_PROFILE_PATH laid over the bundled ones. */
export function currentGpuFacts(): GpuFacts {
  return gpuFacts(getRuntime().config.GPU_PROFILE_PATH);
}

/** Nodes and pods, or undefined when the caller's cluster access cannot list them (capacity is then unknown). */
export async function clusterUsage(): Promise<{ nodes: NodeFacts[]; pods: PodFacts[] } | undefined> {
  try {
    return await readClusterUsage(getCluster());
  } catch (error) {
    logger.warn("nodes and pods could not be read; GPU capacity is unknown", {
      error: error instanceof Error ? error.message : String(error),
    });
    return undefined;
  }
}

/** One profile with its facts and, given the cluster's usage, its live capacity. */
export function describeProfile(
  profile: ResourceProfile,
  facts: GpuFacts,
  usage?: { nodes: NodeFacts[]; pods: PodFacts[] },
): ResourceProfileInfo {
  const known = facts.profiles[profile.name];
  const capacity = usage ? profileCapacity({ ...profile, gpuProducts: known?.gpuProducts }, usage.nodes, usage.pods) : null;
  const largestNode = capacity?.nodes.reduce((most, node) => Math.max(most, node.allocatable), 0) ?? 0;
  return {
    ...profile,
    gpusPerNode: largestNode > 0 ? largestNode : capacity?.resource === null ? null : (known?.gpusPerNode ?? null),
    memoryBandwidthGBs: known?.memoryBandwidthGBs ?? null,
    bf16: known?.bf16 ?? false,
    fp8: known?.fp8 ?? false,
    hourlyPrice: known?.hourlyPrice ?? null,
    capacity,
  };
}

export async function listResourceProfiles(): Promise<{ items: ResourceProfileInfo[] }> {
  const [profiles, usage] = await Promise.all([knownResourceProfiles(), clusterUsage()]);
  const facts = currentGpuFacts();
  return { items: profiles.map((profile) => describeProfile(profile, facts, usage)) };
}
