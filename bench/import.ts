// Benchmark: importing a generated model (safetensors shards with real headers) from a local Hub stand-in into the PVC
// directory and into S3 (s3rver), next to a plain copy of the same bytes (HTTP GET piped to the same store) in the same
// run, in alternating rounds (the median of each is compared), each in a child process of its own (compiled as the server is; a MODELPORT_ROLE=worker on PostgreSQL when
// DATABASE_URL is set) so peak RSS is the importer's. Targets: import ≥ 85% of the plain copy's throughput; importer
// peak RSS < 200 MB and flat as the model's size doubles.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startSandboxCluster } from "@/lib/sandbox";
import { startHubStandIn } from "@/tests/stand-ins/hugging-face-hub";
import { generateModelRepo } from "@/tests/stand-ins/hub-repos";
import { startS3StandIn } from "@/tests/stand-ins/s3";
import type { ChildParams } from "./import-child";
import { buildChild, scratchDatabase } from "./support";

const THROUGHPUT_TARGET = 0.85;
const RSS_TARGET_MB = 200;
const GB = 1024 ** 3;
/** Rounds of plain copy and import per store (odd, for a median); BENCH_ROUNDS overrides. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** The stores to measure, `pvc,s3` unless BENCH_TARGETS names fewer. */
const TARGETS = (process.env.BENCH_TARGETS ?? "pvc,s3").split(",") as Array<"pvc" | "s3">;

interface Run {
  seconds: number;
  bytes: number;
  /** The process's lifetime peak, start-up included. */
  maxRssMb: number;
  /** For an import: RSS when it was requested, and the peak while it ran. */
  rssAtStartMb?: number;
  rssPeakMb?: number;
}

/** Each run starts with no dirty pages left by the one before, so none pays for another's writeback. */
function runChild(params: ChildParams): Promise<Run> {
  fs.rmSync(params.weightsPath, { recursive: true, force: true });
  execFileSync("sync");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD], {
      env: { ...process.env, BENCH_IMPORT_PARAMS: JSON.stringify(params), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => {
      const line = output.trim().split("\n").at(-1) ?? "";
      if (code === 0) resolve(JSON.parse(line) as Run);
      else reject(new Error(`${params.mode} ${params.target} exited with ${code}: ${output}`));
    });
  });
}

/** Llama-shaped repositories of about 1 and 2 GB (BF16 shards; the vocabulary and layer count set the size). */
function repoOfSize(id: string, layers: number) {
  return generateModelRepo({ id, layers, hidden: 2048, vocab: 32000, intermediate: 5632, heads: 32, kvHeads: 4, shards: 4, seed: layers });
}

/** The run of median duration (an odd number of rounds has one). */
function median(runs: Run[]): Run {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
}

const mbps = (run: Run) => run.bytes / 1024 ** 2 / run.seconds;

/** The child, compiled as the server is, so its memory is a deployed worker's. */
let CHILD = "dist/bench/import-child.mjs";

