// Deployments in the tenants a caller may see. Check, dry-run, apply, audit — for browser and script alike. Every
// cluster call goes through a deployment backend (lib/k8s/deployment-backend.ts); KubeAI's is the only one until
// KServe's lands (issue 10).
// Inputs arrive parsed with the shared schemas (lib/schemas/deployment.ts); this module adds what needs the cluster,
// the caller or the configuration: tenancy, known resource profiles, the per-tenant cap, and the audit record.
import { callerLabel, requireManageable, requireReadable, type Caller } from "@/lib/auth/caller";
import { AppError, invalid, notFound, type FieldProblem } from "@/lib/errors";
import { getCluster } from "@/lib/k8s/cluster";
import { kubeaiBackend } from "@/lib/k8s/kubeai-backend";
import { getRuntime } from "@/lib/runtime";
import {
  deploymentWarnings,
  namespaceSchema,
  objectNameSchema,
  splitResourceProfile,
  type Deployment,
  type DeploymentDetail,
  type DeploymentEvent,
  type DeploymentList,
  type DeploymentListQuery,
  type DeploymentPatch,
  type FieldIssue,
  type ValidDeployment,
} from "@/lib/schemas/deployment";
import { audited } from "./audit";
import { knownResourceProfiles } from "./resource-profiles";
import { serialized } from "./serialized";
import { viewDeployment } from "./deployment-view";
import { decodeListCursor, encodeListCursor } from "./list-cursor";
import { replaceDeployment } from "./replace-deployment";
import { tenantExists, visibleTenantNames } from "./tenants";

const backend = kubeaiBackend;

/** Checks access to one deployment; a name that cannot exist is simply not found, like another tenant's. */
export async function requireDeploymentAccess(caller: Caller, namespace: string, name: string, access: "read" | "manage"): Promise<void> {
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
async function requireKnownProfile(profile: string | null | undefined): Promise<void> {
  if (!profile) return;
  const known = (await knownResourceProfiles()).map((candidate) => candidate.name);
  if (!known.includes(profile)) {
    throw invalid([{ field: "resourceProfile", message: `Unknown resource profile "${profile}"; known profiles: ${known.join(", ")}` }]);
  }
}

async function requireRoomInTenant(namespace: string): Promise<void> {
  const cap = getRuntime().config.MODELPORT_MAX_DEPLOYMENTS_PER_TENANT;
  const existing = await backend.list(getCluster(), namespace, { limit: cap });
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
    const page = await backend.list(cluster, namespace, { limit: query.limit - items.length + skip, continueToken });
    const models = page.items.slice(skip);
    // Events only explain a deployment that is not up; a page of running ones needs no events at all.
    const events = models.some(backend.needsEvents) ? await backend.events(cluster, namespace) : new Map<string, DeploymentEvent[]>();
    for (const [offset, model] of models.entries()) {
      const item = viewDeployment(caller, backend, model, backend.eventsOf(events, model));
      const size = Buffer.byteLength(JSON.stringify(item));
      // Always return at least one item, so a page can never be empty while more remain.
      if (items.length > 0 && bytes + size > maxBytes) {
        return { items, continue: encodeListCursor(namespace, continueToken, skip + offset) };
      }
      items.push(item);
      bytes += size;
    }
    skip = 0;
    continueToken = page.continueToken;
    if (!continueToken) index += 1;
  }
  return index < namespaces.length ? { items, continue: encodeListCursor(namespaces[index], continueToken) } : { items };
}

export async function getDeployment(caller: Caller, namespace: string, name: string): Promise<DeploymentDetail> {
  await requireDeploymentAccess(caller, namespace, name, "read");
  const cluster = getCluster();
  const [object, events] = await Promise.all([backend.get(cluster, namespace, name), backend.events(cluster, namespace, name)]);
  const own = backend.eventsOf(events, object);
  return { ...viewDeployment(caller, backend, object, own), events: own };
}

export async function createDeployment(caller: Caller, deployment: ValidDeployment, options: { dryRun?: "All" } = {}): Promise<Deployment> {
  await requireTenantAccess(caller, deployment.namespace, `Namespace ${deployment.namespace}`, "manage");
  await requireKnownProfile(deployment.resourceProfile);
  const cluster = getCluster();
  const manifest = backend.build(deployment, callerLabel(caller));
  const warnings = deploymentWarnings(deployment);
  // Counting and creating one after another per tenant keeps concurrent creates from all passing the cap together
  // (in this process: replicas each keep their own count, so the cap is approximate across replicas).
  return serialized(`deployments:${deployment.namespace}`, async () => {
    await requireRoomInTenant(deployment.namespace);
    // Dry run first: the API server's own validation (schema, CEL, name clash) speaks before anything is stored.
    const checked = await backend.create(cluster, manifest, true);
    if (options.dryRun) return { ...viewDeployment(caller, backend, checked), warnings };
    const created = await audited(
      caller,
      { action: "deployment.create", tenant: deployment.namespace, resourceKind: backend.kind, resourceName: deployment.name },
      () => backend.create(cluster, manifest),
      backend.forAudit,
    );
    return { ...viewDeployment(caller, backend, created), warnings };
  });
}

/**
 * Changes only the fields the patch names and leaves the rest of the Model as it is (other tools' fields and
 * annotations included). The result is checked against the CRD's rules and the size bound; a Model made with
 * kubectl that breaks one of Modelport's own rules stays editable, and those come back as warnings. `generation`
 * (the spec's version) or `resourceVersion` (the object's) in the patch turn a change made since into a 409.
 */
export async function updateDeployment(caller: Caller, namespace: string, name: string, input: DeploymentPatch): Promise<Deployment> {
  await requireDeploymentAccess(caller, namespace, name, "manage");
  const { resourceVersion, generation, ...patch } = input;
  if (patch.resourceProfile) await requireKnownProfile(splitResourceProfile(patch.resourceProfile).profile);
  const changedSince = () => new AppError("conflict", `Deployment ${namespace}/${name} was changed by someone else; reload and try again`);
  let warnings: string[] = [];
  // Controllers write the Model's status all the time, which moves its resourceVersion: a conflict that is only that
  // means "read again and apply the same patch", as kubectl edit does.
  const updated = await replaceDeployment(caller, {
    backend,
    namespace,
    name,
    action: "deployment.update",
    retryOnConflict: !resourceVersion,
    next(current) {
      if (resourceVersion && resourceVersion !== current.metadata.resourceVersion) throw changedSince();
      if (generation !== undefined && generation !== current.metadata.generation) throw changedSince();
      const next = backend.patch(current, patch);
      const checked = backend.check(next);
      if (checked.errors.length > 0) throw invalid(checked.errors.map(toFieldProblem));
      warnings = checked.warnings;
      return next;
    },
  });
  return { ...updated, warnings };
}

function toFieldProblem(issue: FieldIssue): FieldProblem {
  return { field: issue.path.join("."), message: issue.message };
}

export async function deleteDeployment(caller: Caller, namespace: string, name: string): Promise<void> {
  await requireDeploymentAccess(caller, namespace, name, "manage");
  const cluster = getCluster();
  const current = await backend.get(cluster, namespace, name);
  await audited(
    caller,
    { action: "deployment.delete", tenant: namespace, resourceKind: backend.kind, resourceName: name, before: backend.forAudit(current) },
    () => backend.remove(cluster, namespace, name),
  );
}
