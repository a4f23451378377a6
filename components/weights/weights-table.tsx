// The weights directories on the volume, largest first: what each holds, where it came from, which repository version
// it is, which deployments load it, and a delete for tenants the caller may manage.
import Link from "next/link";
import { RelativeTime } from "@/components/layout/relative-time";
import { formatBytes, modelHref } from "@/components/repository/repository-format";
import { VersionStatusBadge } from "@/components/repository/version-status-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { WeightsDirectory } from "@/lib/schemas/weights";
import { DeleteWeightsDialog } from "./delete-weights-dialog";

const deploymentHref = (use: { namespace: string; name: string }) =>
  `/deployments/${encodeURIComponent(use.namespace)}/${encodeURIComponent(use.name)}`;

function SourceCell({ source }: { source: WeightsDirectory["source"] }) {
  if (!source) return <span className="text-muted-foreground">Unknown</span>;
  return (
    <div className="grid gap-0.5">
      <span className="break-all">{source.uri}</span>
      {source.importJob ? (
        <Link
          href={`/imports/${encodeURIComponent(source.importJob)}`}
          className="text-xs text-muted-foreground underline-offset-4 hover:underline"
        >
          Import job
        </Link>
      ) : null}
    </div>
  );
}

function UsedByCell({ usedBy }: { usedBy: WeightsDirectory["usedBy"] }) {
  if (usedBy.length === 0) return <span className="text-muted-foreground">Nothing</span>;
  return (
    <ul className="grid gap-0.5">
      {usedBy.map((use) => (
        <li key={`${use.namespace}/${use.name}`}>
          <Link href={deploymentHref(use)} className="underline-offset-4 hover:underline">
            {use.name}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function DirectoryRow({ directory, canDelete }: { directory: WeightsDirectory; canDelete: boolean }) {
  return (
    <TableRow data-weights={directory.name}>
      <TableCell className="max-w-[20rem] whitespace-normal">
        <Link href={modelHref(directory.tenant, directory.model)} className="font-medium break-words underline-offset-4 hover:underline">
          {directory.model}
        </Link>
        <div className="text-xs break-all text-muted-foreground">{directory.pvcUrl}</div>
      </TableCell>
      <TableCell>{directory.tenant}</TableCell>
      <TableCell>
        {directory.version ? (
          <div className="flex items-center gap-2">
            <span>{directory.version.version}</span>
            <VersionStatusBadge status={directory.version.status} message={directory.version.statusMessage} />
          </div>
        ) : (
          <span className="text-muted-foreground" title="No repository version points at these files">
            None
          </span>
        )}
      </TableCell>
      <TableCell className="text-right tabular-nums">{formatBytes(directory.bytes)}</TableCell>
      <TableCell className="text-right tabular-nums">{directory.fileCount}</TableCell>
      <TableCell className="max-w-[18rem] whitespace-normal">
        <SourceCell source={directory.source} />
      </TableCell>
      <TableCell className="whitespace-normal">
        <UsedByCell usedBy={directory.usedBy} />
      </TableCell>
      <TableCell>
        <RelativeTime timestamp={directory.modifiedAt} />
      </TableCell>
      <TableCell>{canDelete ? <DeleteWeightsDialog directory={directory} /> : null}</TableCell>
    </TableRow>
  );
}

export function WeightsTable({
  directories,
  manageable,
  isAdmin,
}: {
  directories: WeightsDirectory[];
  /** Tenants whose weights the caller may delete; admins may delete any, a deleted tenant's included. */
  manageable: string[];
  isAdmin: boolean;
}) {
  const largestFirst = [...directories].sort((a, b) => b.bytes - a.bytes);
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Model</TableHead>
          <TableHead>Tenant</TableHead>
          <TableHead>Version</TableHead>
          <TableHead className="text-right">Size</TableHead>
          <TableHead className="text-right">Files</TableHead>
          <TableHead>Source</TableHead>
          <TableHead>Used by</TableHead>
          <TableHead>Modified</TableHead>
          <TableHead>
            <span className="sr-only">Actions</span>
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {largestFirst.map((directory) => (
          <DirectoryRow key={directory.name} directory={directory} canDelete={isAdmin || manageable.includes(directory.tenant)} />
        ))}
      </TableBody>
    </Table>
  );
}
