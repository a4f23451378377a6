// Deployments in the tenants a caller may see, KubeAI Models and KServe InferenceServices alike. Check, dry-run,
// apply, audit — for browser and script alike. Every cluster call goes through the deployment's backend
// (lib/k8s/backends.ts); nothing here knows a kind's fields.
// Inputs arrive parsed with the shared schemas (lib/schemas/deployment.ts); this module adds what needs the cluster,
// the caller or the configuration: tenancy, known resource profiles, the per-tenant cap, and the audit record.
import { and, eq } from "drizzle-orm";
import { getDatabase } from "@/db";
import { publishedModels } from "@/db/schema";
import { callerLabel, requireManageable, requireReadable, type Caller } from "@/lib/auth/caller";
import { AppError, invalid, notFound, type FieldProblem } from "@/lib/errors";
import { BACKEND_ORDER, BACKENDS, findDeploymentObject, listOrEmpty, type AnyBackend } from "@/lib/k8s/backends";
import { getCluster, type Cluster } from "@/lib/k8s/cluster";
import { acceleratorResource, profileCapacity } from "@/lib/k8s/gpu-capacity";
import { getRuntime } from "@/lib/runtime";
import {
  deploymentWarnings,
  namespaceSchema,
  objectNameSchema,
  patchSchemaFor,
  splitResourceProfile,
  type AnyDeploymentPatch,
  type AnyValidDeployment,
  type Deployment,
  type DeploymentDetail,
  type DeploymentEvent,
  type DeploymentList,
  type DeploymentListQuery,
  type FieldIssue,
} from "@/lib/schemas/deployment";
import { kserveWarnings } from "@/lib/schemas/kserve";
import { parseQuantity } from "@/lib/schemas/quantity";
import { audited } from "./audit";
import { forgetGatewayTarget } from "./gateway-cache";
import { requireQuotaRoom } from "./quotas";
import { litellmSyncOf, registerInLiteLLM, removeFromLiteLLM, updateInLiteLLM } from "./litellm-sync";
import { clusterUsage, currentGpuFacts, knownResourceProfiles } from "./resource-profiles";
import { serialized } from "./serialized";
import { viewDeployment } from "./deployment-view";
import { decodeListCursor, encodeListCursor } from "./list-cursor";
import { parseInput } from "./parse-input";
import { foreignWeightsProblem } from "./storage";
import { replaceDeployment } from "./replace-deployment";
import { tenantExists, visibleTenantNames } from "./tenants";

/** Checks access to one deployment; a name that cannot exist is simply not found, like another tenant's. */
/** A deployment loads only its own tenant's imported weights (another tenant's path in the store is refused). */
function requireOwnWeights(namespace: string, locations: { url?: string; storageUri?: string }): void {
  const problems = Object.entries(locations).flatMap(([field, value]) => {
    const problem = typeof value === "string" ? foreignWeightsProblem(namespace, value) : undefined;
    return problem ? [{ field, message: problem }] : [];
  });
  if (problems.length > 0) throw invalid(problems);
}

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

/** The cap counts every kind together: one tenant's deployments, whatever serves them. */
async function requireRoomInTenant(cluster: Cluster, namespace: string): Promise<void> {
  const cap = getRuntime().config.MODELPORT_MAX_DEPLOYMENTS_PER_TENANT;
  let existing = 0;
  for (const backend of BACKEND_ORDER) existing += (await listOrEmpty(backend, cluster, namespace, { limit: cap - existing })).items.length;
  if (existing >= cap) {
    throw new AppError(
      "forbidden",
      `Tenant ${namespace} already has ${cap} deployments, the most allowed (MODELPORT_MAX_DEPLOYMENTS_PER_TENANT); delete one first`,
    );
  }
}

