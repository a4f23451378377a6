// Deployments: KubeAI Models in the tenants a caller may see. Check, dry-run, apply, audit — for browser and script alike.
// Inputs arrive parsed with the shared schemas (lib/schemas/deployment.ts); this module adds what needs the cluster,
// the caller or the configuration: tenancy, known resource profiles, the per-tenant cap, and the audit record.
import { callerLabel, requireManageable, requireReadable, type Caller } from "@/lib/auth/caller";
import { AppError, invalid, notFound, type FieldProblem } from "@/lib/errors";
import { getCluster } from "@/lib/k8s/cluster";
import { buildModelManifest, deploymentFromModel, mergeManifestIntoModel, modelForAudit, type ModelObject } from "@/lib/k8s/kubeai-model";
import { createModel, deleteModel, eventsOfModel, getModel, listModelEvents, listModels, replaceModel } from "@/lib/k8s/kubeai-model-api";
import { loadResourceProfiles } from "@/lib/k8s/resource-profiles";
import { getRuntime } from "@/lib/runtime";
import {
  crdRuleIssues,
  deploymentWarnings,
  modelportRuleIssues,
  namespaceSchema,
  objectNameSchema,
  splitResourceProfile,
  type Deployment,
  type DeploymentDetail,
  type DeploymentList,
  type DeploymentListQuery,
  type DeploymentPatch,
  type ValidDeployment,
} from "@/lib/schemas/deployment";
import { audited } from "./audit";
import { viewDeployment } from "./deployment-view";
import { decodeListCursor, encodeListCursor } from "./list-cursor";
import { tenantExists, visibleTenantNames } from "./tenants";

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

/** KubeAI refuses a Model whose profile its configuration lacks only at run time; say so up front, naming the field. */
function requireKnownProfile(profile: string | undefined): void {
  if (!profile) return;
  const known = loadResourceProfiles().map((candidate) => candidate.name);
  if (!known.includes(profile)) {
    throw invalid([{ field: "resourceProfile", message: `Unknown resource profile "${profile}"; known profiles: ${known.join(", ")}` }]);
  }
}

async function requireRoomInTenant(namespace: string): Promise<void> {
  const cap = getRuntime().config.MODELPORT_MAX_DEPLOYMENTS_PER_TENANT;
  const existing = await listModels(getCluster(), namespace, { limit: cap });
  if (existing.items.length >= cap) {
    throw new AppError(
      "forbidden",
      `Tenant ${namespace} already has ${cap} deployments, the most allowed (MODELPORT_MAX_DEPLOYMENTS_PER_TENANT); delete one first`,
    );
  }
}

/** Pages through the Models of every visible tenant, one namespace after another, behind one opaque cursor. */
export async function listDeployments(caller: Caller, query: DeploymentListQuery): Promise<DeploymentList> {
  let namespaces = await visibleTenantNames(caller);
  if (query.namespace) {
    if (!namespaces.includes(query.namespace)) throw notFound(`Namespace ${query.namespace}`);
    namespaces = [query.namespace];
  }
  const cluster = getCluster();
  let { index, continueToken, skip } = decodeListCursor(query.continue, namespaces);
  const items: Deployment[] = [];
  // A page stops early rather than grow past this many bytes of JSON; the next page continues from there.
  const maxBytes = getRuntime().config.MODELPORT_MAX_PAGE_BYTES;
  let bytes = 0;
  while (index < namespaces.length && items.length < query.limit) {
    const namespace = namespaces[index];
    const [page, events] = await Promise.all([
      listModels(cluster, namespace, { limit: query.limit - items.length + skip, continueToken }),
      listModelEvents(cluster, namespace),
    ]);
    const models = page.items.slice(skip);
    for (const [offset, model] of models.entries()) {
      const item = viewDeployment(caller, model, eventsOfModel(events, model));
      const size = Buffer.byteLength(JSON.stringify(item));
      // Always return at least one item, so a page can never be empty while more remain.
      if (items.length > 0 && bytes + size > maxBytes) {
        return { items, continue: encodeListCursor(namespace, continueToken, skip + offset) };
      }
      items.push(item);
      bytes += size;
    }
    skip = 0;
    continueToken = page.metadata?.continue || undefined;
    if (!continueToken) index += 1;
  }
  return index < namespaces.length ? { items, continue: encodeListCursor(namespaces[index], continueToken) } : { items };
}

export async function getDeployment(caller: Caller, namespace: string, name: string): Promise<DeploymentDetail> {
  await requireDeploymentAccess(caller, namespace, name, "read");
  const cluster = getCluster();
  const [model, events] = await Promise.all([getModel(cluster, namespace, name), listModelEvents(cluster, namespace, name)]);
  const own = eventsOfModel(events, model);
  return { ...viewDeployment(caller, model, own), events: own };
}

