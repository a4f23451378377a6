// Runs claimed jobs: a bounded number at a time, each with a heartbeat that saves its progress, renews its claim and
// notices a cancel. A handler resumes from the files its job already records as done.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { logger } from "@/lib/observability/logger";
import { processSingleton } from "@/lib/runtime";
import { summarizeFiles, TransientJobError, type JobFile, type JobLogLine, type JobRecord } from "./job";
import { beat, claimJob, settleJob } from "./queue";

export interface JobContext {
  job: JobRecord;
  /** Aborted when the job is cancelled, loses its claim, or the worker stops. */
  signal: AbortSignal;
  /** The job's files as last saved; the handler replaces or updates them as it goes. */
  files: JobFile[];
  setFiles(files: JobFile[]): void;
  updateFile(path: string, change: Partial<JobFile>): void;
  log(level: JobLogLine["level"], message: string): void;
  /** What a resumed attempt must know (e.g. the commit being copied); saved with the heartbeat, kept across attempts. */
  checkpoint: Record<string, unknown>;
  saveCheckpoint(values: Record<string, unknown>): void;
}

export interface JobHandler {
  kind: string;
  run(context: JobContext): Promise<Record<string, unknown>>;
  /** After the job failed for good or was cancelled (not when it will be tried again). */
  ended?(job: JobRecord, state: "failed" | "cancelled", error: string): Promise<void>;
}

export interface WorkerOptions {
  handlers: JobHandler[];
  concurrency: number;
  /** How often an idle worker looks for work; `wake()` looks at once. */
  pollMs?: number;
  heartbeatMs?: number;
  /** A running job whose heartbeat is older than this is claimed again. */
  staleMs?: number;
  maxAttempts?: number;
  /** Back-off before the n-th retry: base × 2^(n-1), capped. */
  retryBaseMs?: number;
}

export interface JobWorker {
  readonly id: string;
  wake(): void;
  /** Stops claiming; running jobs are interrupted and left for another worker (or this one after a restart). */
  stop(): Promise<void>;
}

const RATE_WINDOW_MS = 5_000;

/** Whoever enqueues a job in this process wakes the local worker, so it does not wait for the next poll. */
const localWorkers = processSingleton("job-workers", () => new Set<JobWorker>());

export function wakeLocalWorkers(): void {
  for (const worker of localWorkers) worker.wake();
}

