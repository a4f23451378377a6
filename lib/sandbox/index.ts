// Public entry of the sandbox cluster: a local server that speaks enough of the Kubernetes API for kubectl and client-node.
import path from "node:path";
import { loadOrCreateToken } from "./bearer-token";
import { type ClusterState, NAMESPACES } from "./cluster-state";
import { SandboxController } from "./controller";
import { coreDescriptors } from "./core-resources";
import { readManifestDocuments } from "./crd-files";
import { CrdValidator } from "./crd-validator";
import { serveHttps } from "./https-listener";
import type { KServeController } from "./kserve-controller";
import { DEFAULT_MANIFESTS, type KServeSettings, registerKServeKinds, seedObjects, startKServeController } from "./kserve-setup";
import { buildKubeconfig } from "./kubeconfig";
import { DEFAULT_MODEL_SERVER_SETTINGS, ModelServers, type ModelServerSettings, serviceProxyPath } from "./model-servers";
import { DEFAULT_NODES, nodeObject, type SandboxNode } from "./nodes";
import { openSandboxData } from "./persistence";
import { ensurePrivateDir, writePrivateFile } from "./private-files";
import { kubeaiConfigMap, loadKubeAIConfig } from "./profiles";
import { ResourceQuotaController } from "./quota-controller";
import { descriptorFromCrd, resourceKey, ResourceRegistry } from "./resources";
import { ApiServer } from "./server";
import { loadOrCreateServingTls, servingNames } from "./serving-cert";
import { ObjectStore } from "./store";
import { isRecord, nowIso } from "./types";
import { WatchHub } from "./watch";
import { createObject } from "./writes";

export type { SandboxNode, SandboxTaint } from "./nodes";
export { CrdValidator } from "./crd-validator";

export interface SandboxClusterOptions {
  /**
   * If set (an owner-only folder): objects persist to `${dataDir}/sandbox-cluster.json` + `sandbox-cluster.journal`, the CA, serving certificate and
   * bearer token are kept there across restarts, and a kubeconfig is written to `${dataDir}/kubeconfig`.
   * Without it they are generated in memory.
   */
  dataDir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /**
   * Manifest files: their CRDs are served, their other documents (the ClusterServingRuntimes beside KServe's CRD) are
   * created at start. Defaults to the Model and InferenceService CRDs and the two runtimes in chart/files/crds.
   */
  crdPaths?: string[];
  /** The simulated KubeAI controller (and the KServe one's default delays); false disables both controllers. */
  controller?: { readyDelayMs?: number; loadingDelayMs?: number } | false;
  /** The simulated KServe controller: delays, idle delay before scale to zero, default mode, claims; false disables it. */
  kserve?: KServeSettings | false;
  nodes?: SandboxNode[];
  /** KubeAI chart values with resourceProfiles; defaults to lib/k8s/catalog/kubeai.values.yaml under the working directory. */
  kubeaiValuesPath?: string;
  /** How often watches with allowWatchBookmarks get a BOOKMARK; default 10 s. */
  watchBookmarkIntervalMs?: number;
  /** The simulated model servers behind the service proxy: latency before each answer, delay per streamed token, wake timeout. */
  modelServers?: Partial<ModelServerSettings>;
}

export interface SandboxCluster {
  /** https://host:port */
  url: string;
  /** PEM of the CA that signed the server's certificate; clients trust it (and only it) for this server. */
  caPem: string;
  /** The bearer token every request needs (except anonymous reads of /version and the health checks). */
  token: string;
  /** Carries url, CA and token: what kubectl and client-node need. */
  kubeconfigYaml: string;
  kubeconfigPath?: string;
  /** `https://host:port/api/v1/namespaces/{namespace}/services/{service}[:{port}]/proxy`: append the model server's path. */
  serviceProxyUrl(namespace: string, service: string, port?: string | number): string;
  close(): Promise<void>;
}

export const INITIAL_NAMESPACES = ["default", "kube-system", "kubeai"];

function loadRegistry(crdPaths: string[]): { registry: ResourceRegistry; seeds: unknown[] } {
  const registry = new ResourceRegistry();
  const seeds: unknown[] = [];
  for (const d of coreDescriptors()) registry.add(d);
  for (const file of crdPaths) {
    for (const value of readManifestDocuments(file)) {
      if (isRecord(value) && value.kind === "CustomResourceDefinition") registry.add(descriptorFromCrd(new CrdValidator(value)));
      else seeds.push(value);
    }
  }
  registerKServeKinds(registry);
  return { registry, seeds };
}

