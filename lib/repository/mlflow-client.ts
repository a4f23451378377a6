// A small typed client for the part of MLflow's REST API Modelport uses (../shared/reference/mlflow-rest.md): the
// model registry, experiments and runs, and proxied artifact storage. Answers keep MLflow's snake_case shapes and
// are parsed, not trusted; every failure is an `MlflowError` carrying MLflow's error code. Artifacts stream in and
// out, so a multi-gigabyte weight file never sits in memory.
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { z } from "zod";
import { AppError } from "@/lib/errors";

export interface MlflowClientOptions {
  /** MLFLOW_TRACKING_URI, e.g. `https://mlflow.example.com` or `http://mlflow:5000/prefix`. */
  trackingUri: string;
  /** Sent as `Authorization: Bearer`; wins over username and password. */
  token?: string;
  username?: string;
  password?: string;
  fetch?: typeof fetch;
  /** Milliseconds one JSON call may take; artifact transfers are bounded only by the caller's signal. */
  timeoutMs?: number;
}

export class MlflowError extends Error {
  constructor(
    /** The HTTP status, or 0 when MLflow could not be reached. */
    readonly status: number,
    /** MLflow's `error_code` (RESOURCE_DOES_NOT_EXIST, …), or the one MLflow uses for the status when the body had none. */
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = "MlflowError";
  }
}

export const isMlflowError = (error: unknown, errorCode: string): error is MlflowError =>
  error instanceof MlflowError && error.errorCode === errorCode;

// int64 fields arrive as JSON numbers from MLflow, as strings through some gateways.
const int64 = z.union([z.number(), z.string()]).transform(Number);
const tagsSchema = z.array(z.object({ key: z.string(), value: z.string().default("") })).default([]);

const modelVersionSchema = z.object({
  name: z.string(),
  version: z.union([z.string(), z.number()]).transform(String),
  creation_timestamp: int64.optional(),
  last_updated_timestamp: int64.optional(),
  user_id: z.string().optional(),
  current_stage: z.string().optional(),
  description: z.string().optional(),
  source: z.string().default(""),
  run_id: z.string().optional(),
  status: z.string().default("READY"),
  status_message: z.string().optional(),
  tags: tagsSchema,
});
const registeredModelSchema = z.object({
  name: z.string(),
  creation_timestamp: int64.optional(),
  last_updated_timestamp: int64.optional(),
  description: z.string().optional(),
  latest_versions: z.array(modelVersionSchema).default([]),
  tags: tagsSchema,
});
const runInfoSchema = z.object({
  run_id: z.string(),
  experiment_id: z.string(),
  artifact_uri: z.string(),
  status: z.string(),
  start_time: int64.optional(),
  end_time: int64.optional(),
});
const fileSchema = z.object({ path: z.string(), is_dir: z.boolean().default(false), file_size: int64.optional() });
const errorSchema = z.object({ error_code: z.string(), message: z.string().default("") });
const nothing = z.object({});
const registeredModelAnswer = z.object({ registered_model: registeredModelSchema });
const modelVersionAnswer = z.object({ model_version: modelVersionSchema });

export type MlflowTag = z.infer<typeof tagsSchema>[number];
export type MlflowModelVersion = z.infer<typeof modelVersionSchema>;
export type MlflowRegisteredModel = z.infer<typeof registeredModelSchema>;
export type MlflowRunInfo = z.infer<typeof runInfoSchema>;
export type MlflowArtifactFile = z.infer<typeof fileSchema>;

