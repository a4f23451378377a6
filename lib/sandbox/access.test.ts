// Who may talk to the sandbox: HTTPS with its own CA, its bearer token on every request, owner-only files.
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "./index";
import { clientsFor, record, sandboxFetch } from "./testing";

const run = promisify(execFile);
const UNAUTHORIZED = {
  kind: "Status",
  apiVersion: "v1",
  metadata: {},
  status: "Failure",
  message: "Unauthorized",
  reason: "Unauthorized",
  code: 401,
};
const root = mkdtempSync(path.join(tmpdir(), "sandbox-access-"));
let cluster: SandboxCluster;

beforeAll(async () => {
  cluster = await startSandboxCluster({ controller: false });
});
afterAll(async () => {
  await cluster.close();
  rmSync(root, { recursive: true, force: true });
});

async function kubectl(kubeconfig: string, ...rest: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const cache = mkdtempSync(path.join(root, "cache-"));
  try {
    const { stdout, stderr } = await run("kubectl", ["--kubeconfig", kubeconfig, "--cache-dir", cache, ...rest], { timeout: 15_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = record(error);
    return { code: typeof e.code === "number" ? e.code : -1, stdout: String(e.stdout ?? ""), stderr: String(e.stderr ?? "") };
  }
}

function plainHttpGet(url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url.replace(/^https:/, "http:"), { headers: { Authorization: `Bearer ${token}` } }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
  });
}

