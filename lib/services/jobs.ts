// Background jobs as callers see them: list, one, cancel, retry — a tenant's jobs only (404 for another's).
import type { Caller } from "@/lib/auth/caller";
import { callerLabel, canReadTenant, requireManageable, requireReadable } from "@/lib/auth/caller";
import { AppError, notFound } from "@/lib/errors";
import type { JobRecord } from "@/lib/jobs/job";
import { TERMINAL_STATES } from "@/lib/jobs/job";
import { getJob, listJobs as listJobRecords, requestCancel, requeueJob } from "@/lib/jobs/queue";
import { wakeLocalWorkers } from "@/lib/jobs/worker";
import type { JobView } from "@/lib/schemas/repository";
import { audited } from "./audit";
import { visibleTenantNames } from "./tenants";

export function jobView(job: JobRecord): JobView {
  const params = job.params as {
    source?: string;
    repo?: string;
    revision?: string;
    s3?: { bucket: string; prefix: string };
    model?: string;
    artifactPath?: string;
  };
  const result = job.state === "succeeded" ? (job.result as JobView["result"]) : null;
  return {
    id: job.id,
    namespace: job.tenant,
    kind: job.kind as JobView["kind"],
    state: job.state,
    source:
      params.source === "huggingface"
        ? `hf://${params.repo}@${params.revision}`
        : `s3://${params.s3?.bucket}/${params.s3?.prefix ?? ""}`.replace(/\/+$/, ""),
    target: { model: params.model ?? "", artifactPath: params.artifactPath ?? "" },
    progress: job.progress,
    files: job.files,
    error: job.error,
    result,
    log: job.log,
    attempts: job.attempts,
    cancelRequested: job.cancelRequested && !TERMINAL_STATES.includes(job.state),
    createdBy: job.createdBy,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

export async function listJobs(caller: Caller, query: { namespace?: string; state?: JobRecord["state"]; kind?: string; limit: number }) {
  if (query.namespace) requireReadable(caller, query.namespace, `Tenant ${query.namespace}`);
  const tenants = query.namespace ? [query.namespace] : caller.isAdmin ? "all" : await visibleTenantNames(caller);
  const records = await listJobRecords({ tenants, state: query.state, kind: query.kind, limit: query.limit });
  return { items: records.map(jobView) };
}

async function readableJob(caller: Caller, id: string): Promise<JobRecord> {
  const job = await getJob(id);
  if (!job || !canReadTenant(caller, job.tenant)) throw notFound(`Job ${id}`);
  return job;
}

export async function getJobView(caller: Caller, id: string): Promise<JobView> {
  return jobView(await readableJob(caller, id));
}

export async function cancelJob(caller: Caller, id: string): Promise<JobView> {
  const job = await readableJob(caller, id);
  requireManageable(caller, job.tenant, `Job ${id}`);
  if (TERMINAL_STATES.includes(job.state))
    throw new AppError(
      "conflict",
      `Job ${id} has already ${job.state === "succeeded" ? "succeeded" : job.state === "failed" ? "failed" : "been cancelled"}`,
    );
  return audited(caller, { action: "job.cancel", tenant: job.tenant, resourceKind: "Job", resourceName: id }, async () => {
    const updated = await requestCancel(id);
    wakeLocalWorkers();
    return jobView(updated ?? job);
  });
}

export async function retryJob(caller: Caller, id: string): Promise<JobView> {
  const job = await readableJob(caller, id);
  requireManageable(caller, job.tenant, `Job ${id}`);
  if (job.state !== "failed" && job.state !== "cancelled")
    throw new AppError("conflict", `Job ${id} is ${job.state}; only a failed or cancelled job can be retried`);
  return audited(caller, { action: "job.retry", tenant: job.tenant, resourceKind: "Job", resourceName: id }, async () => {
    const requeued = await requeueJob(id, { at: new Date().toISOString(), level: "info", message: `retried by ${callerLabel(caller)}` });
    if (!requeued) throw new AppError("conflict", `Job ${id} changed state; look again`);
    wakeLocalWorkers();
    return jobView(requeued);
  });
}
