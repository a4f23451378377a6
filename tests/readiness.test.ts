// Readiness for load balancers: a hung dependency answers "failing" within the probe's time box, and a replica that
// has begun to shut down answers 503 at once. Its own file: beginShutdown() cannot be undone in this process.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { beginShutdown, getRuntime, setRuntime } from "@/lib/runtime";
import { startRuntime, type StartedRuntime } from "@/lib/server/start-runtime";
import { READINESS_PROBE_TIMEOUT_MS } from "@/lib/services/readiness";
import { call } from "./http";

/** A "Kubernetes API" that accepts connections and never answers, and a kubeconfig pointing at it. */
async function startSilentApiServer(dir: string) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  const kubeconfigPath = path.join(dir, "silent-kubeconfig.yaml");
  fs.writeFileSync(
    kubeconfigPath,
    [
      "apiVersion: v1",
      "kind: Config",
      // HTTPS (the client refuses plain HTTP with a token): the TLS handshake itself never gets an answer.
      `clusters: [{name: silent, cluster: {server: 'https://127.0.0.1:${port}', insecure-skip-tls-verify: true}}]`,
      "users: [{name: silent, user: {token: silent}}]",
      "contexts: [{name: silent, context: {cluster: silent, user: silent}}]",
      "current-context: silent",
      "",
    ].join("\n"),
  );
  return {
    kubeconfigPath,
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

describe("readiness", () => {
  let dataDir: string;
  let started: StartedRuntime;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "modelport-ready-"));
    const config = parseConfig({ MODELPORT_DATA_DIR: dataDir, MODELPORT_CLUSTER: "sandbox", LOG_LEVEL: "error" });
    started = await startRuntime(config, { pgliteDir: null, embeddedIssuer: false });
  });

  afterAll(async () => {
    await started?.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("answers failing for a dependency that hangs, within the probe's time box", async () => {
    const silent = await startSilentApiServer(dataDir);
    const runtime = getRuntime();
    // A copy is a new runtime: none of the original's per-runtime values (its cluster clients are built afresh).
    setRuntime({ ...runtime, cluster: { kind: "kubeconfig", kubeconfigPath: silent.kubeconfigPath } });
    const begun = Date.now();
    try {
      const answer = await call("GET", "/api/readyz");
      expect(answer).toMatchObject({ status: 503, body: { ready: false, checks: { database: "ok", cluster: "failing" } } });
      expect(Date.now() - begun).toBeGreaterThanOrEqual(READINESS_PROBE_TIMEOUT_MS - 50);
      expect(Date.now() - begun).toBeLessThan(READINESS_PROBE_TIMEOUT_MS + 2_000);
    } finally {
      setRuntime(runtime);
      await silent.close();
    }
    expect((await call("GET", "/api/readyz")).status).toBe(200);
  });

  // Last: nothing in this process can un-begin the shutdown.
  it("answers 503 with shutdown in progress once shutdown has begun, though every dependency is fine", async () => {
    expect((await call("GET", "/api/readyz")).status).toBe(200);
    beginShutdown();
    expect(await call("GET", "/api/readyz")).toMatchObject({ status: 503, body: { ready: false, checks: { shutdown: "in progress" } } });
  });
});
