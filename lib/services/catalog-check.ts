// Checking a preset or a deployment draft before it is saved or deployed (POST /api/v1/catalog/validate and
// /preview): the schema, the resource profile, the storage and credentials it names (claim, service account and its
// Secrets), the GPUs the cluster can give it now, the API server's own dry run — and the exact manifest it would create.
import { stringify } from "yaml";
import { callerLabel, canManageModels, type Caller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { BACKENDS } from "@/lib/k8s/backends";
import { getCluster } from "@/lib/k8s/cluster";
import { acceleratorResource, placeReplica, profileCapacity } from "@/lib/k8s/gpu-capacity";
import { claimExists, missingServiceAccountReferences } from "@/lib/k8s/references";
import type { DraftCheck, DraftCheckRequest, DraftProblem } from "@/lib/schemas/catalog";
import { deploymentInputSchema, deploymentWarnings, splitResourceProfile, type AnyValidDeployment } from "@/lib/schemas/deployment";
import { kserveWarnings } from "@/lib/schemas/kserve";
import { presetInputSchema } from "@/lib/schemas/preset";
import { parseQuantity } from "@/lib/schemas/quantity";
import { clusterUsage, currentGpuFacts, knownResourceProfiles } from "./resource-profiles";
import { manageableTenantNames, tenantExists } from "./tenants";

const error = (field: string, message: string): DraftProblem => ({ severity: "error", field, message });
const warning = (field: string, message: string): DraftProblem => ({ severity: "warning", field, message });
const joined = (path: PropertyKey[]) => path.map(String).join(".");

export async function checkDraft(caller: Caller, request: DraftCheckRequest, options: { yaml: boolean }): Promise<DraftCheck> {
  const problems: DraftProblem[] = [];
  let draft = request.deployment ?? {};
  let defaultName = typeof draft.name === "string" ? draft.name : undefined;
  if (request.preset) {
    const preset = presetInputSchema.safeParse(request.preset);
    if (!preset.success) problems.push(...preset.error.issues.map((issue) => error(`preset.${joined(issue.path)}`, issue.message)));
    draft = (request.preset.deployment as Record<string, unknown> | undefined) ?? {};
    defaultName = typeof request.preset.id === "string" ? request.preset.id : undefined;
  }
  const prefix = request.preset ? "preset.deployment" : "deployment";
  const namespace =
    request.namespace ??
    (typeof draft.namespace === "string" ? draft.namespace : undefined) ??
    (await manageableTenantNames(caller))[0] ??
    "default";
  const parsed = deploymentInputSchema.safeParse({ ...draft, name: request.name ?? defaultName ?? "draft", namespace });
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((issue) => error(`${prefix}.${joined(issue.path)}`, issue.message)));
    return { valid: false, problems: dedupe(problems), manifest: null, yaml: null };
  }
  const deployment = parsed.data;
  problems.push(...adviceFor(deployment, prefix));
  const profiles = await knownResourceProfiles();
  const { profile: profileName, count } = profileOf(deployment);
  const profile = profiles.find((candidate) => candidate.name === profileName);
  if (profileName && !profile) {
    problems.push(
      error(`${prefix}.resourceProfile`, `Unknown resource profile "${profileName}"; known: ${profiles.map((p) => p.name).join(", ")}`),
    );
    return { valid: false, problems, manifest: null, yaml: null };
  }
  const cluster = getCluster();
  const claim = claimOf(deployment);
  if (claim && !(await claimExists(cluster, namespace, claim.name))) {
    problems.push(error(`${prefix}.${claim.field}`, `PersistentVolumeClaim ${claim.name} does not exist in ${namespace}`));
  }
  if (deployment.backend === "kserve" && deployment.serviceAccountName) {
    const missing = await missingServiceAccountReferences(cluster, namespace, deployment.serviceAccountName);
    problems.push(...missing.map((message) => error(`${prefix}.serviceAccountName`, message)));
  }
  if (profile) problems.push(...(await gpuProblems(profile, count, `${prefix}.resourceProfile`)));
  const backend = BACKENDS[deployment.backend];
  const manifest = backend.build(deployment, callerLabel(caller), profiles);
  problems.push(...(await dryRun(caller, namespace, () => backend.create(cluster, manifest, true))));
  return {
    valid: !problems.some((problem) => problem.severity === "error"),
    problems: dedupe(problems),
    manifest: manifest as unknown as Record<string, unknown>,
    yaml: options.yaml ? stringify(manifest) : null,
  };
}

function adviceFor(deployment: AnyValidDeployment, prefix: string): DraftProblem[] {
  const advice = deployment.backend === "kubeai" ? deploymentWarnings(deployment) : kserveWarnings(deployment);
  return advice.map((text) => warning(prefix, text));
}

function profileOf(deployment: AnyValidDeployment): { profile?: string; count: number } {
  if (deployment.backend === "kubeai") return { profile: deployment.resourceProfile, count: deployment.instanceCount };
  const { profile, count } = splitResourceProfile(deployment.resourceProfile);
  return { profile: profile ?? undefined, count: count ?? 1 };
}

function claimOf(deployment: AnyValidDeployment): { field: string; name: string } | undefined {
  const [field, uri] = deployment.backend === "kubeai" ? ["url", deployment.url] : ["storageUri", deployment.storageUri];
  const match = /^pvc:\/\/([a-z0-9]([a-z0-9.-]*[a-z0-9])?)/.exec(uri);
  return match ? { field, name: match[1] } : undefined;
}

/** An error when no node of the cluster could ever hold one replica; a warning when none can right now. */
async function gpuProblems(
  profile: Awaited<ReturnType<typeof knownResourceProfiles>>[number],
  count: number,
  field: string,
): Promise<DraftProblem[]> {
  const resource = acceleratorResource(profile);
  const usage = await clusterUsage();
  if (!resource || !usage) return [];
  const capacityProfile = { ...profile, gpuProducts: currentGpuFacts().profiles[profile.name]?.gpuProducts };
  const placement = placeReplica(capacityProfile, count, usage.nodes, usage.pods);
  if (placement.fits) return [];
  const needed = parseQuantity(profile.requests[resource]) * count;
  const largest = profileCapacity(capacityProfile, usage.nodes, []).nodes.reduce((most, node) => Math.max(most, node.allocatable), 0);
  return largest < needed
    ? [
        error(
          field,
          `The cluster has no node with ${needed} ${resource} of ${profile.name} (the largest has ${largest}): ${placement.reason}`,
        ),
      ]
    : [warning(field, `No node can take it right now; it would wait Pending: ${placement.reason}`)];
}

/** The API server's own word (schema, CEL rules, admission), where the caller may create deployments. */
async function dryRun(caller: Caller, namespace: string, create: () => Promise<unknown>): Promise<DraftProblem[]> {
  if (!canManageModels(caller, namespace) || !(await tenantExists(namespace))) {
    return [warning("namespace", `Not checked against the cluster: you may not create deployments in ${namespace}`)];
  }
  try {
    await create();
    return [];
  } catch (caught) {
    if (!(caught instanceof AppError)) throw caught;
    if (caught.code === "conflict") return [warning("name", caught.message)];
    const fields = caught.details?.fields ?? [];
    return fields.length > 0 ? fields.map((field) => error(field.field, field.message)) : [error("(cluster)", caught.message)];
  }
}

function dedupe(problems: DraftProblem[]): DraftProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.severity}|${problem.field}|${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