export async function createDeployment(caller: Caller, deployment: ValidDeployment, options: { dryRun?: "All" } = {}): Promise<Deployment> {
  await requireTenantAccess(caller, deployment.namespace, `Namespace ${deployment.namespace}`, "manage");
  requireKnownProfile(deployment.resourceProfile);
  await requireRoomInTenant(deployment.namespace);
  const cluster = getCluster();
  const manifest = buildModelManifest(deployment, callerLabel(caller));
  const warnings = deploymentWarnings(deployment);
  // Dry run first: the API server's own validation (schema, CEL, name clash) speaks before anything is stored.
  const checked = await createModel(cluster, manifest, true);
  if (options.dryRun) return { ...viewDeployment(caller, checked), warnings };
  const created = await audited(
    caller,
    { action: "deployment.create", tenant: deployment.namespace, resourceKind: "Model", resourceName: deployment.name },
    () => createModel(cluster, manifest),
    modelForAudit,
  );
  return { ...viewDeployment(caller, created), warnings };
}

/**
 * Merges a patch into the deployment and replaces the Model, keeping fields Modelport does not manage. The patched
 * fields were checked by the patch schema; the whole is checked against the CRD's rules only, so a Model made with
 * kubectl that breaks one of Modelport's own rules stays editable (those come back as warnings). With
 * `resourceVersion` in the patch, a deployment changed since the caller read it is a conflict.
 */
export async function updateDeployment(caller: Caller, namespace: string, name: string, input: DeploymentPatch): Promise<Deployment> {
  await requireDeploymentAccess(caller, namespace, name, "manage");
  const { resourceVersion, ...patch } = input;
  if (patch.resourceProfile) requireKnownProfile(splitResourceProfile(patch.resourceProfile).profile ?? undefined);
  const cluster = getCluster();
  // Controllers write the Model's status all the time, which moves its resourceVersion: without a version from the
  // caller, a conflict only means "read again and re-apply the same patch", as kubectl edit does.
  for (let attempt = 1; ; attempt += 1) {
    const current = await getModel(cluster, namespace, name);
    if (resourceVersion && resourceVersion !== current.metadata.resourceVersion) {
      throw new AppError("conflict", `Deployment ${namespace}/${name} was changed by someone else; reload and try again`);
    }
    const merged = mergePatch(deploymentFromModel(current), patch);
    const problems = crdRuleIssues(merged);
    if (problems.length > 0) throw invalid(problems.map(toFieldProblem));
    const warnings = [
      ...modelportRuleIssues(merged).map((issue) => `${issue.path.join(".")}: ${issue.message}`),
      ...deploymentWarnings(merged),
    ];
    const next: ModelObject = mergeManifestIntoModel(current, buildModelManifest(merged, current.spec.owner ?? callerLabel(caller)));
    try {
      await replaceModel(cluster, next, true);
      const updated = await audited(
        caller,
        { action: "deployment.update", tenant: namespace, resourceKind: "Model", resourceName: name, before: modelForAudit(current) },
        () => replaceModel(cluster, next),
        modelForAudit,
      );
      return { ...viewDeployment(caller, updated), warnings };
    } catch (error) {
      const retry = !resourceVersion && attempt < 5 && error instanceof AppError && error.code === "conflict";
      if (!retry) throw error;
    }
  }
}

/** The patch applied to a deployment: null clears, `<profile>:<count>` sets both, anything absent stays. */
export function mergePatch(current: ValidDeployment, patch: Omit<DeploymentPatch, "resourceVersion">): ValidDeployment {
  const merged: ValidDeployment = { ...current };
  for (const [key, value] of Object.entries(patch) as [keyof typeof patch, unknown][]) {
    if (value === undefined || key === "resourceProfile") continue;
    if (value === null) delete (merged as Partial<ValidDeployment>)[key as keyof ValidDeployment];
    else (merged as unknown as Record<string, unknown>)[key] = value;
  }
  if (patch.resourceProfile === null) delete merged.resourceProfile;
  else if (patch.resourceProfile) {
    const { profile, count } = splitResourceProfile(patch.resourceProfile);
    merged.resourceProfile = profile ?? undefined;
    if (count !== null) merged.instanceCount = count;
  }
  return merged;
}

function toFieldProblem(issue: { path: string[]; message: string }): FieldProblem {
  return { field: issue.path.join("."), message: issue.message };
}

export async function deleteDeployment(caller: Caller, namespace: string, name: string): Promise<void> {
  await requireDeploymentAccess(caller, namespace, name, "manage");
  const cluster = getCluster();
  const current = await getModel(cluster, namespace, name);
  await audited(
    caller,
    { action: "deployment.delete", tenant: namespace, resourceKind: "Model", resourceName: name, before: modelForAudit(current) },
    () => deleteModel(cluster, namespace, name),
  );
}
