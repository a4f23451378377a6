// Modelport's gateway for bench/gateway.ts, in a process of its own (compiled as the server is): the runtime on its
// own database, the sandbox cluster holding one KubeAI Model, published with an API key, and the custom server's
// request listener, whose fast path sends the Model's requests to the bench's upstream through the URL template.
// Prints {port, apiKey} once it listens.
import fs from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Caller } from "@/lib/auth/caller";
import { parseConfig } from "@/lib/config";
import { createProxyTrust } from "@/lib/server/forwarded-headers";
import { createGatewayListener, matchesGateway } from "@/lib/server/gateway-listener";
import { createRequestListener } from "@/lib/server/request-listener";
import { startRuntime } from "@/lib/server/start-runtime";
import { deploymentInputSchema } from "@/lib/schemas/deployment";
import { createDeployment } from "@/lib/services/deployments";
import { publishDeployment } from "@/lib/services/publishing";

const BENCH_CALLER: Caller = { kind: "bootstrap", subject: "bench", email: null, displayName: "bench", isAdmin: true, tenantRoles: {} };

async function main(): Promise<void> {
  const upstream = process.env.BENCH_UPSTREAM ?? "";
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "modelport-bench-gateway-"));
  const config = parseConfig({
    MODELPORT_DATA_DIR: dataDir,
    MODELPORT_CLUSTER: "sandbox",
    LOG_LEVEL: "error",
    ...(process.env.DATABASE_URL
      ? { DATABASE_URL: process.env.DATABASE_URL, NEXTAUTH_SECRET: "bench-session-secret-0123456789abcdefgh" }
      : {}),
    MODELPORT_UPSTREAM_KUBEAI: `${upstream}/{namespace}/{name}`,
  });
  const started = await startRuntime(config, { pgliteDir: null, worker: false, embeddedIssuer: false });
  await createDeployment(
    BENCH_CALLER,
    deploymentInputSchema.parse({
      namespace: "tenant-a",
      name: "bench-chat",
      url: "hf://Qwen/Qwen2-0.5B-Instruct",
      engine: "VLLM",
      features: ["TextGeneration"],
      resourceProfile: "cpu:1",
    }),
  );
  const published = await publishDeployment(BENCH_CALLER, "tenant-a", "bench-chat", {
    rateLimiting: { requestsPerMinute: 1_000_000_000, requestsPerHour: 1_000_000_000, burstLimit: 1_000_000_000, tokensPerHour: null },
  });
  const server = createServer(
    createRequestListener({
      trust: createProxyTrust([]),
      gateway: { matches: matchesGateway, handle: createGatewayListener() },
      handleNext: (_req, res) => {
        res.statusCode = 404;
        res.end();
      },
    }),
  );
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port, apiKey: published.apiKey }));
  process.on("SIGTERM", () => {
    server.close();
    void started.stop().finally(() => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
