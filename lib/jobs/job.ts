// What a background job is, as stored and as shown: its state, per-file progress, totals and a short log.
export const JOB_STATES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type JobState = (typeof JOB_STATES)[number];

export type FileState = "pending" | "running" | "done" | "failed" | "skipped";

export interface JobFile {
  path: string;
  bytesDone: number;
  bytesTotal: number | null;
  /** The checksum the source gave (a Hub LFS oid, an S3 SHA-256), verified once the file is complete. */
  sha256: string | null;
  state: FileState;
}

export interface JobProgress {
  bytesDone: number;
  bytesTotal: number | null;
  filesDone: number;
  filesTotal: number;
  bytesPerSecond: number | null;
  etaSeconds: number | null;
}

export interface JobLogLine {
  at: string;
  level: "info" | "warn" | "error";
  message: string;
}

export interface JobRecord {
  id: string;
  tenant: string;
  kind: string;
  state: JobState;
  params: Record<string, unknown>;
  progress: JobProgress;
  files: JobFile[];
  result: Record<string, unknown> | null;
  /** A handler's own notes for a resumed attempt. */
  checkpoint: Record<string, unknown>;
  error: string | null;
  log: JobLogLine[];
  attempts: number;
  cancelRequested: boolean;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export const TERMINAL_STATES: readonly JobState[] = ["succeeded", "failed", "cancelled"];

/** Totals over the files; the rate and ETA come from the runner, which sees bytes arrive. */
export function summarizeFiles(files: JobFile[], bytesPerSecond: number | null): JobProgress {
  const known = files.every((file) => file.bytesTotal !== null);
  const bytesDone = files.reduce((sum, file) => sum + file.bytesDone, 0);
  const bytesTotal = known ? files.reduce((sum, file) => sum + (file.bytesTotal ?? 0), 0) : null;
  const remaining = bytesTotal === null ? null : bytesTotal - bytesDone;
  return {
    bytesDone,
    bytesTotal,
    filesDone: files.filter((file) => file.state === "done" || file.state === "skipped").length,
    filesTotal: files.length,
    bytesPerSecond,
    etaSeconds: remaining !== null && bytesPerSecond ? Math.ceil(remaining / bytesPerSecond) : remaining === 0 ? 0 : null,
  };
}

/** A failure worth trying again after a pause (a stalled transfer, a 429, a dropped connection). */
export class TransientJobError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "TransientJobError";
  }
}
