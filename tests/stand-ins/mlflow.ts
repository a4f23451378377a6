// A stand-in for an MLflow tracking server (../shared/reference/mlflow-rest.md): the model registry
// (./mlflow-registry.ts), experiments and runs, and proxied artifact storage kept in memory. It answers as MLflow
// does — snake_case JSON without empty fields, `{"error_code", "message"}` errors with MLflow's statuses, the
// Content-Type check of MLflow's handlers, and the plain-text 401 of MLflow's basic-auth app when credentials are
// configured and missing or wrong. Multipart upload answers 501, as MLflow does over a store that cannot do it.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  alreadyExists,
  checkedTagKey,
  compact,
  invalidParameter,
  notFound,
  param,
  required,
  StandInError,
  tagList,
  tagsFrom,
  type Json,
  type Route,
  type Tags,
} from "./mlflow-protocol";
import { registryRoutes } from "./mlflow-registry";

export interface MlflowStandInOptions {
  /** Accept `Authorization: Bearer <token>`. */
  token?: string;
  /** Accept HTTP basic auth with these credentials. */
  basic?: { username: string; password: string };
  /** The most results one search page holds, whatever max_results asks: forces clients to follow next_page_token. */
  pageSize?: number;
  /** How long a new model version stays PENDING_REGISTRATION before it is READY (default 50 ms). */
  registrationMs?: number;
}

export interface MlflowStandIn {
  url: string;
  /** Requests received, as "METHOD path?query". */
  requests: string[];
  /** Bytes received so far by the latest PUT of an artifact path (below mlflow-artifacts/artifacts/), while it streams. */
  receivedBytes(artifactPath: string): number;
  close(): Promise<void>;
}

interface StoredExperiment {
  id: string;
  name: string;
  artifactLocation: string;
  created: number;
}

interface StoredRun {
  runId: string;
  experimentId: string;
  runName: string;
  userId: string;
  status: string;
  startTime: number;
  endTime?: number;
  artifactUri: string;
  tags: Tags;
}

const RUN_STATUSES = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];
const ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";

