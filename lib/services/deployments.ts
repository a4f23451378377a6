// Deployments: KubeAI Models in the tenants a caller may see. Validate, dry-run, apply, audit — for browser and script alike.
import { requireManageable, requireReadable, callerLabel, type Caller } from "@/lib/auth/caller";
import { notFound } from "@/lib/errors";
import { getCluster } from "@/lib/k8s/cluster";
import {
  buildModelManifest,
  deploymentInputFromModel,
  toDeployment,
  type ModelObject,
} from "@/lib/k8s/kubeai-model";
import { createModel, deleteModel, getModel, listModelEvents, listModels, replaceModel } from "@/lib/k8s/kubeai-model-api";
import {
  deploymentInputSchema,
  deploymentListQuerySchema,
  deploymentPatchSchema,
  type Deployment,
  type DeploymentEvent,
  type DeploymentList,
} from "@/lib/schemas/deployment";
import { recordAudit } from "./audit";
import { decodeListCursor, encodeListCursor } from "./list-cursor";
import { parseInput } from "./parse-input";
import { tenantExists, visibleTenantNames } from "./tenants";

export type DeploymentDetail = Deployment & { events: DeploymentEvent[] };

const describe = (namespace: string, name: string) => `Deployment ${namespace}/${name}`;

async function requireTenant(caller: Caller, namespace: string, what: string, access: "read" | "manage"): Promise<void> {
  if (access === "read") requireReadable(caller, namespace, what);
  else requireManageable(caller, namespace, what);
  if (!(await tenantExists(namespace))) throw notFound(what);
}

/** Pages through the Models of every visible tenant, one namespace after another, behind one opaque cursor. */
export async function listDeployments(caller: Caller, rawQuery: unknown): Promise<DeploymentList> {
  const query = parseInput(deploymentListQuerySchema, rawQuery);
  let namespaces = await visibleTenantNames(caller);
  if (query.namespace) {
    if (!namespaces.includes(query.namespace)) throw notFound(`Namespace ${query.namespace}`);
    namespaces = [query.namespace];
  }
  const cluster = getCluster();
  const cursor = decodeListCursor(query.continue, namespaces);
  const items: Deployment[] = [];
  let index = cursor.index;
  let continueToken = cursor.continueToken;
  while (index < namespaces.length && items.length < query.limit) {
    const namespace = namespaces[index];
    const [page, events] = await Promise.all([
      listModels(cluster, namespace, { limit: query.limit - items.length, continueToken }),
      listModelEvents(cluster, namespace),
    ]);
    items.push(...page.items.map((model) => toDeployment(model, events.get(model.metadata.name) ?? [])));
    continueToken = page.metadata?.continue || undefined;
    if (!continueToken) index += 1;
  }
  const more = index < namespaces.length;
  return more ? { items, continue: encodeListCursor(namespaces[index], continueToken) } : { items };
}

export async function getDeployment(caller: Caller, namespace: string, name: string): Promise<DeploymentDetail> {
  const what = describe(namespace, name);
  await requireTenant(caller, namespace, what, "read");
  const cluster = getCluster();
  const [model, events] = await Promise.all([getModel(cluster, namespace, name), listModelEvents(cluster, namespace, name)]);
  const own = events.get(name) ?? [];
  return { ...toDeployment(model, own), events: own };
}

export async function createDeployment(caller: Caller, input: unknown, options: { dryRun?: boolean } = {}): Promise<Deployment> {
  const deployment = parseInput(deploymentInputSchema, input);
  await requireTenant(caller, deployment.namespace, `Namespace ${deployment.namespace}`, "manage");
  const cluster = getCluster();
  const manifest = buildModelManifest(deployment, callerLabel(caller));
  // Dry run first: the API server's own validation (schema, CEL, name clash) speaks before anything is stored.
  const checked = await createModel(cluster, manifest, true);
  if (options.dryRun) return toDeployment(checked);
  const created = await createModel(cluster, manifest);
  await recordAudit(caller, {
    action: "deployment.create",
    tenant: deployment.namespace,
    resourceKind: "Model",
    resourceName: deployment.name,
    after: created,
  });
  return toDeployment(created);
}

/** Merges a patch into the deployment, re-validates the whole, and replaces the Model keeping fields Modelport does not manage. */
export async function updateDeployment(caller: Caller, namespace: string, name: string, rawPatch: unknown): Promise<Deployment> {
  const what = describe(namespace, name);
  await requireTenant(caller, namespace, what, "manage");
  const patch = parseInput(deploymentPatchSchema, rawPatch);
  const cluster = getCluster();
  const current = await getModel(cluster, namespace, name);
  const merged = { ...deploymentInputFromModel(current), ...withoutNulls(patch) };
  for (const key of ["replicas", "maxReplicas", "resourceProfile"] as const) {
    if (patch[key] === null) delete merged[key];
  }
  const deployment = parseInput(deploymentInputSchema, merged);
  const manifest = buildModelManifest(deployment, current.spec.owner ?? callerLabel(caller));
  const next = mergeIntoExisting(current, manifest);
  await replaceModel(cluster, next, true);
  const updated = await replaceModel(cluster, next);
  await recordAudit(caller, {
    action: "deployment.update",
    tenant: namespace,
    resourceKind: "Model",
    resourceName: name,
    before: current,
    after: updated,
  });
  return toDeployment(updated);
}

export async function deleteDeployment(caller: Caller, namespace: string, name: string): Promise<void> {
  const what = describe(namespace, name);
  await requireTenant(caller, namespace, what, "manage");
  const cluster = getCluster();
  const current = await getModel(cluster, namespace, name);
  await deleteModel(cluster, namespace, name);
  await recordAudit(caller, { action: "deployment.delete", tenant: namespace, resourceKind: "Model", resourceName: name, before: current });
}

// Spec fields the form owns; anything else on the Model (adapters, files, loadBalancing…) is kept as it is.
const MANAGED_SPEC_FIELDS = [
  "url",
  "engine",
  "features",
  "owner",
  "resourceProfile",
  "replicas",
  "minReplicas",
  "maxReplicas",
  "targetRequests",
  "scaleDownDelaySeconds",
  "cacheProfile",
  "args",
  "env",
] as const;

function mergeIntoExisting(current: ModelObject, manifest: ModelObject): ModelObject {
  const spec: ModelObject["spec"] = { ...current.spec };
  for (const field of MANAGED_SPEC_FIELDS) {
    if (manifest.spec[field] === undefined) delete spec[field];
    else (spec as Record<string, unknown>)[field] = manifest.spec[field];
  }
  const annotations = { ...current.metadata.annotations, ...manifest.metadata.annotations };
  if (!manifest.metadata.annotations) delete annotations["modelport.dev/proxy"];
  return { ...current, metadata: { ...current.metadata, annotations }, spec };
}

function withoutNulls<T extends Record<string, unknown>>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== null)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}
