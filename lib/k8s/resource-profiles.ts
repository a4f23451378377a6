// KubeAI's resource profiles with the accelerator facts used for sizing. The cluster is the authority: KubeAI reads
// them from its ConfigMap (`<release>-config`, key `system.yaml`); the bundled chart values stand in where there is
// none to read (the sandbox cluster, or no permission to read ConfigMaps in KubeAI's namespace).
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { processSingleton } from "@/lib/runtime";
import { profileFactsSchema, type GpuFacts } from "@/lib/sizing/gpu-facts";
import { loadGpuFacts } from "@/lib/sizing/load-facts";
import { callKubernetes, type Cluster } from "./cluster";

export interface ResourceProfile {
  name: string;
  accelerator: string | null;
  acceleratorMemoryGiB: number | null;
  /** Requests per unit, e.g. {"nvidia.com/gpu": "1", cpu: "6", memory: "24Gi"}. */
  requests: Record<string, string>;
  /** Labels the profile's pods select nodes by (KubeAI's nodeSelector), when it sets any. */
  nodeSelector?: Record<string, string>;
}

const CATALOG_DIR = path.join(process.cwd(), "lib/k8s/catalog");
const CACHE_MS = 60_000;

type ProfileValues = Record<
  string,
  { requests?: Record<string, string | number>; limits?: Record<string, string | number>; nodeSelector?: Record<string, string> }
>;

/** An override may give only some facts of a profile (an hourly price, GPUs per node). */
const overrideSchema = z.looseObject({ profiles: z.record(z.string(), profileFactsSchema.partial()) });

/**
 * The GPU facts per profile: the bundled gpu-facts.json, with the entries of `overridePath` (GPU_PROFILE_PATH) laid
 * over it profile by profile. A file that is missing or does not parse is an error naming the file, not a silent
 * fallback: the estimates would otherwise be wrong without anyone knowing.
 */
export function gpuFacts(overridePath?: string): GpuFacts {
  const bundled = processSingleton("gpu-facts", () => loadGpuFacts(path.join(CATALOG_DIR, "gpu-facts.json")));
  if (!overridePath) return bundled;
  let override: z.infer<typeof overrideSchema>;
  try {
    override = overrideSchema.parse(JSON.parse(fs.readFileSync(overridePath, "utf8")));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new AppError("unavailable", `GPU_PROFILE_PATH ${overridePath} could not be read as GPU facts: ${why}`);
  }
  const profiles = { ...bundled.profiles };
  for (const [name, facts] of Object.entries(override.profiles)) {
    const before = profiles[name] ?? { accelerator: null, memoryGiB: null };
    profiles[name] = { ...before, ...facts };
  }
  return { ...bundled, profiles };
}

function toProfiles(values: ProfileValues): ResourceProfile[] {
  const facts = gpuFacts();
  return Object.entries(values).map(([name, profile]) => ({
    name,
    accelerator: facts.profiles[name]?.accelerator ?? null,
    acceleratorMemoryGiB: facts.profiles[name]?.memoryGiB ?? null,
    requests: Object.fromEntries(
      Object.entries({ ...profile.limits, ...profile.requests }).map(([resource, amount]) => [resource, String(amount)]),
    ),
    ...(profile.nodeSelector && Object.keys(profile.nodeSelector).length > 0 ? { nodeSelector: profile.nodeSelector } : {}),
  }));
}

/** The profiles in the chart values Modelport ships with (what the sandbox cluster's KubeAI uses too). */
export function bundledResourceProfiles(): ResourceProfile[] {
  const values = parse(fs.readFileSync(path.join(CATALOG_DIR, "kubeai.values.yaml"), "utf8")) as { resourceProfiles?: ProfileValues };
  return toProfiles(values.resourceProfiles ?? {});
}

/** The profiles KubeAI in this cluster knows, cached for a minute. */
export async function clusterResourceProfiles(cluster: Cluster, namespace: string, configMap: string): Promise<ResourceProfile[]> {
  const cache = processSingleton("resource-profiles", () => new Map<string, { at: number; profiles: ResourceProfile[] }>());
  const key = `${namespace}/${configMap}`;
  const cached = cache.get(key);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.profiles;
  const profiles = await readConfigMapProfiles(cluster, namespace, configMap);
  cache.set(key, { at: Date.now(), profiles });
  return profiles;
}

async function readConfigMapProfiles(cluster: Cluster, namespace: string, configMap: string): Promise<ResourceProfile[]> {
  try {
    const found = await callKubernetes("get", "configmaps", `ConfigMap ${namespace}/${configMap}`, () =>
      cluster.core.readNamespacedConfigMap({ namespace, name: configMap }),
    );
    const system = parse(found.data?.["system.yaml"] ?? "") as { resourceProfiles?: ProfileValues } | null;
    if (system?.resourceProfiles) return toProfiles(system.resourceProfiles);
    logger.warn("KubeAI's ConfigMap has no resourceProfiles in system.yaml; using the bundled profiles", { namespace, configMap });
  } catch (error) {
    logger.debug("KubeAI's ConfigMap could not be read; using the bundled profiles", {
      namespace,
      configMap,
      error: error instanceof Error ? error.message : String(error),
    });
  }
  return bundledResourceProfiles();
}