async function main(): Promise<void> {
  const small = repoOfSize("bench/llama-1gb", 9);
  const large = repoOfSize("bench/llama-2gb", 20);
  CHILD = await buildChild("import-child");
  const hub = await startHubStandIn([small, large]);
  const s3 = await startS3StandIn(["weights"]);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "modelport-bench-weights-"));
  const cluster = await startSandboxCluster({ dataDir: path.join(work, "cluster") });
  const database = await scratchDatabase("modelport_bench");
  const shared = { kubeconfigPath: cluster.kubeconfigPath ?? "", databaseUrl: database.url };
  try {
    const filesOf = async (repo: string) => {
      const tree = (await (await fetch(`${hub.url}/api/models/${repo}/tree/main?recursive=true`)).json()) as Array<{
        type: string;
        path: string;
        size: number;
      }>;
      return tree.filter((entry) => entry.type === "file").map((entry) => ({ path: entry.path, bytes: entry.size }));
    };
    const largeFiles = await filesOf(large.id);
    const smallFiles = await filesOf(small.id);
    // The stand-in hashes each generated file once, on first request; a warm-up keeps that out of the timings.
    await runChild({
      ...shared,
      mode: "plain",
      target: "pvc",
      hubUrl: hub.url,
      repo: large.id,
      files: largeFiles,
      weightsPath: path.join(work, "warm"),
    });
    await runChild({
      ...shared,
      mode: "plain",
      target: "pvc",
      hubUrl: hub.url,
      repo: small.id,
      files: smallFiles,
      weightsPath: path.join(work, "warm"),
    });
    fs.rmSync(path.join(work, "warm"), { recursive: true, force: true });

    const totalGb = (files: Array<{ bytes: number }>) => (files.reduce((sum, file) => sum + file.bytes, 0) / GB).toFixed(2);
    console.log(
      `bench:import — ${large.id} (${largeFiles.length} files, ${totalGb(largeFiles)} GB) and ${small.id} (${totalGb(smallFiles)} GB), ${os.cpus().length} cores\n`,
    );
    console.log("target  run                         seconds    MB/s   RSS MB at start → peak (growth)   process peak RSS MB");
    const rows: Array<{ target: "pvc" | "s3"; plain: Run; imported: Run; half: Run }> = [];
    for (const target of TARGETS) {
      const base = {
        ...shared,
        hubUrl: hub.url,
        weightsPath: path.join(work, target),
        s3: target === "s3" ? { endpoint: s3.endpoint, bucket: "weights" } : undefined,
        target,
      };
      // Plain copies and imports alternate, so a slow spell of the machine's disk or CPU falls on both alike.
      const plains: Run[] = [];
      const imports: Run[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        plains.push(await runChild({ ...base, mode: "plain", repo: large.id, files: largeFiles }));
        imports.push(await runChild({ ...base, mode: "import", repo: large.id, files: largeFiles }));
      }
      const plain = median(plains);
      const imported = median(imports);
      const half = await runChild({ ...base, mode: "import", repo: small.id, files: smallFiles });
      for (const [label, run] of [
        [`plain copy ${totalGb(largeFiles)} GB`, plain],
        [`import ${totalGb(largeFiles)} GB`, imported],
        [`import ${totalGb(smallFiles)} GB`, half],
      ] as const) {
        const during =
          run.rssAtStartMb === undefined || run.rssPeakMb === undefined
            ? "-"
            : `${run.rssAtStartMb.toFixed(0)} → ${run.rssPeakMb.toFixed(0)} (+${(run.rssPeakMb - run.rssAtStartMb).toFixed(0)})`;
        console.log(
          `${target.padEnd(7)} ${label.padEnd(27)} ${run.seconds.toFixed(2).padStart(7)} ${mbps(run).toFixed(0).padStart(7)}   ${during.padEnd(31)} ${run.maxRssMb.toFixed(0).padStart(8)}`,
        );
      }
      const spread = (runs: Run[]) => runs.map((run) => run.seconds.toFixed(2)).join(", ");
      console.log(`${"".padEnd(8)}(rounds, seconds: plain ${spread(plains)}; import ${spread(imports)})`);
      rows.push({ target, plain, imported, half });
      fs.rmSync(base.weightsPath, { recursive: true, force: true });
    }
    console.log("");
    for (const { target, plain, imported, half } of rows) {
      const ratio = mbps(imported) / mbps(plain);
      const growth = (run: Run) => (run.rssPeakMb ?? 0) - (run.rssAtStartMb ?? 0);
      const fast = ratio >= THROUGHPUT_TARGET;
      const lean = growth(imported) < RSS_TARGET_MB && growth(imported) - growth(half) < 32;
      console.log(
        `${target}: import at ${(ratio * 100).toFixed(0)}% of the plain copy's throughput (target ≥ ${THROUGHPUT_TARGET * 100}%) ${fast ? "PASS" : "MISS"}; ` +
          `the import adds ${growth(imported).toFixed(0)} MB of RSS for ${(imported.bytes / GB).toFixed(1)} GB and ${growth(half).toFixed(0)} MB for ${(half.bytes / GB).toFixed(1)} GB (target < ${RSS_TARGET_MB} MB, flat) ${lean ? "PASS" : "MISS"}`,
      );
    }
    console.log(
      database.url
        ? "\nEach import ran as a MODELPORT_ROLE=worker process built like the server, on PostgreSQL, with the cluster in the bench's process."
        : "\nEach import ran in a process built like the server with PGlite inside it (set DATABASE_URL to measure a worker on PostgreSQL): PGlite peaks at ~600 MB while it migrates.",
    );
  } finally {
    await hub.close();
    await s3.close();
    await cluster.close();
    await database.drop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main();
