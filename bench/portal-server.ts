// The production server a browser benchmark runs against, started as playwright.config.ts's embedded webServer does:
// `node scripts/start.mjs` (which first builds whatever is stale) on a free port with a fresh data directory, the
// sandbox cluster and the embedded issuer's development users, plus a bootstrap admin token for seeding over HTTP.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";

export interface PortalServer {
  url: string;
  adminToken: string;
  /** The development users' password (sign in as `admin`). */
  password: string;
  kubeconfigPath: string;
  /** Resolves once /api/healthz answers (after a build when the sources changed); stops the server if it fails. */
  ready: Promise<void>;
  /** Stops the server and removes its data directory; safe to call more than once, also while it is starting. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 300_000;
const STOP_TIMEOUT_MS = 20_000;

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/api/healthz`)).ok;
  } catch {
    return false;
  }
}

export async function startPortalServer(): Promise<PortalServer> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-deployments-page-"));
  const adminToken = randomBytes(24).toString("hex");
  const password = "bench-password";
  const server = spawn(process.execPath, ["scripts/start.mjs"], {
    env: {
      ...process.env,
      DATABASE_URL: "",
      KUBECONFIG: "",
      KEYCLOAK_ISSUER: "",
      KEYCLOAK_CLIENT_ID: "",
      KEYCLOAK_CLIENT_SECRET: "",
      PORT: String(port),
      MODELPORT_DATA_DIR: dataDir,
      MODELPORT_CLUSTER: "sandbox",
      MODELPORT_DEV_PASSWORD: password,
      MODELPORT_ADMIN_TOKEN: adminToken,
      // No seeded tenants: the admin sees exactly the benchmark's namespaces.
      MODELPORT_SEED_TENANTS: "",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so a server left behind by a stuck start script can still be stopped as a whole.
    detached: true,
  });
  const output: string[] = [];
  for (const stream of [server.stdout, server.stderr]) {
    readline.createInterface({ input: stream }).on("line", (line) => {
      output.push(line);
      // start.mjs says when it builds (about a minute): worth showing, the rest only on failure.
      if (line.startsWith("Building")) console.log(`  server: ${line}`);
    });
  }
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  let running = true;
  void exited.then(() => (running = false));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (running) {
      server.kill("SIGTERM");
      const timedOut = await Promise.race([exited.then(() => false), new Promise((r) => setTimeout(() => r(true), STOP_TIMEOUT_MS))]);
      if (timedOut && server.pid) process.kill(-server.pid, "SIGKILL");
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const ready = (async () => {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await isHealthy(url))) {
      if (stopped) throw new Error("the server was stopped while starting");
      if (!running) throw new Error(`the server exited while starting:\n${output.slice(-40).join("\n")}`);
      if (Date.now() > deadline) throw new Error(`the server did not answer /api/healthz within ${START_TIMEOUT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  })().catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { url, adminToken, password, kubeconfigPath: path.join(dataDir, "sandbox", "kubeconfig"), ready, stop };
}
