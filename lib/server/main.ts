// The custom server `npm start` runs: starts what the embedded defaults need, mounts the embedded issuer, hands the rest to Next.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import next from "next";
import { ConfigError, parseConfig } from "@/lib/config";
import { logger } from "@/lib/observability/logger";
import { printBanner } from "./banner";
import { createProxyTrust } from "./forwarded-headers";
import { createGatewayListener, matchesGateway } from "./gateway-listener";
import { createRequestListener } from "./request-listener";
import { beginShutdown } from "@/lib/runtime";
import { tuneHeapForServing } from "./heap-tuning";
import { drainServer } from "./shutdown";
import { startRuntime, type StartedRuntime } from "./start-runtime";
import { createWorkerListener } from "./worker-listener";

// Requests in flight get this long to finish after SIGTERM; closing the backends gets the rest of the budget.
// Together they stay inside Kubernetes' default 30 s grace period, so we exit before the hard kill.
const DRAIN_MS = 10_000;
const STOP_BUDGET_MS = 15_000;

interface Running {
  server?: Server;
  started?: StartedRuntime;
  closeNext?: () => Promise<void>;
}

const running: Running = {};

async function main(): Promise<void> {
  tuneHeapForServing();
  const dev = process.argv.includes("--dev");
  const config = parseConfig();
  // next-auth reads its public URL from the environment.
  process.env.NEXTAUTH_URL ??= config.publicUrl;
  const started = await startRuntime(config, config.MODELPORT_ROLE === "worker" ? { embeddedIssuer: false } : {});
  running.started = started;
  if (config.MODELPORT_ROLE === "worker") {
    // A worker runs jobs and answers only its probes; the web replicas serve everything else.
    running.server = createServer(createWorkerListener());
    await listen(running.server, config.PORT, config.listenHost);
    logger.info("worker started", { port: config.PORT, concurrency: config.MODELPORT_JOB_CONCURRENCY, worker: started.worker?.id });
    return;
  }
  const app = next({ dev, dir: process.cwd(), hostname: "localhost", port: config.PORT });
  await app.prepare();
  running.closeNext = () => app.close();

  const issuer = started.issuer;
  const server = createServer(
    createRequestListener({
      trust: createProxyTrust(config.TRUSTED_PROXIES),
      issuer: issuer && { path: new URL(config.issuer).pathname.replace(/\/$/, ""), handle: issuer.handle },
      gateway: { matches: matchesGateway, handle: createGatewayListener() },
      handleNext: app.getRequestHandler(),
    }),
  );
  running.server = server;
  await listen(server, config.PORT, config.listenHost);
  printBanner(config, started, dev, server.address() as AddressInfo);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/**
 * Stops in order: event streams end, the server stops accepting and drains, then Next, the sandbox and the
 * database close. A signal during start-up waits for start-up to settle, so nothing is left half-open.
 */
async function stop(signal: string, startingUp: Promise<void>): Promise<never> {
  logger.info("stopping", { signal });
  setTimeout(() => {
    logger.error("stopping took too long; exiting anyway", { signal });
    process.exit(1);
  }, DRAIN_MS + STOP_BUDGET_MS).unref();
  await startingUp.catch(() => undefined);
  beginShutdown();
  if (running.server) {
    const ended = await drainServer(running.server, DRAIN_MS);
    if (ended === "cut") logger.warn("requests still open after the drain deadline were cut", { seconds: DRAIN_MS / 1000 });
  }
  await running.closeNext?.().catch((error: unknown) => logger.warn("closing Next failed", { error: String(error) }));
  await running.started?.stop();
  logger.info("stopped", { signal });
  process.exit(0);
}

function installSignalHandlers(startingUp: Promise<void>): void {
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      // `npm start` in a terminal delivers Ctrl-C twice (the terminal's and the forwarded one): one stop is enough.
      if (stopping) return;
      stopping = true;
      void stop(signal, startingUp);
    });
  }
}

const startingUp = main();
installSignalHandlers(startingUp);
startingUp.catch(async (error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error("Modelport failed to start:", error);
  await running.started?.stop().catch(() => undefined);
  process.exit(1);
});
