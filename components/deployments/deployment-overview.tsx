"use client";
// A deployment's facts and events, as the detail page's tabs show them: the spec fields of its backend (a KubeAI
// Model's or a KServe InferenceService's), then what every deployment has.
import type { ReactNode } from "react";
import { RelativeTime } from "@/components/layout/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { unknownBackend } from "@/lib/client/deployment-summary";
import type { Deployment, DeploymentEvent, KServeDeployment, KubeAIDeployment } from "@/lib/schemas/deployment";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid min-w-0 gap-1">
      <dt className="text-xs uppercase tracking-wide text-muted-foreground">{label}</dt>
      <dd className="break-all text-sm">{children}</dd>
    </div>
  );
}

function KubeAIFacts({ deployment }: { deployment: KubeAIDeployment }) {
  return (
    <>
      <Fact label="Engine">{deployment.engine}</Fact>
      <Fact label="URL">
        <span className="font-mono text-xs">{deployment.url}</span>
      </Fact>
      <Fact label="Features">{deployment.features.join(", ")}</Fact>
      <Fact label="Resource profile">{deployment.resourceProfile ?? "—"}</Fact>
      <ReplicaFact deployment={deployment} />
      <Fact label="Replicas asked for">{deployment.replicas ?? "autoscaled"}</Fact>
      <Fact label="Min / max replicas">
        {deployment.minReplicas} / {deployment.maxReplicas ?? "—"}
      </Fact>
      <Fact label="Target requests">{deployment.targetRequests ?? "—"}</Fact>
      <Fact label="Scale-down delay">{deployment.scaleDownDelaySeconds === null ? "—" : `${deployment.scaleDownDelaySeconds}s`}</Fact>
      <Fact label="Cache profile">{deployment.cacheProfile ?? "—"}</Fact>
    </>
  );
}

/** What a scale target counts, by the metric it applies to (KServe's own defaults: concurrency, or CPU in RawDeployment). */
const TARGET_UNITS: Record<string, string> = {
  concurrency: "requests in flight per replica",
  rps: "requests/s per replica",
  cpu: "% CPU",
  memory: "% memory",
};

function amounts(values: Record<string, string> | undefined): string {
  const entries = Object.entries(values ?? {});
  return entries.length ? entries.map(([resource, amount]) => `${resource} ${amount}`).join(", ") : "—";
}

function KServeFacts({ deployment }: { deployment: KServeDeployment }) {
  const { modelFormat, scaleMetric, scaleTarget } = deployment;
  return (
    <>
      <Fact label="Serving">KServe InferenceService</Fact>
      <Fact label="Model format">{modelFormat.version ? `${modelFormat.name} (version ${modelFormat.version})` : modelFormat.name}</Fact>
      <Fact label="Runtime">{deployment.runtime ?? "chosen by KServe for the format"}</Fact>
      <Fact label="Storage URI">
        <span className="font-mono text-xs">{deployment.storageUri}</span>
      </Fact>
      <Fact label="Protocol">{deployment.protocol}</Fact>
      <Fact label="Deployment mode">{deployment.deploymentMode ?? "cluster default"}</Fact>
      <Fact label="Resource profile">{deployment.resourceProfile ?? "—"}</Fact>
      <ReplicaFact deployment={deployment} />
      <Fact label="Min / max replicas">
        {deployment.minReplicas} / {deployment.maxReplicas ?? "—"}
      </Fact>
      <Fact label="Scale target">
        {scaleTarget === null ? "KServe default" : `${scaleTarget} ${TARGET_UNITS[scaleMetric ?? ""] ?? ""}`.trim()}
      </Fact>
      <Fact label="Scale metric">{scaleMetric ?? "the mode's default"}</Fact>
      <Fact label="CPU / memory requests">{amounts(deployment.resources?.requests)}</Fact>
      <Fact label="CPU / memory limits">{amounts(deployment.resources?.limits)}</Fact>
      <Fact label="Service account">{deployment.serviceAccountName ?? "—"}</Fact>
    </>
  );
}

function ReplicaFact({ deployment }: { deployment: Deployment }) {
  return (
    <Fact label="Replicas (ready / desired)">
      <span data-testid="replicas">
        {deployment.replicaStatus.ready} / {deployment.replicaStatus.desired}
      </span>
    </Fact>
  );
}

function BackendFacts({ deployment }: { deployment: Deployment }) {
  switch (deployment.backend) {
    case "kubeai":
      return <KubeAIFacts deployment={deployment} />;
    case "kserve":
      return <KServeFacts deployment={deployment} />;
    default:
      return <Fact label="Serving">{unknownBackend(deployment)}</Fact>;
  }
}

export function DeploymentFacts({ deployment }: { deployment: Deployment }) {
  const proxy = Object.entries(deployment.proxy);
  return (
    <dl className="grid grid-cols-2 gap-5 sm:grid-cols-3">
      <BackendFacts deployment={deployment} />
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
