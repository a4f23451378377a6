// Benchmark: the gateway's cost. A fast local upstream answers with a fixed 50 ms latency (or streams 64 chunks 20 ms
// apart); the same requests go to it directly, through Modelport's gateway (a published model's API key: key check,
// limits, metering, proxy) and through Portkey's open-source gateway, in alternating rounds in one run, at concurrency
// 1 and 50. Each gateway runs in a process of its own pinned to one core (the load and the upstream hold the other).
// Prints added latency p50/p99, throughput against direct, CPU per request, added time to first chunk and how chunks
// arrive, next to the targets. A bare Node proxy (bench/node-proxy.ts) runs beside them, pinned the same way: the
// floor of any gateway on Node's HTTP stack on this machine.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { createInterface } from "node:readline";
import path from "node:path";
import { startSandboxCluster } from "@/lib/sandbox";
import { buildChild, scratchDatabase } from "./support";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const UPSTREAM_LATENCY_MS = 50;
const CHUNKS = 64;
const CHUNK_GAP_MS = 20;
const TARGETS = { addedP50: 1.0, addedP99: 3, throughput: 0.97, cpuMs: 0.3, ttfbAdded: 3 };
const PINNED = process.env.BENCH_PIN !== "0" && spawnSync("taskset", ["--version"]).status === 0 && os.cpus().length >= 2;

/**
 * Asks the kernel (PM QoS, as cyclictest and tuned's latency-performance profile do) to keep idle cores out of their
 * sleep states for as long as the returned descriptor stays open, so that the figures hold the gateway's cost and not
 * the time an idle core (a halted vCPU, on a VM) takes to wake: at concurrency 1 a request through any gateway wakes
 * the gateway's idle core twice. Null where /dev/cpu_dma_latency cannot be opened (not Linux, not root) or with
 * BENCH_IDLE_POLL=0.
 */
function holdCoresAwake(): number | null {
  if (process.env.BENCH_IDLE_POLL === "0") return null;
  try {
    const fd = fs.openSync("/dev/cpu_dma_latency", "w");
    const zero = Buffer.alloc(4);
    zero.writeInt32LE(0);
    fs.writeSync(fd, zero);
    return fd;
  } catch {
    return null;
  }
}

type Target = "direct" | "node-proxy" | "modelport" | "portkey";
interface Endpoint {
  target: Target;
  url: string;
  headers: Record<string, string>;
  pid?: number;
  agent: http.Agent;
}
interface Sample {
  ms: number;
  ttfbMs?: number;
  gaps?: number[];
  /** Chunks that arrived in the stream's last 20 ms. */
  tail?: number;
  chunks?: number;
}

function startUpstream(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (chunk: Buffer) => parts.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(parts).toString() || "{}") as {
        stream?: boolean;
        stream_options?: { include_usage?: boolean };
        model?: string;
      };
      const usage = { prompt_tokens: 12, completion_tokens: CHUNKS, total_tokens: 12 + CHUNKS };
      if (!body.stream) {
        setTimeout(() => {
          const text = JSON.stringify({
            id: "b",
            object: "chat.completion",
            model: body.model,
            choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
            usage,
          });
          res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
          res.end(text);
        }, UPSTREAM_LATENCY_MS);
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      let sent = 0;
      const next = () => {
        res.write(
          `data: ${JSON.stringify({ id: "b", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: "tok " } }] })}\n\n`,
        );
        sent += 1;
        if (sent < CHUNKS) return void setTimeout(next, CHUNK_GAP_MS);
        if (body.stream_options?.include_usage)
          res.write(`data: ${JSON.stringify({ id: "b", object: "chat.completion.chunk", choices: [], usage })}\n\n`);
        res.end("data: [DONE]\n\n");
      };
      next();
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function pinned(command: string, args: string[]): [string, string[]] {
  return PINNED ? ["taskset", ["-c", "1", command, ...args]] : [command, args];
}

async function startModelport(
  upstream: string,
  kubeconfig: string,
  databaseUrl?: string,
): Promise<{ child: ChildProcess; port: number; apiKey: string }> {
  const script = await buildChild("gateway-child");
  const [command, args] = pinned(process.execPath, [script]);
  const child = spawn(command, args, {
    env: {
      ...process.env,
      BENCH_UPSTREAM: upstream,
      BENCH_KUBECONFIG: kubeconfig,
      DATABASE_URL: databaseUrl ?? "",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the Modelport gateway exited with ${code}`)));
  });
  return { child, ...(JSON.parse(line) as { port: number; apiKey: string }) };
}

async function startNodeProxy(upstream: string): Promise<{ child: ChildProcess; port: number }> {
  const script = await buildChild("node-proxy");
  const [command, args] = pinned(process.execPath, [script]);
  const child = spawn(command, args, { env: { ...process.env, BENCH_UPSTREAM: upstream }, stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the bare Node proxy exited with ${code}`)));
  });
  return { child, ...(JSON.parse(line) as { port: number }) };
}