/** The host clients dial: a wildcard address is reached through loopback. */
function dialHost(host: string): string {
  if (host === "0.0.0.0") return "127.0.0.1";
  if (host === "::") return "[::1]";
  return host.includes(":") ? `[${host}]` : host;
}

export async function startSandboxCluster(options: SandboxClusterOptions = {}): Promise<SandboxCluster> {
  const host = options.host ?? "127.0.0.1";
  if (options.dataDir) ensurePrivateDir(options.dataDir);
  const { registry, seeds } = loadRegistry(
    options.crdPaths ?? DEFAULT_MANIFESTS.map((f) => path.join(process.cwd(), "chart/files/crds", f)),
  );
  const persisted = new Set(
    registry
      .all()
      .filter((d) => d.persisted)
      .map(resourceKey),
  );
  let closed = false;
  const store: ObjectStore = new ObjectStore(1000, (event) => {
    if (persisted.has(event.resource)) data?.journal.append(event);
  });
  const data = options.dataDir ? await openSandboxData(options.dataDir, () => store.snapshot((r) => persisted.has(r))) : undefined;
  if (data?.loaded) store.load(data.loaded);
  const state: ClusterState = { registry, store };
  const namespaces = registry.get("", "namespaces");
  for (const name of INITIAL_NAMESPACES) {
    if (store.get(NAMESPACES, undefined, name)) continue;
    createObject(
      state,
      { descriptor: namespaces },
      { apiVersion: "v1", kind: "Namespace", metadata: { name } },
      { dryRun: false, fieldValidation: "Strict" },
    );
  }
  seedObjects(state, [...seeds, kubeaiConfigMap(options.kubeaiValuesPath)]);
  const created = nowIso();
  (options.nodes ?? DEFAULT_NODES).forEach((n, i) => store.put(resourceKey(registry.get("", "nodes")), nodeObject(n, i, created)));

  const tls = await loadOrCreateServingTls(options.dataDir, servingNames(host));
  const token = loadOrCreateToken(options.dataDir);
  const watches = new WatchHub(state, options.watchBookmarkIntervalMs);
  let address = "";
  let controller: SandboxController | undefined;
  let kserve: KServeController | undefined;
  const modelServers = new ModelServers(store, { ...DEFAULT_MODEL_SERVER_SETTINGS, ...options.modelServers }, () => ({
    kubeai: controller !== undefined,
    kserve,
  }));
  const api = new ApiServer(state, watches, () => address, token, modelServers);
  const listener = await serveHttps(tls, api.handle, options.port ?? 0, host);
  address = `${dialHost(host)}:${listener.address.port}`;
  const url = `https://${address}`;

  // Part of the control plane, like admission: it runs even when the simulated workload controllers do not.
  const quotas = new ResourceQuotaController(store);
  quotas.start();
  if (options.controller !== false) {
    const settings = options.controller ?? {};
    const delays = { loadingDelayMs: settings.loadingDelayMs ?? 1500, readyDelayMs: settings.readyDelayMs ?? 3000 };
    controller = new SandboxController(store, { kubeai: loadKubeAIConfig(options.kubeaiValuesPath), ...delays });
    controller.start();
    if (options.kserve !== false && registry.all().some((d) => d.kind === "InferenceService")) {
      kserve = startKServeController(store, options.kserve ?? {}, delays);
    }
  }

  const kubeconfigYaml = buildKubeconfig({ url, caPem: tls.caPem, token });
  let kubeconfigPath: string | undefined;
  if (options.dataDir) {
    kubeconfigPath = path.join(options.dataDir, "kubeconfig");
    writePrivateFile(kubeconfigPath, kubeconfigYaml);
  }

  const cluster: SandboxCluster = {
    url,
    caPem: tls.caPem,
    token,
    kubeconfigYaml,
    serviceProxyUrl: (namespace, service, port) => `${url}${serviceProxyPath(namespace, service, port)}`,
    close: async () => {
      if (closed) return;
      modelServers.close();
      quotas.stop();
      controller?.stop();
      kserve?.stop();
      watches.closeAll();
      closed = true;
      await listener.close();
      await data?.journal.close();
    },
  };
  if (kubeconfigPath) cluster.kubeconfigPath = kubeconfigPath;
  return cluster;
}
