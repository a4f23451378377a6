// Deployments: KubeAI Models in the tenants a caller may see. Validate, dry-run, apply, audit — for browser and script alike.
import { callerLabel, requireManageable, requireReadable, type Caller } from "@/lib/auth/caller";
import { AppError, notFound } from "@/lib/errors";
import { getCluster } from "@/lib/k8s/cluster";
import {
  buildModelManifest,
  deploymentInputFromModel,
  mergeManifestIntoModel,
  modelForAudit,
  toDeployment,
  type ModelObject,
} from "@/lib/k8s/kubeai-model";
import { createModel, deleteModel, getModel, listModelEvents, listModels, replaceModel } from "@/lib/k8s/kubeai-model-api";
import { logger } from "@/lib/observability/logger";
import {
  createQuerySchema,
  deploymentInputSchema,
  deploymentListQuerySchema,
  existingDeploymentSchema,
  deploymentPatchSchema,
  namespaceSchema,
  objectNameSchema,
  type Deployment,
  type DeploymentEvent,
  type DeploymentList,
} from "@/lib/schemas/deployment";
import { recordAudit, type AuditEntry } from "./audit";
import { decodeListCursor, encodeListCursor } from "./list-cursor";
import { parseInput } from "./parse-input";
import { tenantExists, visibleTenantNames } from "./tenants";

export type DeploymentDetail = Deployment & { events: DeploymentEvent[] };

/** Checks access to one deployment; a name that cannot exist is simply not found, like another tenant's. */
async function requireDeploymentAccess(caller: Caller, namespace: string, name: string, access: "read" | "manage"): Promise<void> {
  const what = `Deployment ${namespace}/${name}`;
  if (!namespaceSchema.safeParse(namespace).success || !objectNameSchema.safeParse(name).success) throw notFound(what);
  await requireTenantAccess(caller, namespace, what, access);
}

async function requireTenantAccess(caller: Caller, namespace: string, what: string, access: "read" | "manage"): Promise<void> {
  if (access === "read") requireReadable(caller, namespace, what);
  else requireManageable(caller, namespace, what);
  if (!(await tenantExists(namespace))) throw notFound(what);
}

/** The cluster change already happened: a failed audit insert is logged loudly rather than failing the request. */
async function audit(caller: Caller, entry: AuditEntry): Promise<void> {
  try {
    await recordAudit(caller, entry);
  } catch (error) {
    logger.error("audit record lost", { action: entry.action, tenant: entry.tenant, name: entry.resourceName, error: String(error) });
  }
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
  await requireDeploymentAccess(caller, namespace, name, "read");
  const cluster = getCluster();
  const [model, events] = await Promise.all([getModel(cluster, namespace, name), listModelEvents(cluster, namespace, name)]);
  const own = events.get(name) ?? [];
  return { ...toDeployment(model, own), events: own };
}

export async function createDeployment(caller: Caller, input: unknown, rawQuery: unknown = {}): Promise<Deployment> {
  const { dryRun } = parseInput(createQuerySchema, rawQuery);
  const deployment = parseInput(deploymentInputSchema, input);
  await requireTenantAccess(caller, deployment.namespace, `Namespace ${deployment.namespace}`, "manage");
  const cluster = getCluster();
  const manifest = buildModelManifest(deployment, callerLabel(caller));
  // Dry run first: the API server's own validation (schema, CEL, name clash) speaks before anything is stored.
  const checked = await createModel(cluster, manifest, true);
  if (dryRun) return toDeployment(checked);
  const created = await createModel(cluster, manifest);
  await audit(caller, { action: "deployment.create", tenant: deployment.namespace, resourceKind: "Model", resourceName: deployment.name, after: modelForAudit(created) });
  return toDeployment(created);
}

/**
 * Merges a patch into the deployment, re-validates the whole, and replaces the Model keeping fields Modelport does
 * not manage. With `resourceVersion` in the patch, a deployment changed since the caller read it is a conflict.
 */
export async function updateDeployment(caller: Caller, namespace: string, name: string, rawPatch: unknown): Promise<Deployment> {
  await requireDeploymentAccess(caller, namespace, name, "manage");
  const { resourceVersion, ...patch } = parseInput(deploymentPatchSchema, rawPatch);
  const cluster = getCluster();
  const current = await getModel(cluster, namespace, name);
  if (resourceVersion && resourceVersion !== current.metadata.resourceVersion) {
    throw new AppError("conflict", `Deployment ${namespace}/${name} was changed by someone else; reload and try again`);
  }
  const merged = { ...deploymentInputFromModel(current), ...withoutNulls(patch) };
  for (const key of ["replicas", "maxReplicas", "resourceProfile", "cacheProfile"] as const) {
    if (patch[key] === null) delete merged[key];
  }
  const deployment = parseInput(existingDeploymentSchema, merged);
  const next: ModelObject = mergeManifestIntoModel(current, buildModelManifest(deployment, current.spec.owner ?? callerLabel(caller)));
  await replaceModel(cluster, next, true);
  const updated = await replaceModel(cluster, next);
  await audit(caller, {
    action: "deployment.update",
    tenant: namespace,
    resourceKind: "Model",
    resourceName: name,
    before: modelForAudit(current),
    after: modelForAudit(updated),
  });
  return toDeployment(updated);
}

export async function deleteDeployment(caller: Caller, namespace: string, name: string): Promise<void> {
  await requireDeploymentAccess(caller, namespace, name, "manage");
  const cluster = getCluster();
  const current = await getModel(cluster, namespace, name);
  await deleteModel(cluster, namespace, name);
  await audit(caller, { action: "deployment.delete", tenant: namespace, resourceKind: "Model", resourceName: name, before: modelForAudit(current) });
}

function withoutNulls<T extends Record<string, unknown>>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== null)) as {
    [K in keyof T]: Exclude<T[K], null>;
  };
}