async function startPortkey(): Promise<{ child: ChildProcess; port: number }> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const [command, args] = pinned(process.execPath, [
    "node_modules/@portkey-ai/gateway/build/start-server.js",
    `--port=${port}`,
    "--headless",
  ]);
  const child = spawn(command, args, { env: { ...process.env, NODE_ENV: "production" }, stdio: "ignore" });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${port}/`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) return { child, port };
    if (Date.now() > deadline) throw new Error("Portkey's gateway did not start within 30 s");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Whether the kernel keeps schedstat (the scheduler's own count of a thread's CPU time, in ns). */
const SCHEDSTAT = fs.existsSync("/proc/self/schedstat");

/**
 * A process's CPU time in ms, every thread's: from schedstat, exact, where utime + stime (the fallback, from
 * /proc/<pid>/stat) are sampled at the timer's tick. Linux only either way.
 */
function cpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  if (SCHEDSTAT) {
    let nanoseconds = 0;
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      nanoseconds += Number(fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, "utf8").split(" ")[0]);
    }
    return nanoseconds / 1e6;
  }
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

function send(endpoint: Endpoint, stream: boolean): Promise<Sample> {
  const body = JSON.stringify({ model: "bench-chat", stream, max_tokens: 64, messages: [{ role: "user", content: "Say hello" }] });
  const began = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(
      endpoint.url,
      {
        method: "POST",
        agent: endpoint.agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...endpoint.headers },
      },
      (response) => {
        const arrivals: number[] = [];
        response.on("data", () => arrivals.push(performance.now()));
        response.on("end", () => {
          const end = performance.now();
          if (response.statusCode !== 200) return reject(new Error(`${endpoint.target}: HTTP ${response.statusCode}`));
          if (!stream) return resolve({ ms: end - began });
          const gaps = arrivals.slice(1).map((at, index) => at - arrivals[index]);
          resolve({
            ms: end - began,
            ttfbMs: arrivals[0] - began,
            gaps,
            tail: arrivals.filter((at) => at > end - CHUNK_GAP_MS).length,
            chunks: arrivals.length,
          });
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

async function run(
  endpoint: Endpoint,
  stream: boolean,
  concurrency: number,
  total: number,
): Promise<{ samples: Sample[]; seconds: number; cpuMs: number }> {
  const samples: Sample[] = [];
  let next = 0;
  const cpuBefore = cpuMs(endpoint.pid);
  const began = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next += 1;
        samples.push(await send(endpoint, stream));
      }
    }),
  );
  return { samples, seconds: (performance.now() - began) / 1000, cpuMs: cpuMs(endpoint.pid) - cpuBefore };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : "-");

async function main(): Promise<void> {
  // This process (the load, the upstream, the sandbox cluster) keeps to core 0, every thread of it, so a gateway has
  // core 1 to itself while it is measured.
  if (PINNED) spawnSync("taskset", ["-a", "-p", "-c", "0", String(process.pid)], { stdio: "ignore" });
  const awake = holdCoresAwake();
  const upstream = await startUpstream();
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const database = await scratchDatabase("modelport_bench_gateway");
  // The cluster lives here, not in the gateway's process: a gateway replica does not host its cluster.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "modelport-bench-gateway-cluster-"));
  const cluster = await startSandboxCluster({ dataDir: work });
  const ours = await startModelport(upstreamUrl, cluster.kubeconfigPath ?? "", database.url);
  const portkey = await startPortkey();
  const floor = await startNodeProxy(upstreamUrl);
  const agent = () => new http.Agent({ keepAlive: true, maxSockets: 64 });
  const endpoints: Endpoint[] = [
    { target: "direct", url: `${upstreamUrl}/v1/chat/completions`, headers: {}, agent: agent() },
    {
      target: "node-proxy",
      url: `http://127.0.0.1:${floor.port}/v1/chat/completions`,
      headers: {},
      pid: floor.child.pid,
      agent: agent(),
    },
    {
      target: "modelport",
      url: `http://127.0.0.1:${ours.port}/v1/chat/completions`,
      headers: { "x-api-key": ours.apiKey },
      pid: ours.child.pid,
      agent: agent(),
    },
    {
      target: "portkey",
      url: `http://127.0.0.1:${portkey.port}/v1/chat/completions`,
      headers: { "x-portkey-provider": "openai", "x-portkey-custom-host": `${upstreamUrl}/v1`, authorization: "Bearer sk-bench" },
      pid: portkey.child.pid,
      agent: agent(),
    },
  ];
  const scenarios = [
    // Rounds long enough that a gateway's first requests after another one had the core (cold caches) weigh little.
    { name: "non-streaming, concurrency 1", stream: false, concurrency: 1, requests: 200 },
    { name: "non-streaming, concurrency 50", stream: false, concurrency: 50, requests: 3000 },
    { name: "streaming, concurrency 1", stream: true, concurrency: 1, requests: 8 },
    { name: "streaming, concurrency 50", stream: true, concurrency: 50, requests: 150 },
  ];
  try {
    // Warm-up, both paths: connections, caches, and the JIT's optimised code (which its compiler threads spend the
    // process's CPU on while it is made): the figures are for a gateway that has been running, not one just started.
    for (const endpoint of endpoints) {
      await run(endpoint, false, 50, 2000);
      await run(endpoint, true, 10, 20);
    }
    console.log(
      `bench:gateway — upstream ${UPSTREAM_LATENCY_MS} ms (streams: ${CHUNKS} chunks ${CHUNK_GAP_MS} ms apart), ${ROUNDS} alternating rounds, ` +
        `${PINNED ? "each gateway pinned to core 1, load and upstream on core 0" : "not pinned (taskset or a second core missing)"}, ` +
        `${awake === null ? "idle cores may sleep (/dev/cpu_dma_latency not held)" : "idle cores kept awake (/dev/cpu_dma_latency held at 0)"}\n`,
    );
    const verdicts: string[] = [];
    for (const scenario of scenarios) {
      const pooled = new Map<Target, { samples: Sample[]; seconds: number; cpuMs: number }>();
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? endpoints : [...endpoints].reverse();
        for (const endpoint of order) {
          const result = await run(endpoint, scenario.stream, scenario.concurrency, scenario.requests);
          const sum = pooled.get(endpoint.target) ?? { samples: [], seconds: 0, cpuMs: 0 };
          pooled.set(endpoint.target, {
            samples: [...sum.samples, ...result.samples],
            seconds: sum.seconds + result.seconds,
            cpuMs: sum.cpuMs + result.cpuMs,
          });
        }
      }
      const direct = pooled.get("direct")!;
      const directP50 = percentile(
        direct.samples.map((s) => s.ms),
        50,
      );
      const directP99 = percentile(
        direct.samples.map((s) => s.ms),
        99,
      );
      const directRate = direct.samples.length / direct.seconds;
      const directTtfb = scenario.stream
        ? percentile(
            direct.samples.map((s) => s.ttfbMs ?? 0),
            50,
          )
        : 0;
      /** The bare Node proxy's figures in this scenario, printed beside each verdict. */
      let bare = { p50: Number.NaN, p99: Number.NaN, ratio: Number.NaN, cpu: Number.NaN, ttfb: Number.NaN };
      console.log(scenario.name);
      console.log("  target      p50 ms  p99 ms  added p50  added p99   req/s  vs direct  CPU ms/req  TTFB added  chunk gap p50/max  tail");
      for (const target of ["direct", "node-proxy", "modelport", "portkey"] as Target[]) {
        const data = pooled.get(target)!;
        const times = data.samples.map((s) => s.ms);
        const p50 = percentile(times, 50);
        const p99 = percentile(times, 99);
        const rate = data.samples.length / data.seconds;
        const cpu = target === "direct" ? Number.NaN : data.cpuMs / data.samples.length;
        const ttfb = scenario.stream
          ? percentile(
              data.samples.map((s) => s.ttfbMs ?? 0),
              50,
            ) - directTtfb
          : Number.NaN;
        const gaps = data.samples.flatMap((s) => s.gaps ?? []);
        const tail = scenario.stream ? Math.max(...data.samples.map((s) => s.tail ?? 0)) : Number.NaN;
        console.log(
          `  ${target.padEnd(10)} ${fixed(p50).padStart(7)} ${fixed(p99).padStart(7)} ${fixed(p50 - directP50).padStart(10)} ${fixed(p99 - directP99).padStart(10)} ${fixed(rate, 0).padStart(7)} ${fixed((rate / directRate) * 100, 1).padStart(9)}% ${fixed(cpu, 3).padStart(11)} ${fixed(ttfb).padStart(11)} ${scenario.stream ? `${fixed(percentile(gaps, 50), 1)}/${fixed(Math.max(...gaps), 1)}`.padStart(18) : "-".padStart(18)} ${fixed(tail, 0).padStart(5)}`,
        );
        if (target === "node-proxy") bare = { p50: p50 - directP50, p99: p99 - directP99, ratio: rate / directRate, cpu, ttfb };
        if (target !== "modelport") continue;
        if (!scenario.stream && scenario.concurrency === 1) {
          verdicts.push(
            `added p50 ${fixed(p50 - directP50)} ms (≤ ${TARGETS.addedP50}; bare Node proxy ${fixed(bare.p50)}) ${p50 - directP50 <= TARGETS.addedP50 ? "PASS" : "MISS"}`,
          );
          verdicts.push(
            `added p99 ${fixed(p99 - directP99)} ms (≤ ${TARGETS.addedP99}; bare Node proxy ${fixed(bare.p99)}) ${p99 - directP99 <= TARGETS.addedP99 ? "PASS" : "MISS"}`,
          );
        }
        if (!scenario.stream && scenario.concurrency === 50) {
          verdicts.push(
            `throughput at 50: ${fixed((rate / directRate) * 100, 1)}% of direct (≥ ${TARGETS.throughput * 100}%; bare Node proxy ${fixed(bare.ratio * 100, 1)}%) ${rate / directRate >= TARGETS.throughput ? "PASS" : "MISS"}`,
          );
          verdicts.push(
            `CPU ${fixed(cpu, 3)} ms per request (≤ ${TARGETS.cpuMs}; bare Node proxy ${fixed(bare.cpu, 3)}) ${cpu <= TARGETS.cpuMs ? "PASS" : "MISS"}`,
          );
        }
        if (scenario.stream && scenario.concurrency === 1) {
          verdicts.push(
            `added time to first chunk ${fixed(ttfb)} ms (≤ ${TARGETS.ttfbAdded}; bare Node proxy ${fixed(bare.ttfb)}) ${ttfb <= TARGETS.ttfbAdded ? "PASS" : "MISS"}`,
          );
          // As sent: about one read per chunk, spaced as the upstream spaced them, not gathered into a burst at the end.
          const reads = Math.min(...data.samples.map((s) => s.chunks ?? 0));
          const directTail = Math.max(...direct.samples.map((s) => s.tail ?? 0));
          const steady =
            Math.abs(percentile(gaps, 50) - CHUNK_GAP_MS) <= CHUNK_GAP_MS * 0.25 && reads >= CHUNKS * 0.9 && tail <= directTail + 1;
          verdicts.push(
            `chunks as sent (median gap ${fixed(percentile(gaps, 50), 1)} ms; at least ${reads} reads for ${CHUNKS} chunks; ${tail} in the last ${CHUNK_GAP_MS} ms, direct ${directTail}) ${steady ? "PASS" : "MISS"}`,
          );
        }
      }
      console.log("");
    }
    console.log("Modelport against the targets:");
    for (const verdict of verdicts) console.log(`  ${verdict}`);
  } finally {
    ours.child.kill("SIGTERM");
    portkey.child.kill("SIGTERM");
    floor.child.kill("SIGTERM");
    upstream.close();
    for (const endpoint of endpoints) endpoint.agent.destroy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await database.drop();
    await cluster.close();
    fs.rmSync(work, { recursive: true, force: true });
    if (awake !== null) fs.closeSync(awake);
  }
}

void main();
