// Helpers for the sandbox cluster's own tests: clients, raw HTTPS calls, error capture, polling, Model and InferenceService manifests.
import https from "node:https";
import { Readable } from "node:stream";
import { CoreV1Api, CustomObjectsApi, KubeConfig, Watch } from "@kubernetes/client-node";
import type { SandboxCluster } from "./index";
import { isRecord } from "./types";

export const GROUP = { group: "kubeai.org", version: "v1", plural: "models" } as const;
export const ISVC = { group: "serving.kserve.io", version: "v1beta1", plural: "inferenceservices" } as const;

export interface Clients {
  kubeConfig: KubeConfig;
  core: CoreV1Api;
  custom: CustomObjectsApi;
  watch: Watch;
}

export function clientsFor(cluster: SandboxCluster): Clients {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(cluster.kubeconfigYaml);
  return {
    kubeConfig,
    core: kubeConfig.makeApiClient(CoreV1Api),
    custom: kubeConfig.makeApiClient(CustomObjectsApi),
    watch: new Watch(kubeConfig),
  };
}

export interface SandboxRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The bearer token to send; the cluster's own by default, null for none. */
  token?: string | null;
}

/**
 * A raw call the way kubectl makes it: over HTTPS, trusting only the sandbox's CA, with its bearer token. Answers a
 * fetch Response (status, headers, text/json, a streaming body for watches).
 */
export function sandboxFetch(
  cluster: Pick<SandboxCluster, "url" | "caPem" | "token">,
  path: string,
  init: SandboxRequest = {},
): Promise<Response> {
  const token = init.token === undefined ? cluster.token : init.token;
  const headers: Record<string, string> = { ...init.headers };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(path, cluster.url), { method: init.method ?? "GET", headers, ca: cluster.caPem }, (res) => {
      const responseHeaders = new Headers();
      for (const [name, value] of Object.entries(res.headers)) {
        for (const v of Array.isArray(value) ? value : [value ?? ""]) responseHeaders.append(name, v);
      }
      const body = res.statusCode === 204 ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
      resolve(new Response(body, { status: res.statusCode ?? 0, headers: responseHeaders }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

export interface CapturedError {
  code: number;
  body: Record<string, unknown>;
}

/** Runs a call that must fail and returns its HTTP code and parsed Status body. */
export async function failure(call: Promise<unknown>): Promise<CapturedError> {
  try {
    await call;
  } catch (error) {
    if (!isRecord(error) || typeof error.code !== "number") throw error;
    const raw = error.body;
    const body: unknown = typeof raw === "string" ? JSON.parse(raw) : raw;
    return { code: error.code, body: isRecord(body) ? body : {} };
  }
  throw new Error("expected the call to fail");
}

export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function model(name: string, spec: Record<string, unknown> = {}, labels?: Record<string, string>): Record<string, unknown> {
  const metadata: Record<string, unknown> = { name };
  if (labels) metadata.labels = labels;
  return {
    apiVersion: "kubeai.org/v1",
    kind: "Model",
    metadata,
    spec: { engine: "VLLM", url: "hf://facebook/opt-125m", features: ["TextGeneration"], resourceProfile: "cpu:1", ...spec },
  };
}

export function inferenceService(
  name: string,
  predictor: Record<string, unknown>,
  annotations?: Record<string, string>,
): Record<string, unknown> {
  const metadata: Record<string, unknown> = { name };
  if (annotations) metadata.annotations = annotations;
  return { apiVersion: "serving.kserve.io/v1beta1", kind: "InferenceService", metadata, spec: { predictor } };
}

export function record(value: unknown): Record<string, unknown> {
  if (!isRecord(value)) throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  return value;
}

export function causesOf(error: CapturedError): { reason?: unknown; field?: unknown; message?: unknown }[] {
  const details = record(error.body.details);
  return Array.isArray(details.causes) ? details.causes.map(record) : [];
}
