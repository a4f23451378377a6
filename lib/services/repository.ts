// The model repository as callers see it: registered models and versions per tenant, each version with the URL a
// deployment loads (deployableUrl) and the deployments that use it; registering weights already in S3; deleting.
import type { Caller } from "@/lib/auth/caller";
import { canManageModels, requireManageable, requireReadable } from "@/lib/auth/caller";
import { AppError, invalid, notFound } from "@/lib/errors";
import { getJob } from "@/lib/jobs/queue";
import type { ModelVersion, RegisteredModel } from "@/lib/repository/repository";
import type { DeleteModelRequest, ModelVersionView, RegisterS3ModelRequest, S3VersionInput } from "@/lib/schemas/repository";
import { audited } from "./audit";
import { deploymentLocations, isWithin, type DeploymentLocations } from "./deployment-locations";
import { resolveNamespace } from "./management-models";
import { requireS3CredentialsPolicy, s3SourceFor, type S3Location } from "./s3-sources";
import { getArtifactStore, getRepository, storeLocationOf } from "./storage";

/** What a serving engine can load for a version: its own pvc:// or s3:// source; other schemes are not deployable. */
export function deployableUrlOf(version: ModelVersion): string | null {
  return /^(pvc|s3):\/\//.test(version.source) ? version.source : null;
}

export function versionView(version: ModelVersion, usage: DeploymentLocations): ModelVersionView {
  const url = deployableUrlOf(version);
  return {
    namespace: version.tenant,
    name: version.name,
    version: version.version,
    status: version.status,
    statusMessage: version.statusMessage,
    source: version.source,
    deployableUrl: url,
    description: version.description,
    tags: version.tags,
    createdAt: version.createdAt.toISOString(),
    updatedAt: version.updatedAt.toISOString(),
    createdBy: version.createdBy,
    usedBy: url ? usage.filter((use) => isWithin(use.url, url)).map(({ namespace, name }) => ({ namespace, name })) : [],
  };
}

function modelView(model: RegisteredModel, usage: DeploymentLocations) {
  return {
    namespace: model.tenant,
    name: model.name,
    description: model.description,
    tags: model.tags,
    createdAt: model.createdAt.toISOString(),
    updatedAt: model.updatedAt.toISOString(),
    latestVersion: model.latestVersion ? versionView(model.latestVersion, usage) : null,
  };
}

export async function listRegisteredModels(
  caller: Caller,
  query: { namespace?: string; search?: string; limit: number; cursor?: string; status?: ModelVersion["status"] },
) {
  const namespace = await resolveNamespace(caller, query.namespace);
  requireReadable(caller, namespace, `Tenant ${namespace}`);
  const repository = getRepository();
  const page = await repository.listModels(namespace, { search: query.search, limit: query.limit, pageToken: query.cursor });
  const usage = await deploymentLocations(caller, namespace);
  const models = query.status ? page.models.filter((model) => model.latestVersion?.status === query.status) : page.models;
  return { items: models.map((model) => modelView(model, usage)), nextCursor: page.nextPageToken ?? null, repository: repository.kind };
}

export async function getRegisteredModel(caller: Caller, namespace: string, name: string) {
  requireReadable(caller, namespace, `Registered model ${name}`);
  const repository = getRepository();
  const model = await repository.getModel(namespace, name);
  if (!model) throw notFound(`Registered model ${name}`);
  const [versions, usage] = await Promise.all([repository.listVersions(namespace, name), deploymentLocations(caller, namespace)]);
  return { ...modelView(model, usage), versions: versions.map((version) => versionView(version, usage)) };
}

export async function getModelVersion(caller: Caller, namespace: string, name: string, version: string) {
  requireReadable(caller, namespace, `Version ${version} of ${name}`);
  const found = await getRepository().getVersion(namespace, name, version);
  if (!found) throw notFound(`Version ${version} of ${name}`);
  const prefix = tenantStorePrefix(namespace, found);
  const files = prefix !== undefined ? await getArtifactStore().list(prefix) : [];
  return {
    ...versionView(found, await deploymentLocations(caller, namespace)),
    files,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
  };
}

/**
 * Deploy Model's starting point: the URL of a version the caller may deploy, or why it cannot (a tenant it does not
 * manage, no such version, not READY). Reads the version only: no files, no deployments.
 */
