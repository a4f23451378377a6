// What the gateway knows of deployments when its role may not watch: the sandbox cluster behind a real HTTPS proxy
// that answers every watch request 403 Forbidden, as an API server does for a role without the `watch` verb, and
// passes everything else through. The gateway must then fall back to looking its deployments up again every two
// seconds, and still notice a deployment deleted behind its back.
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { getCluster } from "@/lib/k8s/cluster";
import { createModel, deleteModel } from "@/lib/k8s/kubeai-model-api";
import type { ModelObject } from "@/lib/k8s/kubeai-model";
import { getRuntime, setRuntime } from "@/lib/runtime";
import { serveHttps } from "@/lib/sandbox/https-listener";
import { buildKubeconfig } from "@/lib/sandbox/kubeconfig";
import { loadOrCreateServingTls, servingNames } from "@/lib/sandbox/serving-cert";
import { startRuntime, type StartedRuntime } from "@/lib/server/start-runtime";
import { deploymentFacts, deploymentWatchIsOpen } from "@/lib/services/deployment-facts";

/** An API server proxy that refuses watches; `refused` counts the watch requests it answered 403. */
async function startWatchRefusingProxy(target: { url: string; caPem: string; token: string }, dir: string) {
  const upstream = new URL(target.url);
  const agent = new https.Agent({ ca: target.caPem, keepAlive: true });
  const state = { refused: 0 };
  const tls = await loadOrCreateServingTls(undefined, servingNames("127.0.0.1"));
  const listener = await serveHttps(
    tls,
    (req, res) => {
      if (new URL(req.url ?? "/", "https://proxy").searchParams.get("watch") === "true") {
        state.refused += 1;
        res.writeHead(403, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            kind: "Status",
            apiVersion: "v1",
            status: "Failure",
            reason: "Forbidden",
            code: 403,
            message: 'models.kubeai.org is forbidden: User "modelport" cannot watch resource "models" in API group "kubeai.org"',
          }),
        );
        return;
      }
      const forwarded = https.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: upstream.host },
          agent,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forwarded.on("error", () => res.destroy());
      req.pipe(forwarded);
    },
    0,
    "127.0.0.1",
  );
  const kubeconfigPath = path.join(dir, "no-watch-kubeconfig.yaml");
  const url = `https://127.0.0.1:${listener.address.port}`;
  fs.writeFileSync(kubeconfigPath, buildKubeconfig({ url, caPem: tls.caPem, token: target.token }));
  return {
    kubeconfigPath,
    state,
    async close() {
      await listener.close();
      agent.destroy();
    },
  };
}

const model = (name: string): ModelObject =>
  ({
    apiVersion: "kubeai.org/v1",
    kind: "Model",
    metadata: { name, namespace: "tenant-a" },
    spec: { url: "hf://Qwen/Qwen2-0.5B-Instruct", engine: "VLLM", features: ["TextGeneration"], resourceProfile: "cpu:1", minReplicas: 1 },
  }) as ModelObject;

describe("the gateway's deployment facts under a role that may not watch", () => {
  let dataDir: string;
  let started: StartedRuntime;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "modelport-facts-"));
    const config = parseConfig({ MODELPORT_DATA_DIR: dataDir, MODELPORT_CLUSTER: "sandbox", LOG_LEVEL: "error" });
    started = await startRuntime(config, { pgliteDir: null, embeddedIssuer: false, worker: false });
  });

  afterAll(async () => {
    await started?.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("looks its deployments up again every two seconds instead, and notices one deleted behind its back", async () => {
    const proxy = await startWatchRefusingProxy(started.sandbox!, dataDir);
    const runtime = getRuntime();
    // A copy is a new runtime: its cluster client and the gateway's memory are made afresh, through the proxy.
    setRuntime({ ...runtime, cluster: { kind: "kubeconfig", kubeconfigPath: proxy.kubeconfigPath } });
    try {
      await createModel(getCluster(), model("polled"));
      expect(await deploymentFacts("tenant-a", "polled")).toMatchObject({ backend: "kubeai", namespace: "tenant-a", name: "polled" });
      // The watch was asked for and refused: the namespace is on polling.
      await expect.poll(() => proxy.state.refused, { timeout: 5000 }).toBeGreaterThan(0);
      expect(deploymentWatchIsOpen("tenant-a")).toBe(false);
      // Deleted as kubectl would, past Modelport: a timer finds it gone, with no request needed to set it off.
      await deleteModel(getCluster(), "tenant-a", "polled");
      const deleted = performance.now();
      await expect.poll(() => deploymentFacts("tenant-a", "polled"), { timeout: 8000, interval: 100 }).toBeNull();
      // Polling, not a watch, found it: a deployment's facts are believed for at least a second after a look-up.
      expect(performance.now() - deleted).toBeGreaterThan(500);
    } finally {
      setRuntime(runtime);
      await proxy.close();
    }
  });
});
