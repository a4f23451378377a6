// One measured run of bench/import.ts, in a process of its own so its peak RSS is its own: a plain copy of a Hub
// repository's files (HTTP GET piped to the store, nothing else), or Modelport's import job doing the same copy with
// hashing, checks, progress and the repository. Prints one JSON line: {seconds, bytes, maxRssMb, rssAtStartMb?, rssPeakMb?}.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Caller } from "@/lib/auth/caller";
import { parseConfig } from "@/lib/config";
import { getJob } from "@/lib/jobs/queue";
import { startRuntime } from "@/lib/server/start-runtime";
import { startImport } from "@/lib/services/imports";
import { S3Store } from "@/lib/storage/s3-store";

export interface ChildParams {
  mode: "plain" | "import";
  target: "pvc" | "s3";
  hubUrl: string;
  repo: string;
  files: Array<{ path: string; bytes: number }>;
  /** The PVC directory, or the s3rver endpoint and bucket. */
  weightsPath: string;
  s3?: { endpoint: string; bucket: string };
  /** The cluster, run by the parent so this process holds only what a worker holds. */
  kubeconfigPath: string;
  /** PostgreSQL: then this process runs as a real worker (MODELPORT_ROLE=worker); else PGlite in it. */
  databaseUrl?: string;
}

interface Measured {
  seconds: number;
  bytes: number;
  rssAtStartMb?: number;
  rssPeakMb?: number;
}

const MB = 1024 * 1024;

const BENCH_CALLER: Caller = { kind: "bootstrap", subject: "bench", email: null, displayName: "bench", isAdmin: true, tenantRoles: {} };

async function plainCopy(params: ChildParams): Promise<Measured> {
  const began = performance.now();
  const store =
    params.target === "s3" && params.s3
      ? new S3Store({
          endpoint: params.s3.endpoint,
          region: "us-east-1",
          bucket: params.s3.bucket,
          prefix: "plain",
          accessKeyId: "S3RVER",
          secretAccessKey: "S3RVER",
          forcePathStyle: true,
        })
      : undefined;
  let bytes = 0;
  for (const file of params.files) {
    const response = await fetch(`${params.hubUrl}/${params.repo}/resolve/main/${file.path}`);
    if (!response.ok || !response.body) throw new Error(`GET ${file.path}: HTTP ${response.status}`);
    const body = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream);
    if (store) await store.write(`copy/${file.path}`, body, { bytesTotal: file.bytes });
    else {
      const target = path.join(params.weightsPath, "plain", file.path);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      await pipeline(body, fs.createWriteStream(target));
    }
    bytes += file.bytes;
  }
  return { seconds: (performance.now() - began) / 1000, bytes };
}

/**
 * Timed from the request to the job's success, and RSS sampled every 50 ms meanwhile; starting Modelport (the
 * database and its migrations) is neither timed nor counted in the RSS at the start of the import.
 */
async function importJob(params: ChildParams): Promise<Measured> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "modelport-bench-import-"));
  const config = parseConfig({
    MODELPORT_DATA_DIR: dataDir,
    MODELPORT_CLUSTER: "kubeconfig",
    KUBECONFIG: params.kubeconfigPath,
    MODELPORT_ALLOW_DEV_IDENTITY: "1",
    NEXTAUTH_SECRET: "bench-session-secret-0123456789abcdefgh",
    ...(params.databaseUrl ? { DATABASE_URL: params.databaseUrl, MODELPORT_ROLE: "worker" } : {}),
    LOG_LEVEL: "error",
    HF_ENDPOINT: params.hubUrl,
    WEIGHTS_STORAGE_PATH: params.weightsPath,
    MODELPORT_ARTIFACT_STORE: params.target,
    ...(params.s3
      ? {
          S3_ENDPOINT: params.s3.endpoint,
          S3_BUCKET: params.s3.bucket,
          S3_ACCESS_KEY_ID: "S3RVER",
          S3_SECRET_ACCESS_KEY: "S3RVER",
          S3_FORCE_PATH_STYLE: "1",
        }
      : {}),
  });
  const started = await startRuntime(config, { pgliteDir: null, embeddedIssuer: false, worker: {} });
  try {
    const rssAtStart = process.memoryUsage().rss;
    let rssPeak = rssAtStart;
    const began = performance.now();
    const job = await startImport(BENCH_CALLER, {
      source: "huggingface",
      namespace: "tenant-a",
      repo: params.repo,
      revision: "main",
      artifactPath: "model",
    });
    for (;;) {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      const current = await getJob(job.id);
      if (current?.state === "succeeded") {
        return {
          seconds: (performance.now() - began) / 1000,
          bytes: current.progress.bytesDone,
          rssAtStartMb: rssAtStart / MB,
          rssPeakMb: rssPeak / MB,
        };
      }
      if (current && ["failed", "cancelled"].includes(current.state)) throw new Error(`import ${current.state}: ${current.error}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await started.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const params = JSON.parse(process.env.BENCH_IMPORT_PARAMS ?? "{}") as ChildParams;
  const measured = params.mode === "plain" ? await plainCopy(params) : await importJob(params);
  console.log(JSON.stringify({ ...measured, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
