// Merges one watch change into a cached deployment list: pure, and it drops changes not newer than what is cached.
import type { Deployment } from "@/lib/schemas/deployment";
import type { DeploymentChange } from "@/lib/schemas/deployment-watch";

function isNewer(candidate: string, current: string): boolean {
  const a = Number(candidate);
  const b = Number(current);
  // resourceVersions are opaque; compare numerically when both are numbers (etcd revisions are), otherwise accept.
  return Number.isFinite(a) && Number.isFinite(b) ? a > b : candidate !== current;
}

const keyOf = (deployment: Pick<Deployment, "namespace" | "name">) => `${deployment.namespace}/${deployment.name}`;

export function mergeWatchChange(items: Deployment[], change: DeploymentChange): Deployment[] {
  const key = keyOf(change.deployment);
  const index = items.findIndex((item) => keyOf(item) === key);
  if (change.type === "DELETED") return index < 0 ? items : items.filter((_, position) => position !== index);
  if (index < 0) return [...items, change.deployment].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  if (!isNewer(change.deployment.resourceVersion, items[index].resourceVersion)) return items;
  const next = items.slice();
  next[index] = change.deployment;
  return next;
}