describe("bearer token", () => {
  it("refuses requests without a token with a 401 Unauthorized Status", async () => {
    for (const [method, where] of [
      ["GET", "/api/v1/namespaces"],
      ["GET", "/apis/kubeai.org/v1/models?watch=true"],
      ["POST", "/apis/kubeai.org/v1/namespaces/default/models"],
      ["GET", "/apis"],
    ]) {
      const res = await sandboxFetch(cluster, where, {
        method,
        token: null,
        headers: { "Content-Type": "application/json" },
        body: method === "POST" ? "{}" : undefined,
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(UNAUTHORIZED);
    }
  });

  it("refuses a wrong token everywhere, the public health and version paths included", async () => {
    for (const where of ["/api/v1/namespaces", "/version", "/healthz"]) {
      const res = await sandboxFetch(cluster, where, { token: `${cluster.token}x` });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(UNAUTHORIZED);
    }
    expect(
      (await sandboxFetch(cluster, "/api/v1/namespaces", { headers: { Authorization: `Basic ${cluster.token}` }, token: null })).status,
    ).toBe(401);
  });

  it("answers /version and the health checks anonymously, as a real API server's public-info role does", async () => {
    for (const where of ["/version", "/healthz", "/livez", "/readyz"])
      expect((await sandboxFetch(cluster, where, { token: null })).status).toBe(200);
    expect((await sandboxFetch(cluster, "/api/v1/namespaces")).status).toBe(200);
  });

  it("gives each sandbox its own token", async () => {
    const other = await startSandboxCluster({ controller: false });
    try {
      expect(other.token).not.toBe(cluster.token);
      expect((await sandboxFetch(other, "/api/v1/namespaces", { token: cluster.token })).status).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe("TLS", () => {
  it("serves HTTPS only: a plain-HTTP request gets the API server's 400 and no data", async () => {
    expect(cluster.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const plain = await plainHttpGet(`${cluster.url}/api/v1/namespaces`, cluster.token);
    expect(plain).toEqual({ status: 400, body: "Client sent an HTTP request to an HTTPS server.\n" });
  });

  it("is trusted through its own CA only", async () => {
    await expect(fetch(`${cluster.url}/version`)).rejects.toThrow();
    const stranger = await startSandboxCluster({ controller: false });
    try {
      await expect(sandboxFetch({ ...cluster, caPem: stranger.caPem }, "/version")).rejects.toThrow(/certificate/);
    } finally {
      await stranger.close();
    }
  });

  it("writes a kubeconfig with the CA and the token, and no insecure-skip-tls-verify", () => {
    const config = record(parse(cluster.kubeconfigYaml));
    const entry = record(record((config.clusters as unknown[])[0]).cluster);
    expect(entry.server).toBe(cluster.url);
    expect(Buffer.from(String(entry["certificate-authority-data"]), "base64").toString()).toBe(cluster.caPem);
    expect(entry["insecure-skip-tls-verify"]).toBeUndefined();
    expect(record(record((config.users as unknown[])[0]).user)).toEqual({ token: cluster.token });
  });

  it("carries watches over TLS with client-node", async () => {
    const api = clientsFor(cluster);
    const seen: string[] = [];
    const request = await api.watch.watch(
      "/api/v1/namespaces",
      {},
      (type, object: { metadata?: { name?: string } }) => seen.push(`${type} ${object.metadata?.name ?? ""}`),
      () => undefined,
    );
    try {
      await api.core.createNamespace({ body: { metadata: { name: "watched-over-tls" } } });
      const deadline = Date.now() + 5000;
      while (!seen.includes("ADDED watched-over-tls") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(seen).toContain("ADDED watched-over-tls");
    } finally {
      request.abort();
    }
  });
});

describe("with a data directory", () => {
  it("works with kubectl through the kubeconfig it writes, and kubectl without the token is refused", async () => {
    const dataDir = path.join(root, "kubectl");
    const sandbox = await startSandboxCluster({ dataDir, controller: false });
    try {
      const kubeconfig = sandbox.kubeconfigPath ?? "";
      const nodes = await kubectl(kubeconfig, "get", "nodes", "-o", "name");
      expect(nodes.stdout.trim().split("\n")).toEqual(["node/cpu-node-1", "node/gpu-h100-node-1", "node/gpu-l4-node-1"]);
      const stolen = path.join(root, "wrong-token.yaml");
      writeFileSync(stolen, sandbox.kubeconfigYaml.replace(sandbox.token, "guessed-token"));
      const refused = await kubectl(stolen, "get", "namespaces");
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("You must be logged in to the server");
    } finally {
      await sandbox.close();
    }
  });

  it("keeps its CA, certificate and token across a restart, so an earlier kubeconfig still works", async () => {
    const dataDir = path.join(root, "restart");
    const first = await startSandboxCluster({ dataDir, controller: false });
    await first.close();
    const second = await startSandboxCluster({ dataDir, controller: false, port: Number(new URL(first.url).port) });
    try {
      expect(second.token).toBe(first.token);
      expect(second.caPem).toBe(first.caPem);
      const earlier = clientsFor(first);
      expect((await earlier.core.listNode()).items).toHaveLength(3);
    } finally {
      await second.close();
    }
  });

  it("keeps every file owner-only, tightening what an older version left open", async () => {
    const dataDir = path.join(root, "modes");
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(
      path.join(dataDir, "sandbox-cluster.json"),
      JSON.stringify({ kind: "SandboxClusterData", resourceVersion: "1", resources: {} }),
      { mode: 0o644 },
    );
    writeFileSync(path.join(dataDir, "kubeconfig"), "old", { mode: 0o644 });
    const sandbox = await startSandboxCluster({ dataDir, controller: false });
    try {
      await clientsFor(sandbox).core.createNamespace({ body: { metadata: { name: "saved" } } });
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      const files = readdirSync(dataDir).sort();
      expect(files).toEqual([
        "apiserver.crt",
        "apiserver.key",
        "ca.crt",
        "ca.key",
        "kubeconfig",
        "sandbox-cluster.journal",
        "sandbox-cluster.json",
        "token",
      ]);
      for (const file of files) expect([file, statSync(path.join(dataDir, file)).mode & 0o777]).toEqual([file, 0o600]);
    } finally {
      await sandbox.close();
    }
  });
});
