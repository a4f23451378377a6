// Benchmark: rate limits across replicas. Three Modelport processes share one PostgreSQL database, one Redis and the
// bench's sandbox cluster; one published model's key is limited to L requests per minute. Load is offered at three
// times L for one whole minute window, spread over the three processes (some requests streamed, some of those left
// halfway). Checks: admitted within [L, L + max(1, 1% of L)]; nothing refused before L were admitted; the tokens
// metered equal what the upstream reported for every completed request, and abandoned streams are counted apart.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import postgres from "postgres";
import { startSandboxCluster } from "@/lib/sandbox";
import { buildChild, scratchDatabase } from "./support";

const LIMIT = Number(process.env.BENCH_LIMIT ?? 300);
const REPLICAS = 3;
const STREAM_SHARE = 0.2;
const ABANDON_SHARE = 0.5;

interface Upstream {
  server: http.Server;
  /** Tokens the upstream reported for requests that completed. */
  reported: number;
}

function startUpstream(): Promise<Upstream> {
  const state: Upstream = { server: http.createServer(), reported: 0 };
  state.server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const parts: Buffer[] = [];
    req.on("data", (chunk: Buffer) => parts.push(chunk));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(parts).toString() || "{}") as {
        stream?: boolean;
        stream_options?: { include_usage?: boolean };
      };
      const completion = 5 + Math.floor(Math.random() * 20);
      const usage = { prompt_tokens: 11, completion_tokens: completion, total_tokens: 11 + completion };
      if (!body.stream) {
        const text = JSON.stringify({
          object: "chat.completion",
          choices: [{ index: 0, message: { role: "assistant", content: "ok" } }],
          usage,
        });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(text);
        state.reported += usage.total_tokens;
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      let sent = 0;
      const next = () => {
        if (res.destroyed) return;
        res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "tok " } }] })}\n\n`);
        if (++sent < completion) return void setTimeout(next, 20);
        if (body.stream_options?.include_usage) res.write(`data: ${JSON.stringify({ choices: [], usage })}\n\n`);
        res.end("data: [DONE]\n\n");
        state.reported += usage.total_tokens;
      };
      next();
    });
  });
  return new Promise((resolve) => state.server.listen(0, "127.0.0.1", () => resolve(state)));
}

async function startReplica(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; port: number; apiKey?: string }> {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`a replica exited with ${code}`)));
  });
  return { child, ...(JSON.parse(line) as { port: number; apiKey?: string }) };
}

type Outcome = { at: number; status: number; abandoned: boolean };

function send(port: number, apiKey: string, stream: boolean, abandon: boolean): Promise<Outcome> {
  const body = JSON.stringify({ model: "bench-chat", stream, messages: [{ role: "user", content: "count me" }] });
  return new Promise((resolve) => {
    const request = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/v1/chat/completions",
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": apiKey },
      },
      (response) => {
        // When the decision is known: the answer's head, before a stream's body.
        const at = performance.now();
        const status = response.statusCode ?? 0;
        if (stream && abandon && status === 200) {
          response.once("data", () => {
            request.destroy();
            resolve({ at, status, abandoned: true });
          });
          return;
        }
        response.resume();
        response.on("end", () => resolve({ at, status, abandoned: false }));
      },
    );
    request.on("error", () => resolve({ at: performance.now(), status: 0, abandoned: true }));
    request.end(body);
  });
}

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    console.error(
      "bench:ratelimit needs DATABASE_URL (the replicas share one PostgreSQL database) and REDIS_URL (default redis://127.0.0.1:6379)",
    );
    process.exit(2);
  }
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const script = await buildChild("gateway-child");
  const upstream = await startUpstream();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "modelport-bench-ratelimit-"));
  const cluster = await startSandboxCluster({ dataDir: path.join(work, "cluster") });
  const database = await scratchDatabase("modelport_bench_ratelimit");
  const env = {
    BENCH_UPSTREAM: `http://127.0.0.1:${(upstream.server.address() as AddressInfo).port}`,
    BENCH_KUBECONFIG: cluster.kubeconfigPath ?? "",
    BENCH_LIMIT: String(LIMIT),
    DATABASE_URL: database.url ?? "",
    REDIS_URL: redisUrl,
  };
  const replicas: Array<{ child: ChildProcess; port: number; apiKey?: string }> = [];
  try {
    replicas.push(await startReplica(script, env));
    const apiKey = replicas[0].apiKey ?? "";
    for (let index = 1; index < REPLICAS; index++) replicas.push(await startReplica(script, { ...env, BENCH_SETUP: "0" }));
    // The whole run inside one minute window: start just after a minute begins.
    const wait = 60_000 - (Date.now() % 60_000) + 200;
    console.log(
      `bench:ratelimit — L = ${LIMIT} per minute, ${REPLICAS} replicas on Redis, ${LIMIT * 3} requests over 55 s (starting in ${Math.round(wait / 1000)} s)`,
    );
    await new Promise((resolve) => setTimeout(resolve, wait));
    const total = LIMIT * 3;
    const spacing = 55_000 / total;
    const began = performance.now();
    const pending: Array<Promise<Outcome>> = [];
    for (let index = 0; index < total; index++) {
      const due = began + index * spacing;
      const delay = due - performance.now();
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      const stream = Math.random() < STREAM_SHARE;
      pending.push(send(replicas[index % REPLICAS].port, apiKey, stream, stream && Math.random() < ABANDON_SHARE));
    }
    const outcomes = (await Promise.all(pending)).sort((a, b) => a.at - b.at);
    const admitted = outcomes.filter((outcome) => outcome.status === 200);
    const refused = outcomes.filter((outcome) => outcome.status === 429);
    const other = outcomes.length - admitted.length - refused.length;
    let seen = 0;
    let early = 0;
    for (const outcome of outcomes) {
      if (outcome.status === 200) seen += 1;
      else if (outcome.status === 429 && seen < LIMIT) early += 1;
    }
    // Usage is written in batches every second: give the last ones time to land.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const sql = postgres(database.url ?? "", { max: 1, onnotice: () => {} });
    const [usage] = await sql<
      Array<{ requests: number; refused: number; tokens: string; estimated: string }>
    >`select coalesce(sum(requests), 0)::int as requests, coalesce(sum(refused), 0)::int as refused, coalesce(sum(prompt_tokens + completion_tokens), 0) as tokens, coalesce(sum(estimated_tokens), 0) as estimated from usage_daily`;
    await sql.end();
    const metered = Number(usage.tokens) - Number(usage.estimated);
    const abandoned = admitted.filter((outcome) => outcome.abandoned).length;
    const upper = LIMIT + Math.max(1, Math.floor(LIMIT / 100));
    console.log(`\nadmitted ${admitted.length}, refused ${refused.length}${other ? `, other ${other}` : ""} of ${outcomes.length}`);
    console.log(
      `admitted within [${LIMIT}, ${upper}]: ${admitted.length >= LIMIT && admitted.length <= upper ? "PASS" : "MISS"} (${admitted.length})`,
    );
    console.log(`refused before ${LIMIT} were admitted: ${early} ${early === 0 ? "PASS" : "MISS"}`);
    console.log(
      `metered requests ${usage.requests} for ${admitted.length} admitted, refusals ${usage.refused} for ${refused.length}: ${usage.requests === admitted.length && usage.refused === refused.length ? "PASS" : "MISS"}`,
    );
    console.log(
      `tokens metered from the upstream's usage ${metered}, upstream reported ${upstream.reported} for completed requests: ${metered === upstream.reported ? "PASS" : "MISS"}; ` +
        `${abandoned} abandoned streams counted as ${usage.estimated} estimated tokens`,
    );
  } finally {
    for (const replica of replicas) replica.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    upstream.server.close();
    await cluster.close();
    await database.drop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main();
