// The model registry of the MLflow stand-in (tests/stand-ins/mlflow.ts): registered models and model versions with
// MLflow's answers — string versions, millisecond timestamps, latest_versions, MLflow's error messages. A version is
// created PENDING_REGISTRATION and becomes READY a little later, as on a registry that registers asynchronously.
import {
  alreadyExists,
  checkedTagKey,
  invalidParameter,
  matchesFilter,
  notFound,
  orderBy,
  pageOf,
  param,
  parseFilter,
  parseMaxResults,
  required,
  tagList,
  tagsFrom,
  type Call,
  type Route,
  type Tags,
} from "./mlflow-protocol";

interface StoredVersion {
  name: string;
  version: number;
  created: number;
  updated: number;
  userId: string;
  description: string;
  source: string;
  runId: string;
  status: string;
  readyAt: number;
  tags: Tags;
}

interface StoredModel {
  name: string;
  created: number;
  updated: number;
  description: string;
  tags: Tags;
  versions: Map<number, StoredVersion>;
  lastVersion: number;
}

function versionView(version: StoredVersion) {
  if (version.status === "PENDING_REGISTRATION" && Date.now() >= version.readyAt) version.status = "READY";
  return {
    name: version.name,
    version: String(version.version),
    creation_timestamp: version.created,
    last_updated_timestamp: version.updated,
    user_id: version.userId,
    current_stage: "None",
    description: version.description,
    source: version.source,
    run_id: version.runId,
    status: version.status,
    tags: tagList(version.tags),
    aliases: [],
  };
}

// Every version sits in stage "None", so MLflow's latest version per stage is just the highest one.
function modelView(model: StoredModel) {
  const latest = [...model.versions.values()].sort((a, b) => b.version - a.version)[0];
  return {
    name: model.name,
    creation_timestamp: model.created,
    last_updated_timestamp: model.updated,
    description: model.description,
    latest_versions: latest ? [versionView(latest)] : [],
    tags: tagList(model.tags),
    aliases: [],
  };
}

const searchable = (attributes: Record<string, string>, tags: Tags) => ({
  attribute: (key: string) => attributes[key],
  tag: (key: string) => tags.get(key),
});

/**
 * The registry's routes. `pageSize` caps every search page; a new version stays pending for `registrationMs`;
 * `runArtifactUri` resolves a `runs:/<id>/…` source for get-download-uri.
 */