export async function deployableVersion(
  caller: Caller,
  namespace: string,
  name: string,
  version: string,
): Promise<{ url: string } | { problem: string }> {
  if (!canManageModels(caller, namespace)) return { problem: `You cannot deploy into tenant ${namespace}.` };
  const found = await getRepository().getVersion(namespace, name, version);
  if (!found) return { problem: `There is no version ${version} of ${name} in the repository of ${namespace}.` };
  const url = deployableUrlOf(found);
  if (found.status !== "READY" || !url) return { problem: `Version ${version} of ${name} is not ready to deploy (${found.status}).` };
  return { url };
}

/** `POST /register_s3_model`: a new version whose source is an existing S3 location, checked to be there and readable. */
export async function registerS3Model(caller: Caller, body: RegisterS3ModelRequest) {
  const namespace = await resolveNamespace(caller, body.namespace);
  requireManageable(caller, namespace, `Tenant ${namespace}`);
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(body.s3_uri);
  if (!match) throw invalid([{ field: "s3_uri", message: "Must be s3://<bucket>/<path>" }]);
  const reserved = Object.keys(body.tags ?? {}).filter((key) => RESERVED_TAGS.has(key));
  if (reserved.length > 0) throw invalid(reserved.map((key) => ({ field: `tags.${key}`, message: "Modelport sets this tag itself" })));
  if (storeLocationOf(body.s3_uri) !== undefined) {
    throw invalid([
      { field: "s3_uri", message: "This is Modelport's own weights store; import the model instead, or register a location outside it" },
    ]);
  }
  const credentials = credentialsOf(body);
  requireS3CredentialsPolicy(caller, namespace, credentials, credentials.kind === "openbao" ? "openbao_secret_path" : "aws_access_key_id");
  const location: S3Location = { bucket: match[1], prefix: match[2], endpoint: body.endpoint, region: body.region };
  const source = await s3SourceFor(namespace, location, credentials);
  const objects = await source.list();
  if (objects.length === 0) {
    throw invalid([{ field: "s3_uri", message: `Nothing is stored under ${body.s3_uri}` }]);
  }
  const repository = getRepository();
  return audited(
    caller,
    { action: "repository.register-s3", tenant: namespace, resourceKind: "RegisteredModel", resourceName: body.model_name },
    async () => {
      await repository.ensureModel(namespace, body.model_name, { description: body.description });
      const created = await repository.createVersion(namespace, body.model_name, {
        source: body.s3_uri.replace(/\/+$/, ""),
        description: body.description,
        tags: { ...(body.tags ?? {}), source: "s3", s3_objects: String(objects.length) },
        createdBy: caller.email ?? caller.subject,
      });
      const ready = await repository.settleVersion(
        namespace,
        body.model_name,
        created.version,
        "READY",
        `Registered ${objects.length} objects in place`,
      );
      return {
        message: `Registered ${body.s3_uri} as version ${ready.version} of ${body.model_name}`,
        model_name: ready.name,
        version: ready.version,
        status: ready.status,
        source: ready.source,
        model_version: versionView(ready, []),
      };
    },
  );
}

/** `POST /api/v1/repository/models/{namespace}/{name}/versions`: register_s3_model in camelCase. */
export async function createS3Version(caller: Caller, namespace: string, name: string, body: S3VersionInput) {
  const given = body.credentials;
  const registered = await registerS3Model(caller, {
    s3_uri: body.s3Uri,
    model_name: name,
    endpoint: body.endpoint,
    region: body.region,
    description: body.description,
    tags: body.tags,
    namespace,
    ...(given && "accessKeyId" in given
      ? { aws_access_key_id: given.accessKeyId, aws_secret_access_key: given.secretAccessKey, aws_session_token: given.sessionToken }
      : given && "secret" in given
        ? { credentials_secret: given.secret }
        : given
          ? { openbao_secret_path: given.openbaoPath, openbao_secret_version: given.version }
          : {}),
  });
  return registered.model_version;
}

