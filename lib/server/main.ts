// The custom server `npm start` runs: starts what the embedded defaults need, mounts the embedded issuer, hands the rest to Next.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { ConfigError, parseConfig } from "@/lib/config";
import { logger } from "@/lib/observability/logger";
import { startRuntime, type StartedRuntime } from "./start-runtime";
import { printBanner } from "./banner";

async function main(): Promise<void> {
  const dev = process.argv.includes("--dev");
  const config = parseConfig();
  // next-auth reads its public URL from the environment.
  process.env.NEXTAUTH_URL ??= config.publicUrl;
  const started = await startRuntime(config);
  const app = next({ dev, dir: process.cwd(), hostname: "localhost", port: config.PORT });
  await app.prepare();
  const handleNext = app.getRequestHandler();
  const issuerPath = new URL(config.issuer).pathname.replace(/\/$/, "");

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = request.url ?? "/";
    if (started.issuer && (url === issuerPath || url.startsWith(`${issuerPath}/`) || url.startsWith(`${issuerPath}?`))) {
      started.issuer.handle(request, response);
      return;
    }
    void handleNext(request, response);
  });
  server.listen(config.PORT, config.HOSTNAME, () => printBanner(config, started, dev));
  installShutdown(server, started);
}

function installShutdown(server: ReturnType<typeof createServer>, started: StartedRuntime): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("stopping", { signal });
    server.close();
    server.closeAllConnections();
    void started.stop().finally(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error("Modelport failed to start:", error);
  process.exit(1);
});
