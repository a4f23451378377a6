// The API server's service proxy (`/api/v1/namespaces/{ns}/services/[scheme:]{name}[:port]/proxy/{path}`) onto the
// simulated model servers: KServe predictors (`<isvc>-predictor`, and `<isvc>` in Knative mode) and KubeAI's
// `kubeai` Service. Answers kube-apiserver's errors for a missing Service or one without ready endpoints, holds
// requests for a Knative predictor at zero the way Knative's activator does, and adds the configured latency.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { KServeController } from "./kserve-controller";
import { INFERENCE_SERVICES } from "./kserve-controller";
import { ISVC_LABEL, recordedPredictorStage } from "./kserve-pods";
import { isStopped } from "./kserve-predictor";
import { CLUSTER_SERVING_RUNTIMES } from "./kserve-runtimes";
import { isReadyStatus } from "./kserve-status";
import { type ServerReply, type ServerRequest, sleep, text, waitForStore, writeReply } from "./model-servers-http";
import { describePredictor, serveKServe } from "./model-servers-kserve";
import { KUBEAI_NAMESPACE, KUBEAI_SERVICE, serveKubeAI } from "./model-servers-kubeai";
import { PODS } from "./model-pods";
import { readBody } from "./request";
import { ApiError, badRequest, notFound } from "./status";
import type { ObjectStore } from "./store";
import { getPath, type KubeObject } from "./types";

export interface ModelServerSettings {
  /** Added before every model server answer (not to the API server's own errors). */
  latencyMs: number;
  /** Before each streamed token. */
  tokenDelayMs: number;
  /** How long a request waits for a server at zero replicas to get one; then Knative's 504 or a 503 from KubeAI. */
  wakeTimeoutMs: number;
}

export const DEFAULT_MODEL_SERVER_SETTINGS: ModelServerSettings = { latencyMs: 0, tokenDelayMs: 2, wakeTimeoutMs: 30_000 };

/** The controllers running in this sandbox: only what they run has Services. */
export interface ModelServerBackends {
  kubeai: boolean;
  kserve?: KServeController;
}

export interface ServiceProxyTarget {
  namespace: string;
  /** `[scheme:]name[:port]` as written in the URL. */
  service: string;
  /** The path the upstream server sees, at least "/". */
  path: string;
}

type Backend = { kind: "kubeai" } | { kind: "kserve"; isvc: string };

const PROXY_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/services\/([^/]+)\/proxy(\/.*)?$/;
const SERVICES = { group: "", plural: "services", kind: "Service" };
/** Both KServe's predictor Services and KubeAI's expose port 80, named "http". */
const SERVICE_PORTS = ["", "80", "http"];

export function parseServiceProxyPath(pathname: string): ServiceProxyTarget | undefined {
  const match = PROXY_PATH.exec(pathname);
  if (!match) return undefined;
  return { namespace: decodeURIComponent(match[1]), service: decodeURIComponent(match[2]), path: match[3] ?? "/" };
}

