// Resource profiles a deployment can ask for; any signed-in caller may read them (the route requires a caller).
import { loadResourceProfiles, type ResourceProfile } from "@/lib/k8s/resource-profiles";

export async function listResourceProfiles(): Promise<{ items: ResourceProfile[] }> {
  return { items: loadResourceProfiles() };
}
