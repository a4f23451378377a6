"use client";
// A tenant's deployments, compact: each links to its page, with what serves it, its profile, replicas and status.
import Link from "next/link";
import { StatusBadge } from "@/components/deployments/status-badge";
import { useDeploymentList } from "@/components/deployments/queries";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { servingLabel } from "@/lib/client/deployment-summary";

export function TenantDeploymentsCard({ tenant }: { tenant: string }) {
  const list = useDeploymentList(tenant);
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">Deployments ({list.items.length})</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3">
        {list.isError ? (
          <p role="alert" className="text-destructive">
            {list.error.message}
          </p>
        ) : null}
        {list.items.length > 0 ? (
          <Table aria-label={`Deployments of ${tenant}`}>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Serving</TableHead>
                <TableHead>Profile</TableHead>
                <TableHead>Replicas</TableHead>
                <TableHead>Status</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.items.map((deployment) => (
                <TableRow key={deployment.name} data-testid={`tenant-deployment-${deployment.name}`}>
                  <TableCell className="font-medium">
                    <Link
                      href={`/deployments/${encodeURIComponent(deployment.namespace)}/${encodeURIComponent(deployment.name)}`}
                      className="hover:underline"
                    >
                      {deployment.name}
                    </Link>
                  </TableCell>
                  <TableCell>{servingLabel(deployment)}</TableCell>
                  <TableCell className="font-mono text-xs">{deployment.resourceProfile ?? "—"}</TableCell>
                  <TableCell>
                    {deployment.replicaStatus.ready} / {deployment.replicaStatus.desired}
                  </TableCell>
                  <TableCell>
                    <StatusBadge status={deployment.status} title={deployment.statusMessage} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : list.isSuccess && !list.hasNextPage ? (
          <p className="text-sm text-muted-foreground">No deployments in {tenant} yet.</p>
        ) : null}
      </CardContent>
    </Card>
  );
}