/** The path of a Service's proxy, without a trailing slash: callers append the upstream path. */
export function serviceProxyPath(namespace: string, service: string, port?: string | number): string {
  const ref = port === undefined ? service : `${service}:${port}`;
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(ref)}/proxy`;
}

/** apimachinery's SplitSchemeNamePort, and kube-apiserver's 400 when it fails. */
function splitServiceRef(ref: string): { name: string; port: string } {
  const parts = ref.split(":");
  const valid = parts.length <= 2 || (parts.length === 3 && (parts[0] === "http" || parts[0] === "https"));
  const [name, port] = parts.length === 3 ? [parts[1], parts[2]] : [parts[0], parts[1] ?? ""];
  if (!valid || name === "") throw badRequest(`invalid service request "${ref}"`);
  return { name, port };
}

function serviceUnavailable(message: string): ApiError {
  return new ApiError(503, "ServiceUnavailable", message);
}

function noEndpoints(service: string): ApiError {
  return serviceUnavailable(`no endpoints available for service "${service}"`);
}

export class ModelServers {
  private readonly closing = new AbortController();

  constructor(
    private readonly store: ObjectStore,
    private readonly settings: ModelServerSettings,
    private readonly backends: () => ModelServerBackends,
  ) {}

  /** Releases requests still waiting for a replica. */
  close(): void {
    this.closing.abort();
  }

  async handle(target: ServiceProxyTarget, query: URLSearchParams, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { name, port } = splitServiceRef(target.service);
    const backend = this.resolve(target.namespace, name);
    if (!backend) throw notFound(SERVICES, name);
    if (!SERVICE_PORTS.includes(port)) throw serviceUnavailable(`no service port "${port}" found for service "${name}"`);
    const client = new AbortController();
    res.on("close", () => client.abort());
    const signal = AbortSignal.any([client.signal, this.closing.signal]);
    const timedOut = backend.kind === "kserve" ? await this.reachPredictor(target.namespace, backend.isvc, name, signal) : undefined;
    if (signal.aborted) return;
    const request: ServerRequest = {
      method: req.method ?? "GET",
      path: target.path,
      query,
      headers: req.headers,
      body: await readBody(req),
      signal,
    };
    const reply = timedOut ?? (await this.serve(backend, target.namespace, request));
    if (!(await sleep(this.settings.latencyMs, signal))) return;
    await writeReply(res, reply, signal);
  }

  private resolve(namespace: string, name: string): Backend | undefined {
    const { kubeai, kserve } = this.backends();
    if (kubeai && namespace === KUBEAI_NAMESPACE && name === KUBEAI_SERVICE) return { kind: "kubeai" };
    if (!kserve) return undefined;
    const owner = name.endsWith("-predictor")
      ? this.store.get(INFERENCE_SERVICES, namespace, name.slice(0, -"-predictor".length))
      : undefined;
    if (owner && kserve.deploymentModeOf(owner) !== "ModelMesh") return { kind: "kserve", isvc: owner.metadata.name ?? "" };
    // Knative's top-level route of the service; Standard mode has only the predictor Service.
    const top = this.store.get(INFERENCE_SERVICES, namespace, name);
    if (top && kserve.deploymentModeOf(top) === "Knative") return { kind: "kserve", isvc: name };
    return undefined;
  }

  private serve(backend: Backend, namespace: string, request: ServerRequest): Promise<ServerReply> {
    if (backend.kind === "kubeai") return serveKubeAI(this.store, request, this.settings);
    const isvc = this.store.get(INFERENCE_SERVICES, namespace, backend.isvc);
    if (!isvc) throw noEndpoints(backend.isvc);
    const runtimeName = getPath(isvc, ["status", "clusterServingRuntimeName"]);
    const runtime = typeof runtimeName === "string" ? this.store.get(CLUSTER_SERVING_RUNTIMES, undefined, runtimeName) : undefined;
    return serveKServe(describePredictor(isvc, runtime), request, this.settings);
  }

  private readyPods(namespace: string, isvc: string): number {
    const pods = this.store.list(PODS, namespace, (p) => p.metadata.labels?.[ISVC_LABEL] === isvc);
    return pods.filter((p) => recordedPredictorStage(p) === "Ready").length;
  }

  /**
   * Throws kube-apiserver's 503 unless the service is Ready and not stopped. A Knative predictor counts the request
   * as activity; at zero replicas the request waits (as in Knative's activator) for a ready pod, and gets the
   * activator's 504 when none comes in time.
   */
  private async reachPredictor(namespace: string, isvc: string, service: string, signal: AbortSignal): Promise<ServerReply | undefined> {
    const kserve = this.backends().kserve;
    const serving = (o: KubeObject | undefined): o is KubeObject => o !== undefined && !isStopped(o) && isReadyStatus(o.status);
    const current = this.store.get(INFERENCE_SERVICES, namespace, isvc);
    if (!kserve || !serving(current)) throw noEndpoints(service);
    if (kserve.deploymentModeOf(current) !== "Knative") return undefined;
    kserve.noteRequest(namespace, isvc);
    const outcome = await waitForStore(
      this.store,
      () => {
        if (!serving(this.store.get(INFERENCE_SERVICES, namespace, isvc))) return "gone";
        return this.readyPods(namespace, isvc) > 0 ? "ready" : undefined;
      },
      this.settings.wakeTimeoutMs,
      signal,
    );
    if (outcome === "ready") return undefined;
    if (outcome === "gone") throw noEndpoints(service);
    return text(504, "activator request timeout");
  }
}