/** The error code MLflow (or the proxy in front of it) means by a status whose body carried none. */
function errorCodeForStatus(status: number): string {
  const known: Record<number, string> = {
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "ENDPOINT_NOT_FOUND",
    429: "REQUEST_LIMIT_EXCEEDED",
    503: "TEMPORARILY_UNAVAILABLE",
  };
  return known[status] ?? (status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST");
}

async function errorFrom(response: Response, what: string): Promise<MlflowError> {
  const text = await response.text().catch(() => "");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const parsed = errorSchema.safeParse(body);
  if (parsed.success)
    return new MlflowError(response.status, parsed.data.error_code, parsed.data.message || `MLflow answered ${response.status} to ${what}`);
  const detail = text.trim().slice(0, 300);
  return new MlflowError(
    response.status,
    errorCodeForStatus(response.status),
    `MLflow answered ${response.status} to ${what}${detail ? `: ${detail}` : ""}`,
  );
}

async function parsedBody<T extends z.ZodType>(response: Response, schema: T, what: string): Promise<z.infer<T>> {
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success)
    throw new MlflowError(response.status, "INTERNAL_ERROR", `MLflow answered ${what} with an unexpected body: ${parsed.error.message}`);
  return parsed.data;
}

/** The store path a proxied artifact URI names: `mlflow-artifacts:/1/abc/artifacts` → `1/abc/artifacts`. */
function artifactStorePath(artifactUri: string, relativePath: string): string {
  const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/*(.*)$/.exec(artifactUri);
  if (!match) {
    throw new AppError(
      "bad_request",
      `${artifactUri.split(":")[0]}: locations are not served by MLflow's artifact proxy; write them with that store's own client`,
    );
  }
  return [match[1], relativePath]
    .map((part) => part.replace(/^\/+|\/+$/g, ""))
    .filter(Boolean)
    .join("/");
}

const encodePath = (path: string) => path.split("/").map(encodeURIComponent).join("/");

type Query = Record<string, string | number | string[] | undefined>;

export class MlflowClient {
  private readonly base: string;
  private readonly authorization?: string;
  private readonly fetch: typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: MlflowClientOptions) {
    // Credentials written into the URI become basic auth: fetch refuses URLs carrying them, and messages name the host.
    const url = new URL(options.trackingUri);
    const username = options.username ?? decodeURIComponent(url.username);
    const password = options.password ?? decodeURIComponent(url.password);
    url.username = url.password = "";
    this.base = url.toString().replace(/\/+$/, "");
    if (options.token) this.authorization = `Bearer ${options.token}`;
    else if (username) this.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
    this.fetch = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  private async send(url: string, init: RequestInit, what: string): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.authorization) headers.set("authorization", this.authorization);
    let response: Response;
    try {
      response = await this.fetch(url, { ...init, headers });
    } catch (error) {
      // The caller stopped the transfer: that is theirs to handle, not MLflow being down.
      if (error instanceof Error && error.name === "AbortError") throw error;
      const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw new MlflowError(
        0,
        "TEMPORARILY_UNAVAILABLE",
        `MLflow at ${new URL(this.base).host} could not be reached for ${what}: ${cause}`,
      );
    }
    if (!response.ok) throw await errorFrom(response, what);
    return response;
  }

  private async call<T extends z.ZodType>(
    method: string,
    endpoint: string,
    schema: T,
    request: { query?: Query; body?: object } = {},
  ): Promise<z.infer<T>> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query ?? {})) {
      for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) query.append(key, String(item));
    }
    const url = `${this.base}/api/2.0/mlflow/${endpoint}${query.size ? `?${query}` : ""}`;
    const init: RequestInit = request.body
      ? { method, headers: { "content-type": "application/json" }, body: JSON.stringify(request.body) }
      : { method };
    const response = await this.send(url, { ...init, signal: AbortSignal.timeout(this.timeoutMs) }, `${method} ${endpoint}`);
    return parsedBody(response, schema, endpoint);
  }

  async createRegisteredModel(model: { name: string; description?: string; tags?: MlflowTag[] }): Promise<MlflowRegisteredModel> {
    return (await this.call("POST", "registered-models/create", registeredModelAnswer, { body: model })).registered_model;
  }

  async getRegisteredModel(name: string): Promise<MlflowRegisteredModel> {
    return (await this.call("GET", "registered-models/get", registeredModelAnswer, { query: { name } })).registered_model;
  }

  async searchRegisteredModels(search: { filter?: string; maxResults?: number; orderBy?: string[]; pageToken?: string } = {}) {
    const schema = z.object({ registered_models: z.array(registeredModelSchema).default([]), next_page_token: z.string().optional() });
    const query = { filter: search.filter, max_results: search.maxResults, order_by: search.orderBy, page_token: search.pageToken };
    const page = await this.call("GET", "registered-models/search", schema, { query });
    return { registeredModels: page.registered_models, nextPageToken: page.next_page_token || undefined };
  }

  async updateRegisteredModel(name: string, description: string): Promise<MlflowRegisteredModel> {
    return (await this.call("PATCH", "registered-models/update", registeredModelAnswer, { body: { name, description } })).registered_model;
  }

  async deleteRegisteredModel(name: string): Promise<void> {
    await this.call("DELETE", "registered-models/delete", nothing, { body: { name } });
  }

  async setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
    await this.call("POST", "registered-models/set-tag", nothing, { body: { name, key, value } });
  }

  async createModelVersion(version: {
    name: string;
    source: string;
    run_id?: string;
    description?: string;
    tags?: MlflowTag[];
  }): Promise<MlflowModelVersion> {
    return (await this.call("POST", "model-versions/create", modelVersionAnswer, { body: version })).model_version;
  }

  async getModelVersion(name: string, version: string): Promise<MlflowModelVersion> {
    return (await this.call("GET", "model-versions/get", modelVersionAnswer, { query: { name, version } })).model_version;
  }

  async searchModelVersions(search: { filter?: string; maxResults?: number; orderBy?: string[]; pageToken?: string } = {}) {
    const schema = z.object({ model_versions: z.array(modelVersionSchema).default([]), next_page_token: z.string().optional() });
    const query = { filter: search.filter, max_results: search.maxResults, order_by: search.orderBy, page_token: search.pageToken };
    const page = await this.call("GET", "model-versions/search", schema, { query });
    return { modelVersions: page.model_versions, nextPageToken: page.next_page_token || undefined };
  }

  /** Where a serving engine loads the version from: its source, with `runs:/…` resolved to the run's artifacts. */
  async getModelVersionDownloadUri(name: string, version: string): Promise<string> {
    return (await this.call("GET", "model-versions/get-download-uri", z.object({ artifact_uri: z.string() }), { query: { name, version } }))
      .artifact_uri;
  }

  async updateModelVersion(name: string, version: string, description: string): Promise<MlflowModelVersion> {
    return (await this.call("PATCH", "model-versions/update", modelVersionAnswer, { body: { name, version, description } })).model_version;
  }

  async deleteModelVersion(name: string, version: string): Promise<void> {
    await this.call("DELETE", "model-versions/delete", nothing, { body: { name, version } });
  }

  async setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    await this.call("POST", "model-versions/set-tag", nothing, { body: { name, version, key, value } });
  }

  /** The new experiment's id. */
  async createExperiment(name: string, artifactLocation?: string): Promise<string> {
    const body = { name, artifact_location: artifactLocation };
    return (await this.call("POST", "experiments/create", z.object({ experiment_id: z.string() }), { body })).experiment_id;
  }

  async getExperimentByName(
    name: string,
  ): Promise<{ experiment_id: string; name: string; artifact_location?: string; lifecycle_stage?: string }> {
    const schema = z.object({
      experiment: z.object({
        experiment_id: z.string(),
        name: z.string(),
        artifact_location: z.string().optional(),
        lifecycle_stage: z.string().optional(),
      }),
    });
    return (await this.call("GET", "experiments/get-by-name", schema, { query: { experiment_name: name } })).experiment;
  }

  async createRun(run: { experiment_id: string; run_name?: string; start_time?: number; tags?: MlflowTag[] }): Promise<MlflowRunInfo> {
    const body = { start_time: Date.now(), ...run };
    return (await this.call("POST", "runs/create", z.object({ run: z.object({ info: runInfoSchema }) }), { body })).run.info;
  }

  async updateRun(runId: string, status: "RUNNING" | "FINISHED" | "FAILED" | "KILLED", endTime = Date.now()): Promise<MlflowRunInfo> {
    const body = { run_id: runId, status, end_time: endTime };
    return (await this.call("POST", "runs/update", z.object({ run_info: runInfoSchema }), { body })).run_info;
  }

  async setRunTag(runId: string, key: string, value: string): Promise<void> {
    await this.call("POST", "runs/set-tag", nothing, { body: { run_id: runId, key, value } });
  }

  /** One level of a run's artifacts; paths are relative to the run's artifact root. */
  async listRunArtifacts(runId: string, path?: string): Promise<{ rootUri: string; files: MlflowArtifactFile[] }> {
    const schema = z.object({ root_uri: z.string().default(""), files: z.array(fileSchema).default([]) });
    const listing = await this.call("GET", "artifacts/list", schema, { query: { run_id: runId, path } });
    return { rootUri: listing.root_uri, files: listing.files };
  }

  private artifactUrl(artifactUri: string, relativePath: string): string {
    return `${this.base}/api/2.0/mlflow-artifacts/artifacts/${encodePath(artifactStorePath(artifactUri, relativePath))}`;
  }

  /**
   * Streams one file to `<artifactUri>/<relativePath>` through MLflow's artifact proxy. With `bytes` the request
   * carries a Content-Length (some proxies refuse chunked uploads); without it, the body is sent chunked.
   */
  async uploadArtifact(
    artifactUri: string,
    relativePath: string,
    body: Readable | Buffer,
    bytes?: number,
    signal?: AbortSignal,
  ): Promise<void> {
    const headers: Record<string, string> = { "content-type": "application/octet-stream" };
    if (bytes !== undefined) headers["content-length"] = String(bytes);
    // A Readable travels as a web stream with duplex "half": fetch reads it as the socket drains, never all at once.
    const payload = Buffer.isBuffer(body)
      ? (body as Uint8Array<ArrayBuffer>)
      : (Readable.toWeb(body) as ReadableStream<Uint8Array<ArrayBuffer>>);
    const init: RequestInit & { duplex: "half" } = { method: "PUT", headers, body: payload, duplex: "half", signal };
    await this.send(this.artifactUrl(artifactUri, relativePath), init, `PUT artifact ${relativePath}`);
  }

  async downloadArtifact(artifactUri: string, relativePath: string, signal?: AbortSignal): Promise<Readable> {
    const response = await this.send(
      this.artifactUrl(artifactUri, relativePath),
      { method: "GET", signal },
      `GET artifact ${relativePath}`,
    );
    if (!response.body) return Readable.from([]);
    return Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
  }

  /** Files below `<artifactUri>/<path>`, paths relative to `artifactUri`; one level unless `recursive`. */
  async listArtifacts(artifactUri: string, options: { path?: string; recursive?: boolean } = {}): Promise<MlflowArtifactFile[]> {
    const dir = (options.path ?? "").replace(/^\/+|\/+$/g, "");
    const query = new URLSearchParams({ path: artifactStorePath(artifactUri, dir) });
    const url = `${this.base}/api/2.0/mlflow-artifacts/artifacts?${query}`;
    const response = await this.send(url, { method: "GET", signal: AbortSignal.timeout(this.timeoutMs) }, `list artifacts ${dir || "/"}`);
    const listing = await parsedBody(response, z.object({ files: z.array(fileSchema).default([]) }), "the artifact listing");
    // MLflow names each entry by its base name; give the path below artifactUri instead.
    const files = listing.files.map((file) => ({ ...file, path: dir ? `${dir}/${file.path}` : file.path }));
    if (!options.recursive) return files;
    const nested = await Promise.all(
      files.filter((file) => file.is_dir).map((file) => this.listArtifacts(artifactUri, { path: file.path, recursive: true })),
    );
    return [...files.filter((file) => !file.is_dir), ...nested.flat()].sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  /** Removes `<artifactUri>/<relativePath>` and everything below it; removing nothing is not an error. */
  async deleteArtifacts(artifactUri: string, relativePath = ""): Promise<void> {
    await this.send(
      this.artifactUrl(artifactUri, relativePath),
      { method: "DELETE", signal: AbortSignal.timeout(this.timeoutMs) },
      `DELETE artifacts ${relativePath || "/"}`,
    );
  }
}