/** Pages through every kind in every visible tenant, one namespace and kind after another, behind one opaque cursor. */
export async function listDeployments(caller: Caller, query: DeploymentListQuery): Promise<DeploymentList> {
  let namespaces = await visibleTenantNames(caller);
  if (query.namespace) {
    if (!namespaces.includes(query.namespace)) throw notFound(`Namespace ${query.namespace}`);
    namespaces = [query.namespace];
  }
  const cluster = getCluster();
  const kinds = query.backend ? [BACKENDS[query.backend]] : BACKEND_ORDER;
  let { index, kind, continueToken, skip } = decodeListCursor(query.continue, namespaces, kinds.length);
  const items: Deployment[] = [];
  // A page stops early rather than grow past this many bytes of JSON; the next page continues from there.
  const maxBytes = getRuntime().config.MODELPORT_MAX_PAGE_BYTES;
  let bytes = 0;
  while (index < namespaces.length && items.length < query.limit) {
    const namespace = namespaces[index];
    const backend = kinds[kind];
    const page = await listOrEmpty(backend, cluster, namespace, { limit: query.limit - items.length + skip, continueToken });
    const objects = page.items.slice(skip);
    // Events only explain a deployment that is not up; a page of running ones needs no events at all.
    const events = objects.some(backend.needsEvents) ? await backend.events(cluster, namespace) : new Map<string, DeploymentEvent[]>();
    for (const [offset, object] of objects.entries()) {
      const item = viewDeployment(caller, backend, object, backend.eventsOf(events, object));
      const size = Buffer.byteLength(JSON.stringify(item));
      // Always return at least one item, so a page can never be empty while more remain.
      if (items.length > 0 && bytes + size > maxBytes) {
        return { items, continue: encodeListCursor(namespace, kind, continueToken, skip + offset) };
      }
      items.push(item);
      bytes += size;
    }
    skip = 0;
    continueToken = page.continueToken;
    if (!continueToken) {
      kind = (kind + 1) % kinds.length;
      if (kind === 0) index += 1;
    }
  }
  return index < namespaces.length ? { items, continue: encodeListCursor(namespaces[index], kind, continueToken) } : { items };
}

/** Every deployment the caller may see (in one namespace, when given), every page of them: for Modelport's own views. */
export async function allDeployments(caller: Caller, namespace?: string): Promise<Deployment[]> {
  const all: Deployment[] = [];
  let continueToken: string | undefined;
  do {
    const page = await listDeployments(caller, { namespace, limit: 500, continue: continueToken });
    all.push(...page.items);
    continueToken = page.continue;
  } while (continueToken);
  return all;
}

export async function getDeployment(caller: Caller, namespace: string, name: string): Promise<DeploymentDetail> {
  await requireDeploymentAccess(caller, namespace, name, "read");
  const cluster = getCluster();
  const { backend, object } = await findDeploymentObject(cluster, namespace, name);
  const own = backend.eventsOf(await backend.events(cluster, namespace, name), object);
  const view = viewDeployment(caller, backend, object, own);
  const litellm = await litellmSyncOf(namespace, name);
  return {
    ...view,
    events: own,
    capacityNote: view.status === "Pending" ? await capacityNote(view.resourceProfile) : null,
    ...(litellm ? { litellm } : {}),
  };
}

/** Why a deployment waits for GPUs, in numbers: what one replica needs on one node against what is free. */
async function capacityNote(resourceProfile: string | null): Promise<string | null> {
  const { profile: name, count } = splitResourceProfile(resourceProfile);
  const profile = (await knownResourceProfiles()).find((candidate) => candidate.name === name);
  const resource = profile ? acceleratorResource(profile) : null;
  const usage = profile && resource ? await clusterUsage() : undefined;
  if (!profile || !resource || !usage) return null;
  const capacity = profileCapacity(
    { ...profile, gpuProducts: currentGpuFacts().profiles[profile.name]?.gpuProducts },
    usage.nodes,
    usage.pods,
  );
  const needed = parseQuantity(profile.requests[resource]) * (count ?? 1);
  if (capacity.largestFreeOnOneNode >= needed) return null;
  const spread = capacity.free >= needed ? ` (${capacity.free} free in all, but not on one node)` : "";
  return `Needs ${needed} ${resource} of ${profile.name} on one node; ${capacity.largestFreeOnOneNode} free${spread}, ${capacity.total} in the cluster`;
}

