// Public entry of the sandbox cluster: a local server that speaks enough of the Kubernetes API for kubectl and client-node.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { type ClusterState, NAMESPACES } from "./cluster-state";
import { SandboxController } from "./controller";
import { coreDescriptors } from "./core-resources";
import { CrdValidator } from "./crd-validator";
import { buildKubeconfig } from "./kubeconfig";
import { DEFAULT_NODES, nodeObject, type SandboxNode } from "./nodes";
import { DATA_FILE, loadSnapshot, saveSnapshot } from "./persistence";
import { loadKubeAIConfig } from "./profiles";
import { descriptorFromCrd, resourceKey, ResourceRegistry } from "./resources";
import { ApiServer } from "./server";
import { ObjectStore } from "./store";
import { isRecord, nowIso } from "./types";
import { WatchHub } from "./watch";
import { createObject } from "./writes";

export type { SandboxNode, SandboxTaint } from "./nodes";
export { CrdValidator } from "./crd-validator";

export interface SandboxClusterOptions {
  /** If set: objects persist to `${dataDir}/sandbox-cluster.json` and a kubeconfig is written to `${dataDir}/kubeconfig`. */
  dataDir?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  crdPaths?: string[];
  /** The simulated KubeAI controller; false disables it. */
  controller?: { readyDelayMs?: number; loadingDelayMs?: number } | false;
  nodes?: SandboxNode[];
  /** KubeAI chart values with resourceProfiles; defaults to lib/k8s/catalog/kubeai.values.yaml under the working directory. */
  kubeaiValuesPath?: string;
  /** How often watches with allowWatchBookmarks get a BOOKMARK; default 10 s. */
  watchBookmarkIntervalMs?: number;
}

export interface SandboxCluster {
  url: string;
  kubeconfigYaml: string;
  kubeconfigPath?: string;
  close(): Promise<void>;
}

export const INITIAL_NAMESPACES = ["default", "kube-system", "kubeai"];

function loadRegistry(crdPaths: string[]): ResourceRegistry {
  const registry = new ResourceRegistry();
  for (const d of coreDescriptors()) registry.add(d);
  for (const file of crdPaths) {
    for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
      const value: unknown = doc.toJS();
      if (isRecord(value) && value.kind === "CustomResourceDefinition") registry.add(descriptorFromCrd(new CrdValidator(value)));
    }
  }
  return registry;
}

function listen(server: http.Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startSandboxCluster(options: SandboxClusterOptions = {}): Promise<SandboxCluster> {
  const host = options.host ?? "127.0.0.1";
  const registry = loadRegistry(options.crdPaths ?? [path.join(process.cwd(), "chart/crds/kubeai.org_models.yaml")]);
  const persisted = new Set(registry.all().filter((d) => d.persisted).map(resourceKey));
  const dataFile = options.dataDir ? path.join(options.dataDir, DATA_FILE) : undefined;
  let closed = false;
  const store: ObjectStore = new ObjectStore(1000, (resource) => {
    if (dataFile && !closed && persisted.has(resource)) saveSnapshot(dataFile, store.snapshot((r) => persisted.has(r)));
  });
  const snapshot = dataFile ? loadSnapshot(dataFile) : undefined;
  if (snapshot) store.load(snapshot);
  const state: ClusterState = { registry, store };
  const namespaces = registry.get("", "namespaces");
  for (const name of INITIAL_NAMESPACES) {
    if (store.get(NAMESPACES, undefined, name)) continue;
    createObject(state, { descriptor: namespaces }, { apiVersion: "v1", kind: "Namespace", metadata: { name } }, { dryRun: false, fieldValidation: "Strict" });
  }
  const created = nowIso();
  (options.nodes ?? DEFAULT_NODES).forEach((n, i) => store.put(resourceKey(registry.get("", "nodes")), nodeObject(n, i, created)));

  const watches = new WatchHub(state, options.watchBookmarkIntervalMs);
  let address = "";
  const api = new ApiServer(state, watches, () => address);
  const server = http.createServer(api.handle);
  const bound = await listen(server, options.port ?? 0, host);
  const hostPart = host.includes(":") ? `[${host}]` : host;
  address = `${hostPart}:${bound.port}`;
  const url = `http://${address}`;

  let controller: SandboxController | undefined;
  if (options.controller !== false) {
    const settings = options.controller ?? {};
    controller = new SandboxController(store, {
      kubeai: loadKubeAIConfig(options.kubeaiValuesPath),
      loadingDelayMs: settings.loadingDelayMs ?? 1500,
      readyDelayMs: settings.readyDelayMs ?? 3000,
    });
    controller.start();
  }

  const kubeconfigYaml = buildKubeconfig(url);
  let kubeconfigPath: string | undefined;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    kubeconfigPath = path.join(options.dataDir, "kubeconfig");
    writeFileSync(kubeconfigPath, kubeconfigYaml, { mode: 0o600 });
    chmodSync(kubeconfigPath, 0o600);
  }

  const cluster: SandboxCluster = {
    url,
    kubeconfigYaml,
    close: async () => {
      if (closed) return;
      controller?.stop();
      watches.closeAll();
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  if (kubeconfigPath) cluster.kubeconfigPath = kubeconfigPath;
  return cluster;
}
