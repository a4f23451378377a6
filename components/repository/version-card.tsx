"use client";
// One version of a registered model: status, source, tags, who made it and when, the deployments using it; opened,
// its stored files with their sizes. Deploy Model on a READY version, delete for managers.
import { ChevronDown, ChevronRight } from "lucide-react";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { RelativeTime } from "@/components/layout/relative-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ModelVersionView } from "@/lib/schemas/repository";
import { DeleteFromRepositoryDialog } from "./delete-from-repository-dialog";
import { DeployModelButton } from "./deploy-model-button";
import { useModelVersion } from "./queries";
import { formatBytes, isDeployable } from "./repository-format";
import { VersionFailure, VersionStatusBadge } from "./version-status-badge";

function VersionFiles({ version, id }: { version: ModelVersionView; id: string }) {
  const detail = useModelVersion(version.namespace, version.name, version.version, true);
  if (detail.isPending) return <Skeleton id={id} className="h-16" />;
  if (detail.isError)
    return (
      <p id={id} role="alert" className="text-sm text-destructive">
        Could not list the files: {detail.error.message}
      </p>
    );
  const { files, bytes } = detail.data;
  if (files.length === 0)
    return (
      <p id={id} className="text-sm text-muted-foreground">
        {version.status === "PENDING_REGISTRATION"
          ? "No files stored yet: the import is still running."
          : "No files are stored for this version."}
      </p>
    );
  return (
    <div id={id} className="grid gap-2">
      <p data-testid="version-size" className="text-sm">
        {files.length} {files.length === 1 ? "file" : "files"}, {formatBytes(bytes)}
      </p>
      <Table aria-label={`Files of version ${version.version}`}>
        <TableHeader>
          <TableRow>
            <TableHead>File</TableHead>
            <TableHead className="text-right">Size</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {files.map((file) => (
            <TableRow key={file.path}>
              <TableCell className="font-mono text-xs break-all whitespace-normal">{file.path}</TableCell>
              <TableCell className="text-right tabular-nums" title={`${file.bytes} bytes`}>
                {formatBytes(file.bytes)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid min-w-0 gap-1 sm:grid-cols-[9rem_1fr]">
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

function UsedBy({ usedBy }: { usedBy: ModelVersionView["usedBy"] }) {
  if (usedBy.length === 0) return <span className="text-muted-foreground">No deployment</span>;
  return (
    <ul className="flex flex-wrap gap-x-3 gap-y-1">
      {usedBy.map((use) => (
        <li key={`${use.namespace}/${use.name}`}>
          <Link
            href={`/deployments/${encodeURIComponent(use.namespace)}/${encodeURIComponent(use.name)}`}
            className="underline underline-offset-4"
          >
            {use.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function VersionCard({ version, canManage }: { version: ModelVersionView; canManage: boolean }) {
  const [open, setOpen] = useState(false);
  const filesId = `files-${version.version}`;
  const tags = Object.entries(version.tags);
  return (
    <Card data-version={version.version} className="gap-4 py-4">
      <CardHeader className="flex flex-wrap items-center gap-x-3 gap-y-2 px-4">
        <CardTitle className="mr-auto flex items-center gap-2">
          <h2>Version {version.version}</h2>
          <VersionStatusBadge status={version.status} message={version.statusMessage} />
        </CardTitle>
        {canManage && isDeployable(version) ? <DeployModelButton version={version} size="sm" /> : null}
        {canManage ? (
          <DeleteFromRepositoryDialog
            namespace={version.namespace}
            name={version.name}
            version={version.version}
            trigger={
              <Button variant="ghost" size="sm" className="text-destructive" aria-label={`Delete version ${version.version}`}>
                Delete
              </Button>
            }
          />
        ) : null}
      </CardHeader>
      <CardContent className="grid gap-3 px-4 text-sm">
        <VersionFailure status={version.status} message={version.statusMessage} className="text-sm" />
        {version.status !== "FAILED_REGISTRATION" && version.statusMessage ? (
          <p className="text-muted-foreground">{version.statusMessage}</p>
        ) : null}
        <dl className="grid gap-2">
          <Fact label="Source">
            <span className="font-mono text-xs break-all">{version.source}</span>
          </Fact>
          <Fact label="Created">
            <RelativeTime timestamp={version.createdAt} />
            {version.createdBy ? ` by ${version.createdBy}` : null}
          </Fact>
          <Fact label="Used by">
            <UsedBy usedBy={version.usedBy} />
          </Fact>
          {tags.length > 0 ? (
            <Fact label="Tags">
              <ul className="flex flex-wrap gap-1" aria-label={`Tags of version ${version.version}`}>
                {tags.map(([key, value]) => (
                  <li key={key}>
                    <Badge variant="outline" className="max-w-full font-mono whitespace-normal break-all" data-tag={key}>
                      {key}: {value}
                    </Badge>
                  </li>
                ))}
              </ul>
            </Fact>
          ) : null}
        </dl>
        <div>
          <Button
            variant="outline"
            size="sm"
            aria-expanded={open}
            aria-controls={open ? filesId : undefined}
            onClick={() => setOpen(!open)}
          >
            {open ? <ChevronDown aria-hidden="true" /> : <ChevronRight aria-hidden="true" />} Files and size
          </Button>
        </div>
        {open ? <VersionFiles version={version} id={filesId} /> : null}
      </CardContent>
    </Card>
  );
}
