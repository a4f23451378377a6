// Sorting the deployments list by a column: pure, stable, and with a meaningful order for statuses and ages.
import type { Deployment, DeploymentStatus } from "@/lib/schemas/deployment";
import { servingLabel } from "./deployment-summary";

export const SORT_KEYS = ["name", "namespace", "engine", "owner", "profile", "replicas", "status", "age"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = "asc" | "desc";
export interface DeploymentSort {
  key: SortKey;
  direction: SortDirection;
}

export const SORT_LABELS: Record<SortKey, string> = {
  name: "Name",
  namespace: "Namespace",
  engine: "Serving",
  owner: "Owner",
  profile: "Profile",
  replicas: "Replicas",
  status: "Status",
  age: "Age",
};

/** What needs attention first: a failed deployment before one still coming up, and those before healthy ones;
 * stopped last: it is down on purpose. */
const STATUS_ORDER: Record<DeploymentStatus, number> = { Failed: 0, Pending: 1, Loading: 2, ScaledToZero: 3, Ready: 4, Stopped: 5 };

type Value = string | number | null;

/** Ascending age is youngest first, as with kubectl's AGE column read top-down after a fresh deploy. */
const VALUE_OF: Record<SortKey, (item: Deployment) => Value> = {
  name: (item) => item.name,
  namespace: (item) => item.namespace,
  // Backend-neutral: the KubeAI engine, or "KServe · <format>", so both kinds sort in one column.
  engine: servingLabel,
  owner: (item) => item.owner,
  profile: (item) => item.resourceProfile,
  replicas: (item) => item.replicaStatus.ready,
  status: (item) => STATUS_ORDER[item.status],
  age: (item) => (item.createdAt ? -new Date(item.createdAt).getTime() : null),
};

function compareValues(a: Value, b: Value): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b));
}

const identity = (item: Deployment) => `${item.namespace}/${item.name}`;

/** Missing values (no owner, no profile) sort last in either direction; ties fall back to namespace/name. */
export function sortDeployments(items: readonly Deployment[], sort: DeploymentSort): Deployment[] {
  const valueOf = VALUE_OF[sort.key];
  const sign = sort.direction === "asc" ? 1 : -1;
  return [...items].sort((left, right) => {
    const a = valueOf(left);
    const b = valueOf(right);
    if (a === null || b === null) {
      if (a !== b) return a === null ? 1 : -1;
    } else {
      const order = compareValues(a, b);
      if (order !== 0) return sign * order;
    }
    return identity(left).localeCompare(identity(right));
  });
}

/** Clicking the sorted column flips its direction; clicking another sorts by it ascending. */
export function nextSort(current: DeploymentSort, key: SortKey): DeploymentSort {
  if (current.key === key) return { key, direction: current.direction === "asc" ? "desc" : "asc" };
  return { key, direction: "asc" };
}
