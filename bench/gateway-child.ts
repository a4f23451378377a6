// Modelport's gateway for the gateway benchmarks, in a process of its own (compiled as the server is): the runtime on
// its own database (or a shared one), the sandbox cluster (or the bench's, by kubeconfig) holding one KubeAI Model
// published with an API key, and the custom server's request listener, whose fast path sends the Model's requests to
// the bench's upstream through the URL template. Prints {port, apiKey} once it listens (apiKey only from the replica
// that published: BENCH_SETUP is not 0). BENCH_LIMIT sets the key's requests per minute; REDIS_URL shares limits.
import fs from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Caller } from "@/lib/auth/caller";
import { parseConfig } from "@/lib/config";
import { createProxyTrust } from "@/lib/server/forwarded-headers";
import { createGatewayListener, matchesGateway } from "@/lib/server/gateway-listener";
import { tuneHeapForServing } from "@/lib/server/heap-tuning";
import { createRequestListener } from "@/lib/server/request-listener";
import { startRuntime } from "@/lib/server/start-runtime";
import { deploymentInputSchema } from "@/lib/schemas/deployment";
import { createDeployment } from "@/lib/services/deployments";
import { publishDeployment } from "@/lib/services/publishing";

const BENCH_CALLER: Caller = { kind: "bootstrap", subject: "bench", email: null, displayName: "bench", isAdmin: true, tenantRoles: {} };

async function main(): Promise<void> {
  tuneHeapForServing();
  const upstream = process.env.BENCH_UPSTREAM ?? "";
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "modelport-bench-gateway-"));
  const config = parseConfig({
    MODELPORT_DATA_DIR: dataDir,
    ...(process.env.BENCH_KUBECONFIG
      ? { MODELPORT_CLUSTER: "kubeconfig", KUBECONFIG: process.env.BENCH_KUBECONFIG, MODELPORT_ALLOW_DEV_IDENTITY: "1" }
      : { MODELPORT_CLUSTER: "sandbox" }),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    LOG_LEVEL: "error",
    // Replicas of one deployment share a session secret (required with PostgreSQL or a cluster given by kubeconfig).
    NEXTAUTH_SECRET: "bench-session-secret-0123456789abcdefgh",
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    MODELPORT_UPSTREAM_KUBEAI: `${upstream}/{namespace}/{name}`,
  });
  const started = await startRuntime(config, { pgliteDir: null, worker: false, embeddedIssuer: false });
  const setup = process.env.BENCH_SETUP !== "0";
  const limit = Number(process.env.BENCH_LIMIT ?? 1_000_000_000);
  if (setup)
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
  const published = setup
    ? await publishDeployment(BENCH_CALLER, "tenant-a", "bench-chat", {
        rateLimiting: { requestsPerMinute: limit, requestsPerHour: 1_000_000_000, burstLimit: limit, tokensPerHour: null },
      })
    : undefined;
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
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port, apiKey: published?.apiKey }));
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