function credentialsOf(body: RegisterS3ModelRequest) {
  if (body.aws_access_key_id && body.aws_secret_access_key) {
    return {
      kind: "keys" as const,
      accessKeyId: body.aws_access_key_id,
      secretAccessKey: body.aws_secret_access_key,
      sessionToken: body.aws_session_token,
    };
  }
  if (body.credentials_secret) return { kind: "secret" as const, name: body.credentials_secret };
  if (body.openbao_secret_path) return { kind: "openbao" as const, path: body.openbao_secret_path, version: body.openbao_secret_version };
  return { kind: "default" as const };
}

/**
 * `DELETE /delete_model`: a whole registered model, or one version; with delete_artifacts, the files Modelport stored
 * for it too. Refused while a deployment's url is (or is inside) a version's location, unless forced.
 */
export async function deleteRegisteredModel(caller: Caller, body: DeleteModelRequest) {
  const namespace = await resolveNamespace(caller, body.namespace);
  requireManageable(caller, namespace, `Registered model ${body.model_name}`);
  const repository = getRepository();
  const model = await repository.getModel(namespace, body.model_name);
  if (!model) throw notFound(`Registered model ${body.model_name}`);
  const all = await repository.listVersions(namespace, body.model_name);
  const version = body.version === undefined ? undefined : String(body.version);
  const targets = version === undefined ? all : all.filter((candidate) => candidate.version === version);
  if (version !== undefined && targets.length === 0) throw notFound(`Version ${version} of ${body.model_name}`);
  const importing = await runningImports(targets);
  if (importing.length > 0) {
    throw new AppError("conflict", `${importing.join("; ")}: cancel the import first (POST /api/v1/jobs/{id}/cancel)`, { importing });
  }
  const usage = await deploymentLocations(caller, namespace);
  const inUse = targets.flatMap((target) => versionView(target, usage).usedBy.map((use) => `${use.name} uses version ${target.version}`));
  if (inUse.length > 0 && !body.force) {
    throw new AppError(
      "conflict",
      `${body.model_name} is in use: ${inUse.join("; ")}. Delete those deployments first, or send force: true`,
      {
        usedBy: inUse,
      },
    );
  }
  const what = version === undefined ? body.model_name : `${body.model_name} version ${version}`;
  return audited(
    caller,
    {
      action: "repository.delete",
      tenant: namespace,
      resourceKind: "RegisteredModel",
      resourceName: what,
      before: { versions: targets.map((target) => target.version) },
    },
    async () => {
      const store = getArtifactStore();
      const removed: string[] = [];
      if (body.delete_artifacts) {
        for (const target of targets) {
          const prefix = tenantStorePrefix(namespace, target);
          if (prefix !== undefined) {
            await store.remove(prefix);
            removed.push(target.source);
          }
        }
      }
      if (version === undefined) await repository.deleteModel(namespace, body.model_name);
      else await repository.deleteVersion(namespace, body.model_name, version);
      return {
        message: `Deleted ${what}${removed.length > 0 ? ` and its stored files` : ""}`,
        model_name: body.model_name,
        deleted_versions: targets.map((target) => target.version),
        deleted_artifacts: removed,
      };
    },
  );
}

/**
 * Versions an import is still writing (or will write, once a retried job is picked up): deleting them would pull the
 * files from under the job, even when forced.
 */
async function runningImports(versions: ModelVersion[]): Promise<string[]> {
  const running: string[] = [];
  for (const version of versions) {
    const id = version.tags.import_job;
    if (!id) continue;
    const job = await getJob(id);
    if (job && job.tenant === version.tenant && (job.state === "queued" || job.state === "running")) {
      running.push(`import job ${id} is still writing version ${version.version}`);
    }
  }
  return running;
}

/** Tags Modelport writes on the versions it imports, which say where the files came from and which job wrote them. */
const RESERVED_TAGS = new Set(["source", "hf_repo", "hf_revision", "hf_commit", "s3_uri", "s3_objects", "experiment", "import_job"]);

/**
 * The store prefix of a version's files when they are this tenant's own in Modelport's store: only those are listed
 * or deleted through the version (a registered location elsewhere, or another tenant's path, is left alone).
 */
function tenantStorePrefix(tenant: string, version: ModelVersion): string | undefined {
  const url = deployableUrlOf(version);
  const prefix = url ? storeLocationOf(url) : undefined;
  return prefix !== undefined && prefix.startsWith(`${tenant}/`) ? prefix : undefined;
}