export async function createDeployment(
  caller: Caller,
  deployment: AnyValidDeployment,
  options: { dryRun?: "All" } = {},
): Promise<Deployment> {
  await requireTenantAccess(caller, deployment.namespace, `Namespace ${deployment.namespace}`, "manage");
  await requireKnownProfile(splitResourceProfile(deployment.resourceProfile).profile);
  requireOwnWeights(
    deployment.namespace,
    deployment.backend === "kserve" ? { storageUri: deployment.storageUri } : { url: deployment.url },
  );
  const cluster = getCluster();
  const backend = BACKENDS[deployment.backend];
  const manifest = backend.build(deployment, callerLabel(caller), await knownResourceProfiles());
  const warnings = deployment.backend === "kubeai" ? deploymentWarnings(deployment) : kserveWarnings(deployment);
  // Counting and creating one after another per tenant keeps concurrent creates from all passing the cap together
  // (in this process: replicas each keep their own count, so the cap is approximate across replicas).
  return serialized(`deployments:${deployment.namespace}`, async () => {
    await requireRoomInTenant(cluster, deployment.namespace);
    await requireNameFree(cluster, backend, deployment.namespace, deployment.name);
    // The tenant's quota speaks first, in numbers, rather than pods the cluster would hold back later.
    await requireQuotaRoom(deployment.namespace, null, viewDeployment(caller, backend, manifest));
    // Dry run first: the API server's own validation (schema, CEL, name clash) speaks before anything is stored.
    const checked = await backend.create(cluster, manifest, true).catch((error: unknown) => {
      // Creating answers 404 only when the namespace or the kind itself is missing from the cluster.
      if (!(error instanceof AppError && error.code === "not_found")) throw error;
      throw new AppError(
        "not_found",
        `The cluster cannot take a ${backend.kind} in ${deployment.namespace}: the namespace or the ${backend.kind} kind (its CRD) is not there`,
      );
    });
    if (options.dryRun) return { ...viewDeployment(caller, backend, checked), warnings };
    const created = await audited(
      caller,
      { action: "deployment.create", tenant: deployment.namespace, resourceKind: backend.kind, resourceName: deployment.name },
      () => backend.create(cluster, manifest),
      backend.forAudit,
    );
    const view = viewDeployment(caller, backend, created);
    return { ...view, warnings: [...warnings, ...(await registerInLiteLLM(caller, view))] };
  });
}

/** One name, one deployment: a name the other kind already uses in the namespace would make lookups ambiguous. */
async function requireNameFree(cluster: Cluster, backend: AnyBackend, namespace: string, name: string): Promise<void> {
  for (const other of BACKEND_ORDER.filter((candidate) => candidate !== backend)) {
    const taken = await other.get(cluster, namespace, name).then(
      () => true,
      () => false,
    );
    if (taken) throw new AppError("conflict", `A ${other.kind} named ${name} already exists in ${namespace}; choose another name`);
  }
}

/**
 * Changes only the fields the patch names and leaves the rest of the object as it is (other tools' fields and
 * annotations included). The result is checked against the CRD's rules and the size bound; a Model made with
 * kubectl that breaks one of Modelport's own rules stays editable, and those come back as warnings. `generation`
 * (the spec's version) or `resourceVersion` (the object's) in the patch turn a change made since into a 409.
 */
export async function updateDeployment(
  caller: Caller,
  namespace: string,
  name: string,
  input: AnyDeploymentPatch,
  options: { dryRun?: "All" } = {},
): Promise<Deployment> {
  await requireDeploymentAccess(caller, namespace, name, "manage");
  const { backend } = await findDeploymentObject(getCluster(), namespace, name);
  // The body passed the schema of every backend's fields; now this deployment's backend must know each one.
  const { resourceVersion, generation, ...patch } = parseInput(patchSchemaFor(backend.name), input) as AnyDeploymentPatch;
  if (patch.resourceProfile) await requireKnownProfile(splitResourceProfile(patch.resourceProfile).profile);
  requireOwnWeights(namespace, patch as { url?: string; storageUri?: string });
  const profiles = await knownResourceProfiles();
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
    dryRun: options.dryRun === "All",
    next(current) {
      if (resourceVersion && resourceVersion !== current.metadata.resourceVersion) throw changedSince();
      if (generation !== undefined && generation !== current.metadata.generation) throw changedSince();
      const next = backend.patch(current, patch, profiles);
      const checked = backend.check(next);
      if (checked.errors.length > 0) throw invalid(checked.errors.map(toFieldProblem));
      warnings = checked.warnings;
      return next;
    },
  });
  const synced = options.dryRun === "All" ? [] : await updateInLiteLLM(caller, updated);
  return { ...updated, warnings: [...warnings, ...synced] };
}

function toFieldProblem(issue: FieldIssue): FieldProblem {
  return { field: issue.path.join("."), message: issue.message };
}

export async function deleteDeployment(caller: Caller, namespace: string, name: string): Promise<void> {
  await requireDeploymentAccess(caller, namespace, name, "manage");
  const cluster = getCluster();
  const { backend, object: current } = await findDeploymentObject(cluster, namespace, name);
  await audited(
    caller,
    { action: "deployment.delete", tenant: namespace, resourceKind: backend.kind, resourceName: name, before: backend.forAudit(current) },
    () => backend.remove(cluster, namespace, name),
  );
  // A publication names the deployment; with it gone, its keys must stop working too.
  await getDatabase()
    .delete(publishedModels)
    .where(and(eq(publishedModels.tenant, namespace), eq(publishedModels.name, name)));
  forgetGatewayTarget(namespace, name);
  await removeFromLiteLLM(caller, namespace, name);
}