export function registryRoutes(
  options: { pageSize?: number; registrationMs: number },
  runArtifactUri: (runId: string) => string,
): Record<string, Route> {
  const { pageSize, registrationMs } = options;
  const models = new Map<string, StoredModel>();
  const cap = (size: number) => Math.min(size, pageSize ?? size);

  const modelNamed = (name: string) => {
    const model = models.get(name);
    if (!model) throw notFound(`Registered Model with name=${name} not found`);
    return model;
  };
  const versionOf = (call: Call) => {
    const name = required(call, "name");
    const raw = required(call, "version");
    if (!/^\d+$/.test(raw)) throw invalidParameter(`Parameter 'version' must be an integer, got '${raw}'.`);
    const version = models.get(name)?.versions.get(Number(raw));
    if (!version) throw notFound(`Model Version (name=${name}, version=${raw}) not found`);
    return version;
  };

  return {
    "POST /api/2.0/mlflow/registered-models/create": (call) => {
      const name = required(call, "name");
      if (models.has(name)) throw alreadyExists(`Registered Model (name=${name}) already exists.`);
      const now = Date.now();
      const description = param(call, "description") ?? "";
      const model: StoredModel = {
        name,
        created: now,
        updated: now,
        description,
        tags: tagsFrom(call.body.tags),
        versions: new Map(),
        lastVersion: 0,
      };
      models.set(name, model);
      return { registered_model: modelView(model) };
    },
    "GET /api/2.0/mlflow/registered-models/get": (call) => ({ registered_model: modelView(modelNamed(required(call, "name"))) }),
    "GET /api/2.0/mlflow/registered-models/search": (call) => {
      const clauses = parseFilter(param(call, "filter") ?? "", ["name"]);
      const compare = orderBy<StoredModel>(
        call.url.searchParams.getAll("order_by"),
        { name: (model) => model.name, creation_timestamp: (model) => model.created, last_updated_timestamp: (model) => model.updated },
        ["name ASC"],
      );
      const found = [...models.values()]
        .filter((model) => matchesFilter(searchable({ name: model.name }, model.tags), clauses))
        .sort(compare);
      const maxResults = cap(parseMaxResults(param(call, "max_results") ?? null, 100, 1000));
      const { page, nextPageToken } = pageOf(found, maxResults, param(call, "page_token") ?? null);
      return { registered_models: page.map(modelView), next_page_token: nextPageToken };
    },
    "PATCH /api/2.0/mlflow/registered-models/update": (call) => {
      const model = modelNamed(required(call, "name"));
      Object.assign(model, { description: param(call, "description") ?? "", updated: Date.now() });
      return { registered_model: modelView(model) };
    },
    "DELETE /api/2.0/mlflow/registered-models/delete": (call) => {
      models.delete(modelNamed(required(call, "name")).name);
      return {};
    },
    "POST /api/2.0/mlflow/registered-models/set-tag": (call) => {
      modelNamed(required(call, "name")).tags.set(checkedTagKey(required(call, "key")), param(call, "value") ?? "");
      return {};
    },
    "POST /api/2.0/mlflow/model-versions/create": (call) => {
      const model = modelNamed(required(call, "name"));
      const source = required(call, "source");
      const now = Date.now();
      const version: StoredVersion = {
        ...{ name: model.name, version: ++model.lastVersion, created: now, updated: now, userId: call.user, source },
        ...{ description: param(call, "description") ?? "", runId: param(call, "run_id") ?? "", tags: tagsFrom(call.body.tags) },
        ...{ status: "PENDING_REGISTRATION", readyAt: now + registrationMs },
      };
      model.versions.set(version.version, version);
      model.updated = now;
      return { model_version: versionView(version) };
    },
    "GET /api/2.0/mlflow/model-versions/get": (call) => ({ model_version: versionView(versionOf(call)) }),
    "GET /api/2.0/mlflow/model-versions/search": (call) => {
      const clauses = parseFilter(param(call, "filter") ?? "", ["name", "run_id"]);
      const compare = orderBy<StoredVersion>(
        call.url.searchParams.getAll("order_by"),
        {
          ...{ name: (version) => version.name, version_number: (version) => version.version },
          ...{ creation_timestamp: (version) => version.created, last_updated_timestamp: (version) => version.updated },
        },
        ["last_updated_timestamp DESC", "name ASC", "version_number DESC"],
      );
      const found = [...models.values()]
        .flatMap((model) => [...model.versions.values()])
        .filter((version) => matchesFilter(searchable({ name: version.name, run_id: version.runId }, version.tags), clauses))
        .sort(compare);
      const maxResults = cap(parseMaxResults(param(call, "max_results") ?? null, 10_000, 200_000));
      const { page, nextPageToken } = pageOf(found, maxResults, param(call, "page_token") ?? null);
      return { model_versions: page.map(versionView), next_page_token: nextPageToken };
    },
    "GET /api/2.0/mlflow/model-versions/get-download-uri": (call) => {
      const { source } = versionOf(call);
      const fromRun = /^runs:\/([^/]+)\/?(.*)$/.exec(source);
      if (!fromRun) return { artifact_uri: source };
      const root = runArtifactUri(fromRun[1]);
      return { artifact_uri: fromRun[2] ? `${root}/${fromRun[2]}` : root };
    },
    "PATCH /api/2.0/mlflow/model-versions/update": (call) => {
      const version = versionOf(call);
      Object.assign(version, { description: param(call, "description") ?? "", updated: Date.now() });
      return { model_version: versionView(version) };
    },
    "DELETE /api/2.0/mlflow/model-versions/delete": (call) => {
      const version = versionOf(call);
      const model = modelNamed(version.name);
      model.versions.delete(version.version);
      model.updated = Date.now();
      return {};
    },
    "POST /api/2.0/mlflow/model-versions/set-tag": (call) => {
      versionOf(call).tags.set(checkedTagKey(required(call, "key")), param(call, "value") ?? "");
      return {};
    },
  };
}
