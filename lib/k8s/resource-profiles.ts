// KubeAI's resource profiles (from its system chart values) with the accelerator facts used for sizing.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";

export interface ResourceProfile {
  name: string;
  accelerator: string | null;
  acceleratorMemoryGiB: number | null;
  /** Requests per unit, e.g. {"nvidia.com/gpu": "1", cpu: "6", memory: "24Gi"}. */
  requests: Record<string, string>;
}

const CATALOG_DIR = path.join(process.cwd(), "lib/k8s/catalog");

interface ValuesFile {
  resourceProfiles?: Record<string, { requests?: Record<string, string | number>; limits?: Record<string, string | number> }>;
}
interface GpuFacts {
  profiles: Record<string, { accelerator: string | null; memoryGiB: number | null }>;
}

let cached: ResourceProfile[] | undefined;

export function loadResourceProfiles(): ResourceProfile[] {
  if (cached) return cached;
  const values = parse(fs.readFileSync(path.join(CATALOG_DIR, "kubeai.values.yaml"), "utf8")) as ValuesFile;
  const facts = JSON.parse(fs.readFileSync(path.join(CATALOG_DIR, "gpu-facts.json"), "utf8")) as GpuFacts;
  cached = Object.entries(values.resourceProfiles ?? {}).map(([name, profile]) => ({
    name,
    accelerator: facts.profiles[name]?.accelerator ?? null,
    acceleratorMemoryGiB: facts.profiles[name]?.memoryGiB ?? null,
    requests: Object.fromEntries(
      Object.entries({ ...profile.limits, ...profile.requests }).map(([resource, amount]) => [resource, String(amount)]),
    ),
  }));
  return cached;
}