/** The store path an `mlflow-artifacts:/…` (or `mlflow-artifacts://host/…`) URI names. */
const storePathOf = (uri: string) => uri.replace(/^mlflow-artifacts:(\/\/[^/]*)?\/*/, "");

function safeArtifactPath(path: string): string {
  if (path.startsWith("/") || path.split("/").some((part) => part === ".." || part === "."))
    throw invalidParameter(`Invalid path: ${path}`);
  return path.replace(/\/+$/, "");
}

function runInfo(run: StoredRun) {
  return {
    ...{ run_id: run.runId, run_uuid: run.runId, run_name: run.runName, experiment_id: run.experimentId, user_id: run.userId },
    ...{ status: run.status, start_time: run.startTime, end_time: run.endTime, artifact_uri: run.artifactUri, lifecycle_stage: "active" },
  };
}

/** One level of a directory in the artifact store, as MLflow lists it: base names, no size for directories. */
function listArtifactDir(artifacts: Map<string, Buffer>, dir: string) {
  const prefix = dir ? `${dir}/` : "";
  const entries = new Map<string, { path: string; is_dir: boolean; file_size?: number }>();
  for (const [key, bytes] of artifacts) {
    if (!key.startsWith(prefix)) continue;
    const [first, ...rest] = key.slice(prefix.length).split("/");
    entries.set(first, rest.length ? { path: first, is_dir: true } : { path: first, is_dir: false, file_size: bytes.length });
  }
  return [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}

function trackingRoutes(artifacts: Map<string, Buffer>, runs: Map<string, StoredRun>): Record<string, Route> {
  const experiments = new Map<string, StoredExperiment>([
    ["0", { id: "0", name: "Default", artifactLocation: "mlflow-artifacts:/0", created: Date.now() }],
  ]);
  const runNamed = (runId: string) => {
    const run = runs.get(runId);
    if (!run) throw notFound(`Run with id=${runId} not found`);
    return run;
  };
  return {
    "POST /api/2.0/mlflow/experiments/create": (call) => {
      const name = required(call, "name");
      if ([...experiments.values()].some((experiment) => experiment.name === name))
        throw alreadyExists(`Experiment(name=${name}) already exists.`);
      const id = String(experiments.size);
      experiments.set(id, {
        id,
        name,
        artifactLocation: param(call, "artifact_location") ?? `mlflow-artifacts:/${id}`,
        created: Date.now(),
      });
      return { experiment_id: id };
    },
    "GET /api/2.0/mlflow/experiments/get-by-name": (call) => {
      const name = required(call, "experiment_name");
      const experiment = [...experiments.values()].find((candidate) => candidate.name === name);
      if (!experiment) throw notFound(`Could not find experiment with name '${name}'`);
      return {
        experiment: {
          ...{ experiment_id: experiment.id, name, artifact_location: experiment.artifactLocation, lifecycle_stage: "active" },
          ...{ creation_time: experiment.created, last_update_time: experiment.created },
        },
      };
    },
    "POST /api/2.0/mlflow/runs/create": (call) => {
      const experiment = experiments.get(required(call, "experiment_id"));
      if (!experiment) throw notFound(`No Experiment with id=${param(call, "experiment_id")} exists`);
      const runId = randomBytes(16).toString("hex");
      const run: StoredRun = {
        ...{ runId, experimentId: experiment.id, runName: param(call, "run_name") ?? `run-${runId.slice(0, 8)}` },
        ...{ userId: param(call, "user_id") ?? call.user, status: "RUNNING", startTime: Number(param(call, "start_time") ?? Date.now()) },
        ...{ artifactUri: `${experiment.artifactLocation}/${runId}/artifacts`, tags: tagsFrom(call.body.tags) },
      };
      runs.set(runId, run);
      return { run: { info: runInfo(run), data: { tags: tagList(run.tags) }, inputs: {} } };
    },
    "POST /api/2.0/mlflow/runs/update": (call) => {
      const run = runNamed(param(call, "run_id") ?? required(call, "run_uuid"));
      const status = param(call, "status") ?? run.status;
      if (!RUN_STATUSES.includes(status)) throw invalidParameter(`Invalid value '${status}' for parameter 'status'.`);
      const endTime = param(call, "end_time");
      Object.assign(run, { status, endTime: endTime === undefined ? run.endTime : Number(endTime) });
      return { run_info: runInfo(run) };
    },
    "POST /api/2.0/mlflow/runs/set-tag": (call) => {
      const run = runNamed(param(call, "run_id") ?? required(call, "run_uuid"));
      run.tags.set(checkedTagKey(required(call, "key")), param(call, "value") ?? "");
      return {};
    },
    "GET /api/2.0/mlflow/artifacts/list": (call) => {
      const run = runNamed(param(call, "run_id") ?? required(call, "run_uuid"));
      const path = safeArtifactPath(param(call, "path") ?? "");
      const root = storePathOf(run.artifactUri);
      const files = listArtifactDir(artifacts, path ? `${root}/${path}` : root).map((file) => ({
        ...file,
        path: path ? `${path}/${file.path}` : file.path,
      }));
      return { root_uri: run.artifactUri, files };
    },
    [`GET ${ARTIFACTS}`]: (call) => ({ files: listArtifactDir(artifacts, safeArtifactPath(param(call, "path") ?? "")) }),
  };
}

/** The basic-auth user (or "") when the caller may in, undefined when credentials are required and missing or wrong. */
function authenticate(req: http.IncomingMessage, options: MlflowStandInOptions): { user: string } | undefined {
  if (!options.token && !options.basic) return { user: "" };
  const header = req.headers.authorization ?? "";
  if (options.token && header === `Bearer ${options.token}`) return { user: "" };
  const basic = /^Basic (.+)$/.exec(header)?.[1];
  if (!options.basic || !basic) return undefined;
  const decoded = Buffer.from(basic, "base64").toString("utf8");
  const separator = decoded.indexOf(":");
  const [username, password] = [decoded.slice(0, separator), decoded.slice(separator + 1)];
  return username === options.basic.username && password === options.basic.password ? { user: username } : undefined;
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(compact(body)));
}

async function readJson(req: http.IncomingMessage): Promise<Json> {
  if ((req.method ?? "GET") === "GET") return {};
  if (!(req.headers["content-type"] ?? "").includes("application/json")) {
    req.resume();
    throw invalidParameter("Bad Request. Content-Type must be one of ['application/json'].");
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Json;
  } catch {
    // answered below, as for any body that is not a JSON object
  }
  throw invalidParameter("Malformed request body: expected a JSON object");
}

export async function startMlflowStandIn(options: MlflowStandInOptions = {}): Promise<MlflowStandIn> {
  const artifacts = new Map<string, Buffer>();
  const runs = new Map<string, StoredRun>();
  const runArtifactUri = (runId: string) => {
    const run = runs.get(runId);
    if (!run) throw notFound(`Run with id=${runId} not found`);
    return run.artifactUri;
  };
  const routes = {
    ...registryRoutes({ pageSize: options.pageSize, registrationMs: options.registrationMs ?? 50 }, runArtifactUri),
    ...trackingRoutes(artifacts, runs),
  };
  const requests: string[] = [];
  const received = new Map<string, number>();

  // The body is taken as it streams, as MLflow's upload handler reads it in chunks; receivedBytes shows the progress.
  const receiveArtifact = (req: http.IncomingMessage, res: http.ServerResponse, path: string) => {
    const chunks: Buffer[] = [];
    received.set(path, 0);
    req.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      received.set(path, (received.get(path) ?? 0) + chunk.length);
    });
    req.on("end", () => {
      artifacts.set(path, Buffer.concat(chunks));
      send(res, 200, {});
    });
  };

  const serveArtifact = (req: http.IncomingMessage, res: http.ServerResponse, path: string) => {
    if (req.method === "PUT") return receiveArtifact(req, res, path);
    req.resume();
    if (req.method === "DELETE") {
      for (const key of artifacts.keys()) if (key === path || key.startsWith(`${path}/`)) artifacts.delete(key);
      return send(res, 200, {});
    }
    const bytes = artifacts.get(path);
    if (!bytes) throw notFound(`File ${path} does not exist`);
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(bytes.length) });
    res.end(bytes);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://mlflow");
    const method = req.method ?? "GET";
    requests.push(`${method} ${url.pathname}${url.search}`);
    const identity = authenticate(req, options);
    if (!identity) {
      req.resume();
      res.writeHead(401, { "content-type": "text/plain", "www-authenticate": 'Basic realm="mlflow"' });
      return res.end(
        "You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.",
      );
    }
    if (/^\/api\/2\.0\/mlflow-artifacts\/mpu\/(create|complete|abort)\//.test(url.pathname)) {
      req.resume();
      throw new StandInError(501, "NOT_IMPLEMENTED", "Multipart upload is not supported for the current artifact repository");
    }
    if (url.pathname.startsWith(`${ARTIFACTS}/`) && ["PUT", "GET", "DELETE"].includes(method)) {
      const path = url.pathname
        .slice(ARTIFACTS.length + 1)
        .split("/")
        .map(decodeURIComponent)
        .join("/");
      return serveArtifact(req, res, safeArtifactPath(path));
    }
    const route = routes[`${method} ${url.pathname}`];
    if (!route) {
      req.resume();
      res.writeHead(404, { "content-type": "text/html" });
      return res.end("<!doctype html><title>404 Not Found</title><h1>Not Found</h1>");
    }
    send(res, 200, route({ url, body: await readJson(req), user: identity.user }));
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof StandInError) return send(res, error.status, { error_code: error.errorCode, message: error.message });
      send(res, 500, { error_code: "INTERNAL_ERROR", message: error instanceof Error ? error.message : String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    receivedBytes: (artifactPath) => received.get(artifactPath) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