export function startJobWorker(options: WorkerOptions): JobWorker {
  const id = `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const pollMs = options.pollMs ?? 1_000;
  const heartbeatMs = options.heartbeatMs ?? 1_000;
  const staleMs = options.staleMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const retryBaseMs = options.retryBaseMs ?? 2_000;
  const handlers = new Map(options.handlers.map((handler) => [handler.kind, handler]));
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let looking: Promise<void> | undefined;

  const look = () => {
    looking ??= fill().finally(() => {
      looking = undefined;
    });
    return looking;
  };

  async function fill(): Promise<void> {
    while (!stopping.signal.aborted && running.size < options.concurrency) {
      let job: JobRecord | undefined;
      try {
        job = await claimJob(id, staleMs, [...handlers.keys()]);
      } catch (error) {
        logger.warn("claiming a job failed", { error: String(error) });
        return;
      }
      if (!job) return;
      const controller = new AbortController();
      const claimed = job;
      const done = runJob(claimed, controller).finally(() => {
        running.delete(claimed.id);
        void look();
      });
      running.set(job.id, { controller, done });
    }
  }

  async function runJob(job: JobRecord, controller: AbortController): Promise<void> {
    const handler = handlers.get(job.kind);
    if (!handler) return;
    let files = job.files;
    let checkpoint = job.checkpoint;
    const log = [...job.log];
    const samples: Array<{ at: number; bytes: number }> = [];
    const write = (level: JobLogLine["level"], message: string) => log.push({ at: new Date().toISOString(), level, message });
    const progress = () => {
      const now = Date.now();
      const bytes = files.reduce((sum, file) => sum + file.bytesDone, 0);
      samples.push({ at: now, bytes });
      while (samples.length > 1 && samples[0].at < now - RATE_WINDOW_MS) samples.shift();
      const first = samples[0];
      const rate = now - first.at >= 500 ? Math.max(0, ((bytes - first.bytes) * 1000) / (now - first.at)) : null;
      return summarizeFiles(files, rate === null ? null : Math.round(rate));
    };
    const snapshot = () => ({ files, progress: progress(), log, checkpoint });

    if (job.cancelRequested) {
      await settleJob(job.id, id, { ...snapshot(), state: "cancelled", error: "Cancelled" });
      await ended(handler, job, "cancelled", "Cancelled");
      return;
    }
    if (stopping.signal.aborted) {
      // Claimed as the worker stopped: back to the queue untouched.
      await settleJob(job.id, id, { ...snapshot(), state: "queued", retryAt: new Date(), error: job.error ?? "Waiting for a worker" });
      return;
    }
    if (job.attempts > maxAttempts) {
      // Taken again after its worker died mid-run, more often than any job is tried.
      const reason = `Gave up after ${maxAttempts} attempts; the last ended with its worker${job.error ? ` (${job.error})` : ""}`;
      write("error", reason);
      await settleJob(job.id, id, { ...snapshot(), state: "failed", error: reason });
      await ended(handler, job, "failed", reason);
      return;
    }
    write("info", job.attempts > 1 ? `attempt ${job.attempts} started on ${id}` : `started on ${id}`);
    const onStop = () => controller.abort(new Error("the worker stopped"));
    stopping.signal.addEventListener("abort", onStop, { once: true });
    let lastBeat = Date.now();
    const heartbeat = setInterval(() => {
      beat(job.id, id, snapshot())
        .then(({ held, cancelRequested }) => {
          lastBeat = Date.now();
          if (!held) controller.abort(new Error("the job's claim was lost"));
          else if (cancelRequested) controller.abort(new CancelledError());
        })
        .catch((error: unknown) => {
          logger.warn("job heartbeat failed", { job: job.id, error: String(error) });
          // Past half the stale time another worker may take the job: stop writing before it starts.
          if (Date.now() - lastBeat > staleMs / 2) controller.abort(new Error("the database stopped answering the job's heartbeat"));
        });
    }, heartbeatMs);

    const context: JobContext = {
      job,
      signal: controller.signal,
      get files() {
        return files;
      },
      setFiles(next) {
        files = next;
      },
      updateFile(path, change) {
        files = files.map((file) => (file.path === path ? { ...file, ...change } : file));
      },
      log: write,
      get checkpoint() {
        return checkpoint;
      },
      saveCheckpoint(values) {
        checkpoint = { ...checkpoint, ...values };
      },
    };
    try {
      const result = await handler.run(context);
      write("info", "succeeded");
      await settleJob(job.id, id, { ...snapshot(), state: "succeeded", result });
    } catch (error) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
      if (reason instanceof CancelledError) {
        write("warn", "cancelled");
        await settleJob(job.id, id, { ...snapshot(), state: "cancelled", error: "Cancelled" });
        await ended(handler, job, "cancelled", "Cancelled");
      } else if (stopping.signal.aborted) {
        // Back to the queue at once: the next worker to look resumes it from the files already done.
        write("warn", `interrupted: ${message(reason)}`);
        await settleJob(job.id, id, { ...snapshot(), state: "queued", retryAt: new Date(), error: "Interrupted; resuming" });
      } else if (controller.signal.aborted) {
        // The claim passed to another worker (this one was too slow to beat); that one carries on.
        logger.warn("job claim lost", { job: job.id, reason: message(reason) });
      } else if (error instanceof TransientJobError && job.attempts < maxAttempts) {
        const delay = error.retryAfterMs ?? Math.min(retryBaseMs * 2 ** (job.attempts - 1), 5 * 60_000);
        write("warn", `${error.message}; trying again in ${Math.round(delay / 1000)} s (attempt ${job.attempts} of ${maxAttempts})`);
        await settleJob(job.id, id, { ...snapshot(), state: "queued", retryAt: new Date(Date.now() + delay), error: error.message });
      } else {
        write("error", message(error));
        await settleJob(job.id, id, { ...snapshot(), state: "failed", error: message(error) });
        await ended(handler, job, "failed", message(error));
      }
    } finally {
      clearInterval(heartbeat);
      stopping.signal.removeEventListener("abort", onStop);
    }
  }

  const schedule = () => {
    timer = setTimeout(() => {
      void look().finally(() => {
        if (!stopping.signal.aborted) schedule();
      });
    }, pollMs);
    timer.unref();
  };

  const worker: JobWorker = {
    id,
    wake: () => void look(),
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      localWorkers.delete(worker);
      await looking;
      await Promise.all([...running.values()].map((entry) => entry.done.catch(() => undefined)));
    },
  };
  localWorkers.add(worker);
  void look();
  schedule();
  return worker;
}

async function ended(handler: JobHandler, job: JobRecord, state: "failed" | "cancelled", error: string): Promise<void> {
  await handler
    .ended?.(job, state, error)
    .catch((failure: unknown) => logger.warn("a job's end hook failed", { job: job.id, error: String(failure) }));
}

class CancelledError extends Error {
  constructor() {
    super("Cancelled");
    this.name = "CancelledError";
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
