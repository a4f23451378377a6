"use client";
// Every deployment in every tenant with the GPUs it holds, filtered by name or tenant and shown a page at a time, so a
// cluster with a thousand deployments stays quick.
import Link from "next/link";
import { useState } from "react";
import { StatusBadge } from "@/components/deployments/status-badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ClusterDeployment } from "@/lib/schemas/admin";

const PAGE_SIZE = 50;

export function ClusterDeploymentsTable({ deployments }: { deployments: ClusterDeployment[] }) {
  const [filter, setFilter] = useState("");
  const [page, setPage] = useState(0);
  const wanted = filter.trim().toLowerCase();
  const shown = wanted ? deployments.filter((d) => `${d.namespace}/${d.name}`.toLowerCase().includes(wanted)) : deployments;
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const rows = shown.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  return (
    <div className="grid gap-3">
      <Input
        aria-label="Filter deployments"
        placeholder="Filter by tenant or name"
        value={filter}
        onChange={(event) => {
          setFilter(event.target.value);
          setPage(0);
        }}
        className="max-w-sm"
      />
      {rows.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          {deployments.length === 0 ? "No deployments in any tenant yet." : "No deployment matches."}
        </p>
      ) : (
        <Table aria-label="Deployments">
          <TableHeader>
            <TableRow>
              <TableHead>Deployment</TableHead>
              <TableHead>Tenant</TableHead>
              <TableHead>Kind</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Profile</TableHead>
              <TableHead className="text-right">Replicas</TableHead>
              <TableHead className="text-right">GPUs</TableHead>
              <TableHead>Nodes</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((d) => (
              <TableRow key={`${d.backend}/${d.namespace}/${d.name}`} data-testid={`cluster-deployment-${d.namespace}-${d.name}`}>
                <TableCell className="font-medium">
                  <Link className="hover:underline" href={`/deployments/${d.namespace}/${d.name}`}>
                    {d.name}
                  </Link>
                </TableCell>
                <TableCell>{d.namespace}</TableCell>
                <TableCell>{d.backend === "kubeai" ? "KubeAI" : "KServe"}</TableCell>
                <TableCell>
                  <StatusBadge status={d.status} />
                </TableCell>
                <TableCell className="font-mono text-xs">{d.resourceProfile ?? "—"}</TableCell>
                <TableCell className="text-right tabular-nums">
                  {d.replicas.ready}/{d.replicas.desired}
                </TableCell>
                <TableCell className="text-right tabular-nums">
                  {d.gpus}
                  {d.pendingGpus > 0 ? <div className="text-xs text-muted-foreground">{d.pendingGpus} waiting</div> : null}
                </TableCell>
                <TableCell className="text-xs">{d.nodes.join(", ") || "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {pages > 1 ? (
        <div className="flex items-center justify-end gap-2 text-sm">
          <span className="text-muted-foreground">
            Page {current + 1} of {pages} ({shown.length} deployments)
          </span>
          <Button variant="outline" size="sm" disabled={current === 0} onClick={() => setPage(current - 1)}>
            Previous
          </Button>
          <Button variant="outline" size="sm" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            Next
          </Button>
        </div>
      ) : null}
    </div>
  );
}
