"use client";
// The Cluster page for administrators: GPU totals, GPU use per tenant and per node, free GPUs per profile, the nodes,
// and every deployment across tenants. Read from GET /api/v1/admin/system and refreshed every 10 s.
import { RelativeTime } from "@/components/layout/relative-time";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import type { ClusterView } from "@/lib/schemas/admin";
import { ClusterDeploymentsTable } from "./deployments-table";
import { GpusPerNodeChart, GpusPerTenantChart } from "./gpu-charts";
import { NodesTable } from "./nodes-table";
import { ProfileFreeGpusList } from "./profile-free-gpus";
import { useClusterView } from "./queries";

function Totals({ view }: { view: ClusterView }) {
  const ready = view.nodes.filter((node) => node.status === "Ready").length;
  const figures = [
    { label: "Nodes ready", value: `${ready} of ${view.nodes.length}` },
    { label: "GPUs requested", value: `${view.totals.gpus.requested} of ${view.totals.gpus.allocatable}` },
    { label: "GPUs free", value: String(view.totals.gpus.free) },
    { label: "Deployments", value: String(view.deployments.length) },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
      {figures.map((figure) => (
        <div key={figure.label} className="rounded-md border p-3">
          <dt className="text-xs text-muted-foreground">{figure.label}</dt>
          <dd className="text-xl font-semibold tabular-nums">{figure.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ClusterPageClient() {
  const cluster = useClusterView();
  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Cluster</h1>
        <p className="text-sm text-muted-foreground">
          Nodes, GPUs and every tenant&apos;s deployments.
          {cluster.data ? (
            <>
              {" "}
              Read <RelativeTime timestamp={cluster.data.readAt} />.
            </>
          ) : null}
        </p>
      </div>
      {cluster.isPending ? <Skeleton className="h-64" /> : null}
      {cluster.isError ? (
        <p role="alert" className="text-destructive">
          Could not read the cluster: {cluster.error.message}
        </p>
      ) : null}
      {cluster.data ? (
        <>
          <Totals view={cluster.data} />
          <div className="grid gap-6 lg:grid-cols-2">
            <GpusPerTenantChart namespaces={cluster.data.namespaces} />
            <GpusPerNodeChart nodes={cluster.data.nodes} />
          </div>
          <ProfileFreeGpusList profiles={cluster.data.profiles} />
          <Card>
            <CardHeader>
              <CardTitle className="text-base">Nodes</CardTitle>
            </CardHeader>
            <CardContent>
              <NodesTable nodes={cluster.data.nodes} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle className="text-base">Deployments</CardTitle>
            </CardHeader>
            <CardContent>
              <ClusterDeploymentsTable deployments={cluster.data.deployments} />
            </CardContent>
          </Card>
        </>
      ) : null}
    </div>
  );
}
