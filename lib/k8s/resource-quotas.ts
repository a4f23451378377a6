// A tenant's limits as Kubernetes' own ResourceQuota in its namespace: the API server enforces them on every pod and
// object, whoever creates it; Modelport writes one quota (`modelport-quota`) and reads its `status.used`.
import type { V1ResourceQuota } from "@kubernetes/client-node";
import { callKubernetes, type Cluster } from "./cluster";
import { exists } from "./references";

export const QUOTA_NAME = "modelport-quota";

export interface QuotaState {
  hard: Record<string, string>;
  used: Record<string, string>;
}

function stateOf(quota: V1ResourceQuota): QuotaState {
  return { hard: { ...(quota.status?.hard ?? quota.spec?.hard ?? {}) }, used: { ...(quota.status?.used ?? {}) } };
}

/** The tenant's quota, or null when it has none. */
export async function readQuota(cluster: Cluster, namespace: string): Promise<QuotaState | null> {
  let found: V1ResourceQuota | undefined;
  const present = await exists(async () => {
    found = await callKubernetes("get", "resourcequotas", `ResourceQuota ${namespace}/${QUOTA_NAME}`, () =>
      cluster.core.readNamespacedResourceQuota({ name: QUOTA_NAME, namespace }),
    );
  });
  return present && found ? stateOf(found) : null;
}

/** Creates or replaces the quota with exactly these hard limits; answers what the API server stored. */
export async function writeQuota(cluster: Cluster, namespace: string, hard: Record<string, string>): Promise<QuotaState> {
  const what = `ResourceQuota ${namespace}/${QUOTA_NAME}`;
  const metadata = { name: QUOTA_NAME, namespace, labels: { "app.kubernetes.io/managed-by": "modelport" } };
  const body: V1ResourceQuota = { apiVersion: "v1", kind: "ResourceQuota", metadata, spec: { hard } };
  let current: V1ResourceQuota | undefined;
  await exists(async () => {
    current = await callKubernetes("get", "resourcequotas", what, () =>
      cluster.core.readNamespacedResourceQuota({ name: QUOTA_NAME, namespace }),
    );
  });
  const resourceVersion = current?.metadata?.resourceVersion;
  const stored = current
    ? await callKubernetes("update", "resourcequotas", what, () =>
        cluster.core.replaceNamespacedResourceQuota({
          name: QUOTA_NAME,
          namespace,
          body: { ...body, metadata: { ...metadata, resourceVersion } },
        }),
      )
    : await callKubernetes("create", "resourcequotas", what, () => cluster.core.createNamespacedResourceQuota({ namespace, body }));
  return stateOf(stored);
}

/** Removes the quota; none there is fine. */
export async function deleteQuota(cluster: Cluster, namespace: string): Promise<boolean> {
  return exists(() =>
    callKubernetes("delete", "resourcequotas", `ResourceQuota ${namespace}/${QUOTA_NAME}`, () =>
      cluster.core.deleteNamespacedResourceQuota({ name: QUOTA_NAME, namespace }),
    ),
  );
}
