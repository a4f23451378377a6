"use client";
// The live view of an import job, polled every second while it is queued or running: overall progress (bytes, files,
// speed, time left), a bar per file, Cancel; on failure the job's error (already written for people) and Retry; on
// success the new version and Deploy Model. Used by the downloader and by /imports/[id].
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { RelativeTime } from "@/components/layout/relative-time";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/sonner";
import type { JobView } from "@/lib/schemas/repository";
import { DeployModelButton } from "./deploy-model-button";
import { JobStateBadge } from "./job-state-badge";
import { ProgressBar } from "./progress-bar";
import { repositoryKeys, useJob, useJobAction } from "./queries";
import { formatBytes, isJobActive, modelHref, percentDone, progressSummary } from "./repository-format";

type JobFile = JobView["files"][number];

const FINISHED_FILE_STATES: JobFile["state"][] = ["done", "skipped"];

function FileProgress({ file }: { file: JobFile }) {
  const finished = FINISHED_FILE_STATES.includes(file.state);
  const percent = percentDone(file.bytesDone, file.bytesTotal, finished);
  const size = file.bytesTotal === null ? formatBytes(file.bytesDone) : `${formatBytes(file.bytesDone)} of ${formatBytes(file.bytesTotal)}`;
  return (
    <li className="grid gap-1" data-file-state={file.state}>
      <div className="flex min-w-0 flex-wrap items-baseline gap-x-3 text-sm">
        <span className="mr-auto min-w-0 font-mono text-xs break-all">{file.path}</span>
        <span className="text-xs text-muted-foreground tabular-nums">
          {file.state === "skipped" ? "already stored" : file.state === "failed" ? `failed at ${size}` : size}
        </span>
      </div>
      <ProgressBar
        label={`Progress of ${file.path}`}
        percent={percent}
        valueText={size}
        testId={`job-file-${file.path}`}
        tone={file.state === "failed" ? "destructive" : finished ? "success" : "default"}
        className="h-1.5"
      />
    </li>
  );
}

function JobOutcome({ job, canManage }: { job: JobView; canManage: boolean }) {
  const action = useJobAction(job.id);
  const act = async (which: "cancel" | "retry") => {
    try {
      await action.mutateAsync(which);
      toast.success(which === "cancel" ? "Cancelling the import" : "Import queued again");
    } catch (error) {
      toast.error(error instanceof Error ? error.message : `Could not ${which} the import`);
    }
  };
  if (isJobActive(job))
    return canManage ? (
      <div>
        <Button variant="outline" aria-label="Cancel import" disabled={action.isPending} onClick={() => void act("cancel")}>
          Cancel import
        </Button>
      </div>
    ) : null;
  if (job.state === "succeeded" && job.result) {
    const version = { namespace: job.namespace, name: job.result.model, version: job.result.version };
    return (
      <div role="status" className="flex flex-wrap items-center gap-3 rounded-md border border-success/50 bg-success/10 p-3 text-sm">
        <p className="mr-auto">
          Imported as{" "}
          <Link
            href={modelHref(job.namespace, job.result.model)}
            className="font-medium underline underline-offset-4"
            data-testid="job-result-link"
          >
            version {job.result.version} of {job.result.model}
          </Link>
          , ready to deploy.
          {job.result.deployment ? ` Deployed as ${job.result.deployment}.` : null}
        </p>
        {canManage && job.result.deployableUrl ? <DeployModelButton version={version} /> : null}
      </div>
    );
  }
  return (
    <div className="grid gap-3">
      {job.error ? (
        <p
          role="alert"
          data-testid="job-error"
          className="rounded-md border border-destructive/50 bg-destructive/5 p-3 text-sm break-words text-destructive"
        >
          {job.error}
        </p>
      ) : job.state === "cancelled" ? (
        <p role="status" className="text-sm text-muted-foreground">
          The import was cancelled.
        </p>
      ) : null}
      {canManage && (job.state === "failed" || job.state === "cancelled") ? (
        <div>
          <Button aria-label="Retry import" disabled={action.isPending} onClick={() => void act("retry")}>
            Retry import
          </Button>
          <p className="mt-1 text-xs text-muted-foreground">Files already stored are not downloaded again.</p>
        </div>
      ) : null}
    </div>
  );
}

function JobLog({ log }: { log: JobView["log"] }) {
  if (log.length === 0) return null;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-muted-foreground">Log ({log.length} lines)</summary>
      <ol className="mt-2 grid gap-1 rounded-md bg-muted/40 p-3 font-mono text-xs" data-testid="job-log">
        {log.map((line, index) => (
          <li
            key={`${line.at}-${index}`}
            className={line.level === "error" ? "text-destructive" : line.level === "warn" ? "text-warning" : ""}
          >
            <time dateTime={line.at} className="text-muted-foreground">
              {new Date(line.at).toLocaleTimeString()}
            </time>{" "}
            {line.message}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** Once the job ends, the repository's lists and the model's page are out of date: its version settled. */
function useRefreshWhenSettled(job: JobView | undefined) {
  const client = useQueryClient();
  const wasActive = useRef(job ? isJobActive(job) : false);
  const active = job ? isJobActive(job) : false;
  useEffect(() => {
    if (wasActive.current && !active) void client.invalidateQueries({ queryKey: repositoryKeys.all });
    wasActive.current = active;
  }, [active, client]);
}

export function JobProgress({ id, initial, canManage }: { id: string; initial?: JobView; canManage: boolean }) {
  const query = useJob(id, initial);
  const job = query.data;
  useRefreshWhenSettled(job);
  if (!job)
    return query.isError ? (
      <p role="alert" className="text-destructive">
        Could not load the import: {query.error.message}
      </p>
    ) : (
      <p className="text-muted-foreground">Loading the import…</p>
    );
  const active = isJobActive(job);
  const summary = progressSummary(job.progress, active).join(" · ");
  return (
    <section aria-label="Import progress" data-testid="job" data-state={job.state} className="grid gap-4 rounded-xl border p-4 sm:p-6">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h2 className="mr-auto min-w-0 font-semibold break-all">
          {job.source} → {job.target.model || "the repository"}
        </h2>
        <JobStateBadge state={job.state} />
      </div>
      <p className="text-xs text-muted-foreground">
        Tenant {job.namespace} · started by {job.createdBy} <RelativeTime timestamp={job.createdAt} />
        {job.attempts > 1 ? ` · attempt ${job.attempts}` : null}
      </p>
      <div className="grid gap-1">
        <div className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
          <span className="font-medium">Overall</span>
          <span data-testid="job-progress-summary" className="text-muted-foreground tabular-nums">
            {summary}
          </span>
        </div>
        <ProgressBar
          label="Overall progress"
          percent={percentDone(job.progress.bytesDone, job.progress.bytesTotal, job.state === "succeeded")}
          valueText={summary}
          testId="job-progress-overall"
          tone={job.state === "failed" ? "destructive" : job.state === "succeeded" ? "success" : "default"}
        />
      </div>
      <JobOutcome job={job} canManage={canManage} />
      {job.files.length > 0 ? (
        <ul aria-label="Files" className="grid gap-3">
          {job.files.map((file) => (
            <FileProgress key={file.path} file={file} />
          ))}
        </ul>
      ) : active ? (
        <p className="text-sm text-muted-foreground">Listing the model&apos;s files…</p>
      ) : null}
      <JobLog log={job.log} />
    </section>
  );
}
