// The durable queue: jobs are rows; a worker claims one with FOR UPDATE SKIP LOCKED, so any number of processes
// (web replicas, MODELPORT_ROLE=worker) drain one queue without taking the same job twice. A running job's heartbeat
// keeps its claim; a claim whose heartbeat stopped (its process died) is taken again and the job resumes.
import { and, desc, eq, inArray, lt, lte, or, sql } from "drizzle-orm";
import { getDatabase } from "@/db";
import { jobs } from "@/db/schema";
import { summarizeFiles, type JobFile, type JobLogLine, type JobProgress, type JobRecord, type JobState } from "./job";

type JobRow = typeof jobs.$inferSelect;

export const LOG_LINES_KEPT = 200;

type Snapshot = { files: JobFile[]; progress: JobProgress; log: JobLogLine[]; checkpoint: Record<string, unknown> };

export async function enqueueJob(input: {
  id?: string;
  tenant: string;
  kind: string;
  params: Record<string, unknown>;
  createdBy: string;
}): Promise<JobRecord> {
  const [row] = await getDatabase()
    .insert(jobs)
    .values({ ...input, state: "queued", progress: summarizeFiles([], null) })
    .returning();
  return toJob(row);
}

/** Takes the oldest job ready to run, or one whose worker stopped beating; marks it running for `workerId`. */
export async function claimJob(workerId: string, staleMs: number, kinds: string[]): Promise<JobRecord | undefined> {
  const db = getDatabase();
  // Times are the database's, so replicas whose clocks disagree still agree on what is stale.
  const candidate = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        inArray(jobs.kind, kinds),
        or(
          // A cancel waiting in the queue is claimed at once, to be ended (and cleaned up) by its handler.
          and(eq(jobs.state, "queued"), or(lte(jobs.runAfter, sql`now()`), eq(jobs.cancelRequested, true))),
          and(eq(jobs.state, "running"), lt(jobs.heartbeatAt, sql`now() - make_interval(secs => ${staleMs / 1000})`)),
        ),
      ),
    )
    .orderBy(jobs.createdAt)
    .limit(1)
    .for("update", { skipLocked: true });
  const [row] = await db
    .update(jobs)
    .set({
      state: "running",
      lockedBy: workerId,
      heartbeatAt: sql`now()`,
      startedAt: sql`coalesce(${jobs.startedAt}, now())`,
      attempts: sql`${jobs.attempts} + 1`,
    })
    .where(inArray(jobs.id, candidate))
    .returning();
  return row ? toJob(row) : undefined;
}

/** Writes a running job's progress and renews its claim; answers whether the claim still holds and if cancel was asked. */
export async function beat(id: string, workerId: string, update: Snapshot): Promise<{ held: boolean; cancelRequested: boolean }> {
  const [row] = await getDatabase()
    .update(jobs)
    .set({ ...update, log: update.log.slice(-LOG_LINES_KEPT), heartbeatAt: sql`now()` })
    .where(and(eq(jobs.id, id), eq(jobs.lockedBy, workerId), eq(jobs.state, "running")))
    .returning({ cancelRequested: jobs.cancelRequested });
  return row ? { held: true, cancelRequested: row.cancelRequested } : { held: false, cancelRequested: false };
}

/** Ends a claimed job: a final state, or back to the queue to try again after `retryAt`. */
export async function settleJob(
  id: string,
  workerId: string,
  outcome: Snapshot &
    (
      | { state: "succeeded"; result: Record<string, unknown> }
      | { state: "failed" | "cancelled"; error: string }
      | { state: "queued"; retryAt: Date; error: string }
    ),
): Promise<void> {
  const final = outcome.state !== "queued";
  await getDatabase()
    .update(jobs)
    .set({
      state: outcome.state,
      files: outcome.files,
      progress: outcome.progress,
      log: outcome.log.slice(-LOG_LINES_KEPT),
      result: outcome.state === "succeeded" ? outcome.result : null,
      error: outcome.state === "succeeded" ? null : outcome.error,
      lockedBy: null,
      heartbeatAt: null,
      finishedAt: final ? new Date() : null,
      ...(outcome.state === "queued" ? { runAfter: outcome.retryAt } : {}),
    })
    .where(and(eq(jobs.id, id), eq(jobs.lockedBy, workerId)));
}

export async function getJob(id: string): Promise<JobRecord | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await getDatabase().select().from(jobs).where(eq(jobs.id, id));
  return row ? toJob(row) : undefined;
}

export async function listJobs(options: {
  tenants: string[] | "all";
  state?: JobState;
  kind?: string;
  limit: number;
  before?: Date;
}): Promise<JobRecord[]> {
  if (options.tenants !== "all" && options.tenants.length === 0) return [];
  const rows = await getDatabase()
    .select()
    .from(jobs)
    .where(
      and(
        options.tenants === "all" ? undefined : inArray(jobs.tenant, options.tenants),
        options.state ? eq(jobs.state, options.state) : undefined,
        options.kind ? eq(jobs.kind, options.kind) : undefined,
        options.before ? lt(jobs.createdAt, options.before) : undefined,
      ),
    )
    .orderBy(desc(jobs.createdAt))
    .limit(options.limit);
  return rows.map(toJob);
}

/**
 * Asks a job to stop. A worker ends it within a heartbeat when it is running, or claims it at once when it is queued,
 * so its handler cleans up (marks the version failed, deletes credentials) either way.
 */
export async function requestCancel(id: string): Promise<JobRecord | undefined> {
  await getDatabase()
    .update(jobs)
    .set({ cancelRequested: true })
    .where(and(eq(jobs.id, id), inArray(jobs.state, ["queued", "running"])));
  return getJob(id);
}

/** A failed or cancelled job goes back to the queue; files it completed are kept and not fetched again. */
export async function requeueJob(id: string, line: JobLogLine): Promise<JobRecord | undefined> {
  const [row] = await getDatabase()
    .update(jobs)
    .set({
      state: "queued",
      error: null,
      result: null,
      cancelRequested: false,
      finishedAt: null,
      attempts: 0,
      runAfter: new Date(),
      log: sql`(${jobs.log} || ${JSON.stringify([line])}::jsonb)`,
    })
    .where(and(eq(jobs.id, id), inArray(jobs.state, ["failed", "cancelled"])))
    .returning();
  return row ? toJob(row) : undefined;
}

export function isUuid(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}

function toJob(row: JobRow): JobRecord {
  return {
    id: row.id,
    tenant: row.tenant,
    kind: row.kind,
    state: row.state,
    params: row.params as Record<string, unknown>,
    progress: row.progress as JobProgress,
    files: row.files as JobFile[],
    result: (row.result as Record<string, unknown> | null) ?? null,
    checkpoint: row.checkpoint as Record<string, unknown>,
    error: row.error,
    log: row.log as JobLogLine[],
    attempts: row.attempts,
    cancelRequested: row.cancelRequested,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}
