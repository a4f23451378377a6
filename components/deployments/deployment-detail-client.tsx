"use client";
// One deployment: spec, live status, events, the exact Kubernetes object as YAML; edit and delete for managers.
import Link from "next/link";
import { stringify } from "yaml";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { formatAge } from "@/lib/client/format-age";
import type { Deployment, DeploymentEvent } from "@/lib/schemas/deployment";
import { DeleteDeploymentButton } from "./delete-deployment-button";
import { EditDeploymentDialog } from "./edit-deployment-dialog";
import { useDeployment, useDeploymentWatch } from "./queries";
import { StatusBadge } from "./status-badge";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1">
      <dt className="text-xs uppercase tracking-wide text-muted-foreground">{label}</dt>
      <dd className="break-all text-sm">{children}</dd>
    </div>
  );
}

function Overview({ deployment }: { deployment: Deployment }) {
  const proxy = Object.entries(deployment.proxy);
  return (
    <dl className="grid gap-5 sm:grid-cols-3">
      <Fact label="Engine">{deployment.engine}</Fact>
      <Fact label="URL"><span className="font-mono text-xs">{deployment.url}</span></Fact>
      <Fact label="Features">{deployment.features.join(", ")}</Fact>
      <Fact label="Resource profile">{deployment.resourceProfile ?? "—"}</Fact>
      <Fact label="Replicas (ready / desired)"><span data-testid="replicas">{deployment.replicas.ready} / {deployment.replicas.desired}</span></Fact>
      <Fact label="Min / max replicas">{deployment.replicas.min} / {deployment.replicas.max ?? "—"}</Fact>
      <Fact label="Target requests">{deployment.targetRequests ?? "—"}</Fact>
      <Fact label="Scale-down delay">{deployment.scaleDownDelaySeconds ?? "—"}s</Fact>
      <Fact label="Cache profile">{deployment.cacheProfile ?? "—"}</Fact>
      <Fact label="Owner">{deployment.owner ?? "—"}</Fact>
      <Fact label="Created">{deployment.createdAt ? `${new Date(deployment.createdAt).toLocaleString()} (${formatAge(deployment.createdAt)} ago)` : "—"}</Fact>
      <Fact label="Endpoint"><span className="font-mono text-xs">{deployment.endpoint}</span></Fact>
      <Fact label="Arguments"><span className="font-mono text-xs">{deployment.args.join(" ") || "—"}</span></Fact>
      <Fact label="Environment"><span className="font-mono text-xs">{Object.keys(deployment.env).join(", ") || "—"}</span></Fact>
      <Fact label="Proxy metadata">{proxy.length ? proxy.map(([key, value]) => `${key}=${value}`).join(", ") : "—"}</Fact>
    </dl>
  );
}

function Events({ events }: { events: DeploymentEvent[] }) {
  if (events.length === 0) return <p className="text-sm text-muted-foreground">No events yet.</p>;
  return (
    <Table>
      <TableHeader>
        <TableRow><TableHead>Type</TableHead><TableHead>Reason</TableHead><TableHead>Message</TableHead><TableHead>Source</TableHead><TableHead>Age</TableHead></TableRow>
      </TableHeader>
      <TableBody>
        {[...events].reverse().map((event, index) => (
          <TableRow key={`${event.reason}-${index}`}>
            <TableCell className={event.type === "Warning" ? "text-destructive" : undefined}>{event.type}</TableCell>
            <TableCell>{event.reason}</TableCell>
            <TableCell className="whitespace-normal">{event.message}</TableCell>
            <TableCell>{event.source ?? "—"}</TableCell>
            <TableCell>{formatAge(event.lastTimestamp)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function DeploymentDetailClient({ namespace, name, canManage }: { namespace: string; name: string; canManage: boolean }) {
  const query = useDeployment(namespace, name);
  useDeploymentWatch(namespace);
  if (query.isPending) return <Skeleton className="h-64" />;
  if (query.isError) {
    return (
      <div className="grid gap-2">
        <p role="alert" className="text-destructive">{query.error.message}</p>
        <Link href="/deployments" className="text-sm underline">Back to deployments</Link>
      </div>
    );
  }
  const deployment = query.data;
  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-center gap-3">
        <div className="mr-auto">
          <p className="text-sm text-muted-foreground"><Link href="/deployments" className="hover:underline">Deployments</Link> / {namespace}</p>
          <h1 className="flex items-center gap-3 text-2xl font-semibold">{deployment.name} <StatusBadge status={deployment.status} /></h1>
          {deployment.statusMessage ? <p className="mt-1 text-sm text-muted-foreground">{deployment.statusMessage}</p> : null}
        </div>
        {canManage ? (
          <>
            <EditDeploymentDialog deployment={deployment} />
            <DeleteDeploymentButton namespace={namespace} name={name} />
          </>
        ) : null}
      </div>
      <Tabs defaultValue="overview">
        <TabsList>
          <TabsTrigger value="overview">Overview</TabsTrigger>
          <TabsTrigger value="events">Events ({deployment.events.length})</TabsTrigger>
          <TabsTrigger value="yaml">YAML</TabsTrigger>
        </TabsList>
        <TabsContent value="overview"><Card><CardContent className="pt-6"><Overview deployment={deployment} /></CardContent></Card></TabsContent>
        <TabsContent value="events"><Card><CardContent className="pt-6"><Events events={deployment.events} /></CardContent></Card></TabsContent>
        <TabsContent value="yaml">
          <Card>
            <CardHeader><CardTitle className="text-base">The KubeAI Model as the Kubernetes API returns it</CardTitle></CardHeader>
            <CardContent><pre aria-label="Kubernetes object YAML" className="overflow-auto rounded-md bg-muted p-4 font-mono text-xs">{stringify(deployment.object)}</pre></CardContent>
          </Card>
        </TabsContent>
      </Tabs>
    </div>
  );
}
