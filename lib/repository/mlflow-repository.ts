// The model repository on an MLflow tracking server (MLFLOW_TRACKING_URI). MLflow's names are global, so a tenant's
// model "llama" is the registered model "<tenant>.llama" (tenants are DNS labels: no dots). MLflow owns `status`
// and `user_id`, so the registration state Modelport drives (createVersion → settleVersion) and the creator live in
// `modelport.*` version tags, which callers never see among a version's tags.
import { AppError } from "@/lib/errors";
import {
  isMlflowError,
  MlflowClient,
  MlflowError,
  type MlflowClientOptions,
  type MlflowModelVersion,
  type MlflowRegisteredModel,
  type MlflowTag,
} from "@/lib/repository/mlflow-client";
import {
  VERSION_STATUSES,
  type ModelPage,
  type ModelVersion,
  type NewVersion,
  type RegisteredModel,
  type Repository,
  type VersionStatus,
} from "@/lib/repository/repository";

const RESERVED_TAG_PREFIX = "modelport.";
const STATUS_TAG = "modelport.status";
const STATUS_MESSAGE_TAG = "modelport.status_message";
const CREATED_BY_TAG = "modelport.created_by";
const TENANT_TAG = "modelport.tenant";
const DEFAULT_PAGE_SIZE = 100;
/** MLflow refuses registered-model searches asking for more. */
const MAX_PAGE_SIZE = 1000;

export const mlflowName = (tenant: string, name: string) => `${tenant}.${name}`;

/**
 * A string literal for MLflow's filter grammar. MLflow's parser has no escapes, so a value holding a single quote is
 * written in double quotes; one holding both kinds cannot be written at all.
 */
function filterLiteral(value: string): string {
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"')) return `"${value}"`;
  throw new AppError("bad_request", `MLflow cannot search for a name containing both ' and ": ${value}`);
}

/**
 * `value` inside a LIKE pattern. `%` and `_` stay wildcards (MLflow offers no escape) and quotes and backslashes
 * become `_`, so the pattern may match more than the literal text: callers filter the answer again.
 */
