"use client";
// A deployment's facts and events, as the detail page's tabs show them.
import type { ReactNode } from "react";
import { RelativeTime } from "@/components/layout/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Deployment, DeploymentEvent } from "@/lib/schemas/deployment";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid min-w-0 gap-1">
      <dt className="text-xs uppercase tracking-wide text-muted-foreground">{label}</dt>
      <dd className="break-all text-sm">{children}</dd>
    </div>
  );
}

export function DeploymentFacts({ deployment }: { deployment: Deployment }) {
  const proxy = Object.entries(deployment.proxy);
  return (
    <dl className="grid grid-cols-2 gap-5 sm:grid-cols-3">
      <Fact label="Engine">{deployment.engine}</Fact>
      <Fact label="URL">
        <span className="font-mono text-xs">{deployment.url}</span>
      </Fact>
      <Fact label="Features">{deployment.features.join(", ")}</Fact>
      <Fact label="Resource profile">{deployment.resourceProfile ?? "—"}</Fact>
      <Fact label="Replicas (ready / desired)">
        <span data-testid="replicas">
          {deployment.replicaStatus.ready} / {deployment.replicaStatus.desired}
        </span>
      </Fact>
      <Fact label="Replicas asked for">{deployment.replicas ?? "autoscaled"}</Fact>
      <Fact label="Min / max replicas">
        {deployment.minReplicas} / {deployment.maxReplicas ?? "—"}
      </Fact>
      <Fact label="Target requests">{deployment.targetRequests ?? "—"}</Fact>
      <Fact label="Scale-down delay">{deployment.scaleDownDelaySeconds === null ? "—" : `${deployment.scaleDownDelaySeconds}s`}</Fact>
      <Fact label="Cache profile">{deployment.cacheProfile ?? "—"}</Fact>
      <Fact label="Owner">{deployment.owner ?? "—"}</Fact>
      <Fact label="Created">
        <RelativeTime timestamp={deployment.createdAt} />
      </Fact>
      <Fact label="Arguments">
        <span className="font-mono text-xs">{deployment.args.join(" ") || "—"}</span>
      </Fact>
      <Fact label="Environment">
        <span className="font-mono text-xs">{Object.keys(deployment.env).join(", ") || "—"}</span>
      </Fact>
      <Fact label="Proxy metadata">{proxy.length ? proxy.map(([key, value]) => `${key}=${value}`).join(", ") : "—"}</Fact>
    </dl>
  );
}

export function DeploymentEvents({ events }: { events: DeploymentEvent[] }) {
  if (events.length === 0) return <p className="text-sm text-muted-foreground">No events yet.</p>;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Type</TableHead>
          <TableHead>Reason</TableHead>
          <TableHead>Message</TableHead>
          <TableHead>Source</TableHead>
          <TableHead>Age</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {[...events].reverse().map((event, index) => (
          <TableRow key={`${event.reason}-${index}`}>
            <TableCell className={event.type === "Warning" ? "text-destructive" : undefined}>{event.type}</TableCell>
            <TableCell>{event.reason}</TableCell>
            <TableCell className="min-w-[16rem] whitespace-normal break-words">{event.message}</TableCell>
            <TableCell>{event.source ?? "—"}</TableCell>
            <TableCell>
              <RelativeTime timestamp={event.lastTimestamp} suffix="" />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
