"use client";
// Recent imports, newest first, of one tenant or every tenant the caller sees: state, source, target model, progress
// and age; each opens its live view. Polled while one is queued or running.
import { Download } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { RelativeTime } from "@/components/layout/relative-time";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { JobView } from "@/lib/schemas/repository";
import { JobStateBadge } from "./job-state-badge";
import { ProgressBar } from "./progress-bar";
import { useJobs } from "./queries";
import { formatBytes, percentDone } from "./repository-format";
import { ALL_TENANTS, TenantSelect } from "./tenant-select";

function JobRow({ job, showTenant }: { job: JobView; showTenant: boolean }) {
  const { progress } = job;
  const percent = percentDone(progress.bytesDone, progress.bytesTotal, job.state === "succeeded");
  const size =
    progress.bytesTotal === null
      ? formatBytes(progress.bytesDone)
      : `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}`;
  return (
    <TableRow data-job={job.id}>
      <TableCell>
        <JobStateBadge state={job.state} />
      </TableCell>
      <TableCell className="max-w-[22rem] whitespace-normal">
        <Link href={`/imports/${job.id}`} className="font-mono text-xs break-all underline-offset-4 hover:underline">
          {job.source}
        </Link>
      </TableCell>
      <TableCell className="break-all whitespace-normal">{job.target.model}</TableCell>
      {showTenant ? <TableCell>{job.namespace}</TableCell> : null}
      <TableCell className="min-w-[10rem]">
        <ProgressBar
          label={`Progress of ${job.source}`}
          percent={percent}
          valueText={size}
          testId={`job-list-progress-${job.id}`}
          className="h-1.5"
        />
        <div className="mt-1 text-xs text-muted-foreground tabular-nums">
          {size}
          {progress.filesTotal > 0 ? ` · ${progress.filesDone}/${progress.filesTotal} files` : null}
        </div>
      </TableCell>
      <TableCell>
        <RelativeTime timestamp={job.createdAt} />
      </TableCell>
    </TableRow>
  );
}

export function JobsPageClient({ namespaces, canImport }: { namespaces: string[]; canImport: boolean }) {
  const [namespace, setNamespace] = useState(ALL_TENANTS);
  const selected = namespace === ALL_TENANTS ? undefined : namespace;
  const jobs = useJobs(selected);
  const showTenant = namespaces.length > 1 && selected === undefined;
  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="mr-auto text-2xl font-semibold">Imports</h1>
        <TenantSelect namespaces={namespaces} value={namespace} onChange={setNamespace} allowAll />
        {canImport ? (
          <Button asChild>
            <Link href="/imports/new">
              <Download /> Import from Hugging Face
            </Link>
          </Button>
        ) : null}
      </div>
      {jobs.isPending ? (
        <div className="grid gap-2">
          {[0, 1, 2].map((row) => (
            <Skeleton key={row} className="h-10" />
          ))}
        </div>
      ) : jobs.isError ? (
        <p role="alert" className="text-destructive">
          Could not load the imports: {jobs.error.message}
        </p>
      ) : jobs.data.items.length === 0 ? (
        <div className="rounded-md border border-dashed p-10 text-center text-muted-foreground">
          <p className="font-medium text-foreground">No imports yet</p>
          {canImport ? (
            <p className="mt-1">
              <Link href="/imports/new" className="underline underline-offset-4">
                Import a model from Hugging Face
              </Link>{" "}
              into the repository; its progress shows here.
            </p>
          ) : null}
        </div>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>State</TableHead>
              <TableHead>Source</TableHead>
              <TableHead>Model</TableHead>
              {showTenant ? <TableHead>Tenant</TableHead> : null}
              <TableHead>Progress</TableHead>
              <TableHead>Created</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {jobs.data.items.map((job) => (
              <JobRow key={job.id} job={job} showTenant={showTenant} />
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