const likeText = (value: string) => value.replace(/['"\\]/g, "_");

const tagRecord = (tags: MlflowTag[]) =>
  Object.fromEntries(tags.filter((tag) => !tag.key.startsWith(RESERVED_TAG_PREFIX)).map((tag) => [tag.key, tag.value]));
const tagList = (tags: Record<string, string> = {}) =>
  Object.entries(tags)
    .filter(([key]) => !key.startsWith(RESERVED_TAG_PREFIX))
    .map(([key, value]) => ({ key, value }));
const tagValue = (tags: MlflowTag[], key: string) => tags.find((tag) => tag.key === key)?.value;
const isVersionStatus = (value: string | undefined): value is VersionStatus => VERSION_STATUSES.some((status) => status === value);

/** MLflow's own status wins until it says READY; then the one Modelport recorded, if any. */
export function versionStatus(version: MlflowModelVersion): { status: VersionStatus; statusMessage: string | null } {
  if (version.status !== "READY" && isVersionStatus(version.status))
    return { status: version.status, statusMessage: version.status_message || null };
  const recorded = tagValue(version.tags, STATUS_TAG);
  if (!isVersionStatus(recorded)) return { status: "READY", statusMessage: null };
  return { status: recorded, statusMessage: tagValue(version.tags, STATUS_MESSAGE_TAG) || null };
}

function toVersion(tenant: string, version: MlflowModelVersion): ModelVersion {
  return {
    tenant,
    name: version.name.slice(tenant.length + 1),
    version: version.version,
    ...versionStatus(version),
    source: version.source,
    description: version.description || null,
    tags: tagRecord(version.tags),
    createdAt: new Date(version.creation_timestamp ?? 0),
    updatedAt: new Date(version.last_updated_timestamp ?? version.creation_timestamp ?? 0),
    createdBy: tagValue(version.tags, CREATED_BY_TAG) || version.user_id || null,
  };
}

function toModel(tenant: string, model: MlflowRegisteredModel): RegisteredModel {
  // MLflow lists the newest version of each stage; the highest of those is the newest overall.
  const latest = model.latest_versions.reduce<MlflowModelVersion | undefined>(
    (highest, version) => (!highest || Number(version.version) > Number(highest.version) ? version : highest),
    undefined,
  );
  return {
    tenant,
    name: model.name.slice(tenant.length + 1),
    description: model.description || null,
    tags: tagRecord(model.tags),
    createdAt: new Date(model.creation_timestamp ?? 0),
    updatedAt: new Date(model.last_updated_timestamp ?? model.creation_timestamp ?? 0),
    latestVersion: latest ? toVersion(tenant, latest) : null,
  };
}

/** MLflow's refusals as errors a caller can act on. */
export function appErrorFrom(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  if (!(error instanceof MlflowError))
    return new AppError("internal", `${what} failed: ${error instanceof Error ? error.message : String(error)}`);
  switch (error.errorCode) {
    case "RESOURCE_DOES_NOT_EXIST":
      return new AppError("not_found", `${what}: ${error.message}`);
    case "RESOURCE_ALREADY_EXISTS":
      return new AppError("conflict", `${what}: ${error.message}`);
    case "INVALID_PARAMETER_VALUE":
    case "BAD_REQUEST":
      return new AppError("bad_request", `MLflow refused to ${what}: ${error.message}`);
    case "UNAUTHENTICATED":
    case "PERMISSION_DENIED":
      return new AppError(
        "unavailable",
        `MLflow refused Modelport's credentials (${error.status}) to ${what}: check the MLflow token, or username and password`,
      );
    default:
      return new AppError("unavailable", `MLflow could not ${what}: ${error.message}`);
  }
}

/** The answer, or undefined when MLflow says the thing does not exist. */
async function unlessMissing<T>(answer: Promise<T>, what: string): Promise<T | undefined> {
  try {
    return await answer;
  } catch (error) {
    if (isMlflowError(error, "RESOURCE_DOES_NOT_EXIST")) return undefined;
    throw appErrorFrom(error, what);
  }
}

async function orAppError<T>(answer: Promise<T>, what: string): Promise<T> {
  try {
    return await answer;
  } catch (error) {
    throw appErrorFrom(error, what);
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class MlflowRepository implements Repository {
  readonly kind = "mlflow" as const;
  /** Also what the importer uploads artifacts with. */
  readonly client: MlflowClient;
  /** How long settling a version waits for MLflow's own registration to finish. */
  private readonly registrationWaitMs: number;

  constructor(options: MlflowClientOptions & { registrationWaitMs?: number }) {
    this.client = new MlflowClient(options);
    this.registrationWaitMs = options.registrationWaitMs ?? 10_000;
  }

  /** Fills the page up to `limit` even when MLflow answers with less (a capped page, names only the wildcards matched). */
  async listModels(tenant: string, options: { search?: string; limit?: number; pageToken?: string } = {}): Promise<ModelPage> {
    const prefix = mlflowName(tenant, "");
    const search = options.search?.trim() ?? "";
    const filter = [`name LIKE ${filterLiteral(`${likeText(prefix)}%`)}`];
    if (search) filter.push(`name ILIKE ${filterLiteral(`${likeText(prefix)}%${likeText(search)}%`)}`);
    const limit = Math.min(Math.max(options.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const models: RegisteredModel[] = [];
    let pageToken = options.pageToken;
    do {
      const page = await orAppError(
        this.client.searchRegisteredModels({
          filter: filter.join(" AND "),
          maxResults: limit - models.length,
          orderBy: ["name ASC"],
          pageToken,
        }),
        `list the models of ${tenant}`,
      );
      const matching = page.registeredModels.filter(
        (model) => model.name.startsWith(prefix) && model.name.slice(prefix.length).toLowerCase().includes(search.toLowerCase()),
      );
      models.push(...matching.map((model) => toModel(tenant, model)));
      pageToken = page.nextPageToken;
    } while (pageToken && models.length < limit);
    return pageToken ? { models, nextPageToken: pageToken } : { models };
  }

  async getModel(tenant: string, name: string): Promise<RegisteredModel | undefined> {
    const model = await unlessMissing(this.client.getRegisteredModel(mlflowName(tenant, name)), `read model '${name}'`);
    return model && toModel(tenant, model);
  }

  async ensureModel(
    tenant: string,
    name: string,
    options: { description?: string; tags?: Record<string, string> } = {},
  ): Promise<RegisteredModel> {
    const existing = await this.getModel(tenant, name);
    if (existing) return existing;
    try {
      const created = await this.client.createRegisteredModel({
        name: mlflowName(tenant, name),
        description: options.description,
        tags: tagList(options.tags),
      });
      return toModel(tenant, created);
    } catch (error) {
      // Another request created it between our read and our create: theirs is the model.
      const raced = isMlflowError(error, "RESOURCE_ALREADY_EXISTS") ? await this.getModel(tenant, name) : undefined;
      if (raced) return raced;
      throw appErrorFrom(error, `create model '${name}'`);
    }
  }

  async deleteModel(tenant: string, name: string): Promise<boolean> {
    const deleted = await unlessMissing(
      this.client.deleteRegisteredModel(mlflowName(tenant, name)).then(() => true),
      `delete model '${name}'`,
    );
    return deleted ?? false;
  }

  async listVersions(tenant: string, name: string): Promise<ModelVersion[]> {
    const fullName = mlflowName(tenant, name);
    const versions: MlflowModelVersion[] = [];
    let pageToken: string | undefined;
    do {
      const page = await orAppError(
        this.client.searchModelVersions({
          filter: `name=${filterLiteral(fullName)}`,
          maxResults: MAX_PAGE_SIZE,
          orderBy: ["version_number DESC"],
          pageToken,
        }),
        `list the versions of '${name}'`,
      );
      versions.push(...page.modelVersions.filter((version) => version.name === fullName));
      pageToken = page.nextPageToken;
    } while (pageToken);
    return versions.sort((a, b) => Number(b.version) - Number(a.version)).map((version) => toVersion(tenant, version));
  }

  async getVersion(tenant: string, name: string, version: string): Promise<ModelVersion | undefined> {
    if (!/^\d+$/.test(version)) return undefined;
    const found = await unlessMissing(
      this.client.getModelVersion(mlflowName(tenant, name), version),
      `read version ${version} of '${name}'`,
    );
    return found && toVersion(tenant, found);
  }

  async createVersion(tenant: string, name: string, version: NewVersion): Promise<ModelVersion> {
    const tags = [
      ...tagList(version.tags),
      { key: STATUS_TAG, value: "PENDING_REGISTRATION" },
      { key: CREATED_BY_TAG, value: version.createdBy },
    ];
    const request = {
      name: mlflowName(tenant, name),
      source: version.source,
      run_id: version.runId,
      description: version.description,
      tags,
    };
    try {
      return toVersion(tenant, await this.client.createModelVersion(request));
    } catch (error) {
      if (isMlflowError(error, "RESOURCE_DOES_NOT_EXIST")) throw new AppError("not_found", `Model '${name}' not found`);
      throw appErrorFrom(error, `create a version of '${name}'`);
    }
  }

  async settleVersion(tenant: string, name: string, version: string, status: VersionStatus, message?: string): Promise<ModelVersion> {
    if (!(await this.getVersion(tenant, name, version))) throw new AppError("not_found", `Version ${version} of model '${name}' not found`);
    const fullName = mlflowName(tenant, name);
    const what = `settle version ${version} of '${name}'`;
    // The message first: a reader that sees the new status also sees why.
    await orAppError(this.client.setModelVersionTag(fullName, version, STATUS_MESSAGE_TAG, message ?? ""), what);
    await orAppError(this.client.setModelVersionTag(fullName, version, STATUS_TAG, status), what);
    return this.afterRegistration(tenant, name, version);
  }

  /** MLflow's own status shows until its registration finishes, so the settled one only shows after; waits a bounded while. */
  private async afterRegistration(tenant: string, name: string, version: string): Promise<ModelVersion> {
    const what = `read version ${version} of '${name}'`;
    const deadline = Date.now() + this.registrationWaitMs;
    for (let delay = 25; ; delay = Math.min(delay * 2, 500)) {
      const current = await unlessMissing(this.client.getModelVersion(mlflowName(tenant, name), version), what);
      if (!current) throw new AppError("not_found", `Version ${version} of model '${name}' was deleted while it was being settled`);
      if (current.status !== "PENDING_REGISTRATION" || Date.now() + delay > deadline) return toVersion(tenant, current);
      await pause(delay);
    }
  }

  async deleteVersion(tenant: string, name: string, version: string): Promise<boolean> {
    if (!/^\d+$/.test(version)) return false;
    const deleted = await unlessMissing(
      this.client.deleteModelVersion(mlflowName(tenant, name), version).then(() => true),
      `delete version ${version} of '${name}'`,
    );
    return deleted ?? false;
  }

  /**
   * An MLflow run to own an import's uploaded files, in the tenant's experiment `<tenant>.<experimentName>` (created
   * when missing). Files go below `<artifactUri>/<artifact path>`; the version's source is that location.
   */
  async startImportRun(
    tenant: string,
    experimentName: string,
    tags: Record<string, string> = {},
  ): Promise<{ runId: string; artifactUri: string }> {
    const experimentId = await this.experimentIdFor(mlflowName(tenant, experimentName));
    const runTags = [{ key: TENANT_TAG, value: tenant }, ...Object.entries(tags).map(([key, value]) => ({ key, value }))];
    const run = await orAppError(
      this.client.createRun({ experiment_id: experimentId, tags: runTags }),
      `start an import run in experiment '${experimentName}'`,
    );
    return { runId: run.run_id, artifactUri: run.artifact_uri };
  }

  async finishImportRun(runId: string, ok: boolean): Promise<void> {
    await orAppError(this.client.updateRun(runId, ok ? "FINISHED" : "FAILED"), `finish import run ${runId}`);
  }

  private async experimentIdFor(name: string): Promise<string> {
    const what = `find or create experiment '${name}'`;
    const existing = await unlessMissing(this.client.getExperimentByName(name), what);
    if (existing) return existing.experiment_id;
    try {
      return await this.client.createExperiment(name);
    } catch (error) {
      if (!isMlflowError(error, "RESOURCE_ALREADY_EXISTS")) throw appErrorFrom(error, what);
      return (await orAppError(this.client.getExperimentByName(name), what)).experiment_id;
    }
  }
}
