// The job queue on a real database (PGlite, and PostgreSQL when DATABASE_URL is set): two workers never run the same
// job, a process runs at most its concurrency, a job whose worker stopped beating is taken again and resumes with
// what it saved, a cancel reaches a running job within a heartbeat, and a transient failure is retried with back-off.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "@/db";
import { jobs } from "@/db/schema";
import { TransientJobError, type JobRecord } from "@/lib/jobs/job";
import { enqueueJob, getJob, requestCancel } from "@/lib/jobs/queue";
import { startJobWorker, type JobContext, type JobHandler, type JobWorker } from "@/lib/jobs/worker";
import { databaseTargets, startHarness, type Harness } from "@/tests/harness";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(id: string, states: JobRecord["state"][], timeoutMs = 10_000): Promise<JobRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await getJob(id);
    if (job && states.includes(job.state)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} is ${job?.state}, not ${states.join("/")}`);
    await sleep(25);
  }
}

describe.each(databaseTargets())("job queue (%s)", (target) => {
  let harness: Harness;
  const workers: JobWorker[] = [];
  const start = (handlers: JobHandler[], options: { concurrency?: number; staleMs?: number; maxAttempts?: number } = {}) => {
    const worker = startJobWorker({ handlers, concurrency: 1, pollMs: 20, heartbeatMs: 50, retryBaseMs: 20, ...options });
    workers.push(worker);
    return worker;
  };
  const enqueue = (kind: string, params: Record<string, unknown> = {}) =>
    enqueueJob({ tenant: "tenant-a", kind, params, createdBy: "test" });

  beforeAll(async () => {
    harness = await startHarness(target, {}, { worker: false });
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await harness?.stop();
  });

  it("runs each job once across two workers, and no more at a time than a worker's concurrency", async () => {
    const runs: string[] = [];
    let running = 0;
    let peak = 0;
    const handler: JobHandler = {
      kind: "count",
      async run(context) {
        runs.push(context.job.id);
        running++;
        peak = Math.max(peak, running);
        await sleep(40);
        running--;
        return {};
      },
    };
    const first = start([handler], { concurrency: 2 });
    const second = start([handler], { concurrency: 2 });
    const queued = await Promise.all(Array.from({ length: 12 }, () => enqueue("count")));
    first.wake();
    second.wake();
    for (const job of queued) await until(job.id, ["succeeded"]);
    expect([...runs].sort()).toEqual(queued.map((job) => job.id).sort());
    expect(peak).toBeLessThanOrEqual(4);
    await Promise.all([first.stop(), second.stop()]);
  });

  it("takes again a job whose worker stopped beating, and resumes from what it saved", async () => {
    const job = await enqueue("resume");
    // A worker that claimed it, saved one file as done, and died: its heartbeat is a minute old.
    await getDatabase()
      .update(jobs)
      .set({
        state: "running",
        lockedBy: "dead-worker",
        heartbeatAt: new Date(Date.now() - 60_000),
        attempts: 1,
        files: [{ path: "a", bytesDone: 1, bytesTotal: 1, sha256: null, state: "done" }],
        checkpoint: { commit: "abc" },
      })
      .where(eq(jobs.id, job.id));
    const seen: Array<{ files: string[]; commit: unknown; attempts: number }> = [];
    start(
      [
        {
          kind: "resume",
          async run(context: JobContext) {
            seen.push({
              files: context.files.filter((file) => file.state === "done").map((file) => file.path),
              commit: context.checkpoint.commit,
              attempts: context.job.attempts,
            });
            return { resumed: true };
          },
        },
      ],
      { staleMs: 1_000 },
    );
    const done = await until(job.id, ["succeeded"]);
    expect(seen).toEqual([{ files: ["a"], commit: "abc", attempts: 2 }]);
    expect(done.result).toEqual({ resumed: true });
  });

  it("leaves a running job alone while its worker beats", async () => {
    const job = await enqueue("held");
    await getDatabase()
      .update(jobs)
      .set({ state: "running", lockedBy: "live-worker", heartbeatAt: new Date(), attempts: 1 })
      .where(eq(jobs.id, job.id));
    let ran = false;
    start([{ kind: "held", run: async () => ((ran = true), {}) }], { staleMs: 5_000 });
    await sleep(300);
    expect(ran).toBe(false);
    expect((await getJob(job.id))?.state).toBe("running");
    await getDatabase().update(jobs).set({ state: "cancelled", lockedBy: null }).where(eq(jobs.id, job.id));
  });

  it("stops a running job when it is cancelled, and tells the handler it ended", async () => {
    const ended: string[] = [];
    start([
      {
        kind: "long",
        async run(context) {
          await new Promise((_, reject) => context.signal.addEventListener("abort", () => reject(context.signal.reason as Error)));
          return {};
        },
        async ended(job, state) {
          ended.push(`${job.id}:${state}`);
        },
      },
    ]);
    const job = await enqueue("long");
    await until(job.id, ["running"]);
    await requestCancel(job.id);
    const cancelled = await until(job.id, ["cancelled"], 2_000);
    expect(cancelled.error).toBe("Cancelled");
    expect(ended).toEqual([`${job.id}:cancelled`]);
  });

  it("retries a transient failure with back-off, then fails it for good after the last attempt", async () => {
    const attempts: number[] = [];
    const ended: string[] = [];
    start(
      [
        {
          kind: "flaky",
          async run(context) {
            attempts.push(Date.now());
            throw new TransientJobError(`stalled on attempt ${context.job.attempts}`);
          },
          async ended(_job, state, error) {
            ended.push(`${state}: ${error}`);
          },
        },
      ],
      { maxAttempts: 3 },
    );
    const job = await enqueue("flaky");
    const failed = await until(job.id, ["failed"]);
    expect(failed.attempts).toBe(3);
    expect(failed.error).toBe("stalled on attempt 3");
    expect(attempts).toHaveLength(3);
    // Back-off doubles: 20 ms, then 40 ms (at least).
    expect(attempts[2] - attempts[1]).toBeGreaterThanOrEqual(attempts[1] - attempts[0]);
    expect(ended).toEqual(["failed: stalled on attempt 3"]);
    expect(failed.log.map((line) => line.message).join("\n")).toMatch(/trying again/);
  });
});
