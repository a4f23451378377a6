import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { CoreV1Api, CustomObjectsApi, KubeConfig, Watch } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getMetrics } from "@/lib/observability/metrics";
import { startSandboxCluster, type SandboxCluster } from "@/lib/sandbox";
import { clientsFor, GROUP, model, record, waitFor } from "@/lib/sandbox/testing";
import type { Cluster } from "./cluster";
import { watchModels, WatchExpiredError, type ModelWatchEvent } from "./kubeai-model-api";

function clusterOf(sandbox: SandboxCluster): Cluster {
  const clients = clientsFor(sandbox);
  return { kubeConfig: clients.kubeConfig, core: clients.core, customObjects: clients.custom, watch: clients.watch };
}

/** A client for a plain HTTP server standing in for an API server that misbehaves. */
function clusterAt(url: string): Cluster {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: "stand-in", server: url, skipTLSVerify: true }],
    users: [{ name: "nobody" }],
    contexts: [{ name: "stand-in", cluster: "stand-in", user: "nobody" }],
    currentContext: "stand-in",
  });
  return {
    kubeConfig,
    core: kubeConfig.makeApiClient(CoreV1Api),
    customObjects: kubeConfig.makeApiClient(CustomObjectsApi),
    watch: new Watch(kubeConfig),
  };
}

/** How many watch requests on Models this process has opened (every one is counted). */
async function watchRequests(): Promise<number> {
  const { values } = await getMetrics().kubernetesCalls.get();
  return values.find((value) => value.labels.verb === "watch" && value.labels.resource === "models.kubeai.org")?.value ?? 0;
}

async function listen(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe("watchModels", () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "model-watch-"));
  let sandbox: SandboxCluster;
  let cluster: Cluster;

  beforeAll(async () => {
    sandbox = await startSandboxCluster({ dataDir, controller: false });
    cluster = clusterOf(sandbox);
  });
  afterAll(async () => {
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("re-opens a watch the server ended at its timeout, so later changes still arrive", async () => {
    const list = record(await clientsFor(sandbox).custom.listNamespacedCustomObject({ ...GROUP, namespace: "kubeai" }));
    const events: ModelWatchEvent[] = [];
    const ends: unknown[] = [];
    const requestsBefore = await watchRequests();
    const stop = await watchModels(
      cluster,
      "kubeai",
      String(record(list.metadata).resourceVersion),
      (event) => events.push(event),
      (error) => ends.push(error),
      {
        timeoutSeconds: 1,
      },
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await clientsFor(sandbox).custom.createNamespacedCustomObject({ ...GROUP, namespace: "kubeai", body: model("after-timeouts") });
      await waitFor(() => events.find((event) => event.object.metadata.name === "after-timeouts"), 5000, "the change after two timeouts");
      expect(events.filter((event) => event.object.metadata.name === "after-timeouts").map((event) => event.type)).toEqual(["ADDED"]);
      expect(ends).toEqual([]);
      expect(await watchRequests()).toBeGreaterThanOrEqual(requestsBefore + 3);
    } finally {
      stop();
    }
  });

  it("reports a resourceVersion the server no longer has as WatchExpiredError", async () => {
    const created = record(
      await clientsFor(sandbox).custom.createNamespacedCustomObject({ ...GROUP, namespace: "kubeai", body: model("before-restart") }),
    );
    const oldVersion = String(Number(record(created.metadata).resourceVersion) - 1);
    await sandbox.close();
    sandbox = await startSandboxCluster({ dataDir, controller: false });
    cluster = clusterOf(sandbox);
    const ended = new Promise<unknown>((resolve) => {
      void watchModels(cluster, "kubeai", oldVersion, () => undefined, resolve, { timeoutSeconds: 5 });
    });
    expect(await ended).toBeInstanceOf(WatchExpiredError);
  });
});

describe("watchModels against a server that misbehaves", () => {
  it("drops a watch that hangs past its timeout and re-opens it from the last bookmark", async () => {
    const requests: URLSearchParams[] = [];
    const server = await listen((request, response) => {
      const query = new URL(request.url ?? "/", "http://x").searchParams;
      requests.push(query);
      response.writeHead(200, { "content-type": "application/json" });
      // The first request sends one bookmark and then nothing, never ending: a connection that died silently.
      if (requests.length === 1)
        response.write(`${JSON.stringify({ type: "BOOKMARK", object: { kind: "Model", metadata: { resourceVersion: "42" } } })}\n`);
      else
        response.write(
          `${JSON.stringify({ type: "ADDED", object: { kind: "Model", metadata: { name: "late", resourceVersion: "43" } } })}\n`,
        );
    });
    const events: ModelWatchEvent[] = [];
    const stop = await watchModels(
      clusterAt(server.url),
      "kubeai",
      "40",
      (event) => events.push(event),
      () => undefined,
      {
        timeoutSeconds: 1,
        stallMarginSeconds: 0.5,
      },
    );
    try {
      await waitFor(() => events.length > 0 || undefined, 5000, "the event from the re-opened watch");
      expect(events.map((event) => event.object.metadata.name)).toEqual(["late"]);
      expect(requests[0].get("resourceVersion")).toBe("40");
      expect(requests[1].get("resourceVersion")).toBe("42");
      expect(requests[1].get("timeoutSeconds")).toBe("1");
      expect(requests[1].get("allowWatchBookmarks")).toBe("true");
    } finally {
      stop();
      await server.close();
    }
  });

  it("refuses to start when the first watch request is refused", async () => {
    const server = await listen((_request, response) => {
      response.writeHead(503).end();
    });
    try {
      await expect(
        watchModels(
          clusterAt(server.url),
          "kubeai",
          "1",
          () => undefined,
          () => undefined,
          { timeoutSeconds: 1 },
        ),
      ).rejects.toMatchObject({
        code: "unavailable",
      });
    } finally {
      await server.close();
    }
  });
});
