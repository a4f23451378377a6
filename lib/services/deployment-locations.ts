// Where deployments load their models from, to say which repository versions and stored weights are in use.
import type { Caller } from "@/lib/auth/caller";
import { listDeployments } from "./deployments";
import { visibleTenantNames } from "./tenants";

export type DeploymentLocations = Array<{ namespace: string; name: string; url: string }>;

/**
 * Every deployment's model location (KubeAI's url, KServe's storageUri) in the tenants the caller sees, or in one of
 * them. A tenant the caller does not see as a tenant (an admin looking at a deleted tenant's folder) has none.
 */
export async function deploymentLocations(caller: Caller, namespace?: string): Promise<DeploymentLocations> {
  if (namespace !== undefined && !(await visibleTenantNames(caller)).includes(namespace)) return [];
  const locations: DeploymentLocations = [];
  let cursor: string | undefined;
  do {
    const page = await listDeployments(caller, { namespace, limit: 500, continue: cursor });
    for (const item of page.items) {
      const url = item.backend === "kserve" ? item.storageUri : item.url;
      if (url) locations.push({ namespace: item.namespace, name: item.name, url });
    }
    cursor = page.continue;
  } while (cursor);
  return locations;
}

/** Whether a URL is a location or inside it (`…/model` is within `…/model`, `…/model/x`, not `…/model-2`). */
export function isWithin(url: string, location: string): boolean {
  const trimmed = location.replace(/\/+$/, "");
  return url === trimmed || url.startsWith(`${trimmed}/`);
}
