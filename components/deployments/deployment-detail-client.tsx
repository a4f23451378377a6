"use client";
// One deployment: spec, live status, how to call it, its publication (keys, limits, usage), events, its history, the
// exact Kubernetes object as YAML (a KServe InferenceService's conditions too); stop/start, edit and delete for
// managers, with the API's warnings after an edit.
import { Cpu, Moon, Unplug } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { stringify } from "yaml";
import { NotFoundMessage } from "@/components/layout/not-found-message";
import { PublishingPanel } from "@/components/publishing/publishing-panel";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { ApiError } from "@/lib/client/api-client";
import { objectKindLabel, unknownBackend } from "@/lib/client/deployment-summary";
import type { Deployment, DeploymentDetail } from "@/lib/schemas/deployment";
import { CallExampleCard } from "./call-example-card";
import { DeleteDeploymentButton } from "./delete-deployment-button";
import { DeploymentEvents, DeploymentFacts } from "./deployment-overview";
import { EditDeploymentDialog } from "./edit-deployment-dialog";
import { HistoryTab } from "./history-tab";
import { KServeConditions } from "./kserve-conditions";
import { PowerButton } from "./power-button";
import { useDeployment, useDeploymentWatch } from "./queries";
import { StatusBadge } from "./status-badge";
import { WarningsNote } from "./warnings-note";

/** How a deployment with no replica running wakes: what its backend does with the first request. */
function wakeUp(deployment: Deployment): string {
  switch (deployment.backend) {
    case "kubeai": {
      const delay = deployment.scaleDownDelaySeconds;
      return (
        "The first request to its endpoint (see How to call it) wakes it: KubeAI starts a replica and holds the request until " +
        `the model has loaded, which can take minutes.${delay !== null ? ` It scales back to zero after ${delay}s without requests.` : ""}`
      );
    }
    case "kserve":
      return (
        "The first request to its URL (see How to call it) wakes it: Knative starts a replica and holds the request until the " +
        "model has loaded, which can take minutes."
      );
    default:
      return `A ${unknownBackend(deployment)} deployment.`;
  }
}

/** KubeAI and Knative (KServe's Serverless mode) scale a deployment from zero when a request for it arrives. */
function ScaledToZeroNote({ deployment }: { deployment: Deployment }) {
  if (deployment.status !== "ScaledToZero") return null;
  return (
    <div role="status" data-testid="scaled-to-zero" className="flex items-start gap-2 rounded-md border bg-muted/40 p-3 text-sm">
      <Moon className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
      <p className="min-w-0">
        <strong>Scaled to zero:</strong> no replica is running. {wakeUp(deployment)}
      </p>
    </div>
  );
}

/** A deployment waiting for GPUs: what one replica needs on one node against what the cluster has free. */
function CapacityNote({ deployment }: { deployment: DeploymentDetail }) {
  if (deployment.status !== "Pending" || !deployment.capacityNote) return null;
  return (
    <div role="status" data-testid="capacity-note" className="flex items-start gap-2 rounded-md border bg-muted/40 p-3 text-sm">
      <Cpu className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
      <p className="min-w-0">
        <strong>Waiting for GPUs:</strong> {deployment.capacityNote}
      </p>
    </div>
  );
}

/** The latest LiteLLM sync failed: the deployment runs, but LiteLLM's proxy does not know it (any change tries again). */
function LiteLLMNote({ deployment }: { deployment: DeploymentDetail }) {
  if (deployment.litellm?.state !== "failed") return null;
  const done = { register: "registered", update: "updated", remove: "removed" }[deployment.litellm.step];
  return (
    <div
      role="status"
      data-testid="litellm-note"
      className="flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:bg-amber-950/30"
    >
      <Unplug className="mt-0.5 size-4 shrink-0 text-amber-700" aria-hidden="true" />
      <p className="min-w-0">
        <strong>Not in LiteLLM:</strong> the model was not {done} there ({deployment.litellm.error}). The deployment itself runs; the next
        change tries again.
      </p>
    </div>
  );
}

function Header({
  deployment,
  canManage,
  profiles,
  onEdited,
}: {
  deployment: Deployment;
  canManage: boolean;
  profiles: string[];
  onEdited: (warnings: string[]) => void;
}) {
  return (
    <div className="flex flex-wrap items-start gap-3">
      <div className="min-w-0 flex-1 basis-64">
        <p className="truncate text-sm text-muted-foreground">
          <Link href="/deployments" className="hover:underline">
            Deployments
          </Link>{" "}
          / {deployment.namespace}
        </p>
        <h1 className="flex flex-wrap items-center gap-x-3 gap-y-1 text-2xl font-semibold">
          <span className="min-w-0 break-all">{deployment.name}</span> <StatusBadge status={deployment.status} />
        </h1>
        {deployment.statusMessage ? (
          // A scheduler message can run to hundreds of characters: two lines here, all of it on hover.
          <p
            data-testid="status-message"
            className="mt-1 line-clamp-2 text-sm break-words text-muted-foreground [overflow-wrap:anywhere]"
            title={deployment.statusMessage}
          >
            {deployment.statusMessage}
          </p>
        ) : null}
      </div>
      {canManage ? (
        <div className="flex shrink-0 gap-2">
          <PowerButton deployment={deployment} />
          <EditDeploymentDialog deployment={deployment} profiles={profiles} onSaved={onEdited} />
          <DeleteDeploymentButton namespace={deployment.namespace} name={deployment.name} kind={objectKindLabel(deployment)} />
        </div>
      ) : null}
    </div>
  );
}

export function DeploymentDetailClient({
  namespace,
  name,
  canManage,
  profiles,
  initial,
}: {
  namespace: string;
  name: string;
  canManage: boolean;
  profiles: string[];
  /** What the server read for this page, so the browser does not read it again before the watch takes over. */
  initial?: DeploymentDetail;
}) {
  const query = useDeployment(namespace, name, initial);
  const [warnings, setWarnings] = useState<string[]>([]);
  useDeploymentWatch(namespace);
  if (query.isPending) return <Skeleton className="h-64" />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) return <NotFoundMessage what="Deployment" />;
    return (
      <div className="grid gap-2">
        <p role="alert" className="text-destructive">
          {query.error.message}
        </p>
        <Link href="/deployments" className="text-sm underline">
          Back to deployments
        </Link>
      </div>
    );
  }
  const deployment = query.data;
  return (
    <div className="grid grid-cols-1 gap-6">
      <Header deployment={deployment} canManage={canManage} profiles={profiles} onEdited={setWarnings} />
      <WarningsNote warnings={warnings} onDismiss={() => setWarnings([])} />
      <ScaledToZeroNote deployment={deployment} />
      <CapacityNote deployment={deployment} />
      <LiteLLMNote deployment={deployment} />
      <Tabs defaultValue="overview" className="min-w-0">
        <TabsList className="max-w-full justify-start overflow-x-auto">
          <TabsTrigger value="overview">Overview</TabsTrigger>
          <TabsTrigger value="publishing">Publishing</TabsTrigger>
          <TabsTrigger value="events">Events ({deployment.events.length})</TabsTrigger>
          <TabsTrigger value="history">History</TabsTrigger>
          <TabsTrigger value="yaml">YAML</TabsTrigger>
        </TabsList>
        <TabsContent value="overview" className="grid min-w-0 grid-cols-1 gap-6">
          <Card>
            <CardContent>
              <DeploymentFacts deployment={deployment} />
            </CardContent>
          </Card>
          {deployment.backend === "kserve" ? (
            <Card>
              <CardHeader>
                <CardTitle className="text-base">Conditions</CardTitle>
              </CardHeader>
              <CardContent>
                <KServeConditions conditions={deployment.conditions} />
              </CardContent>
            </Card>
          ) : null}
          <CallExampleCard deployment={deployment} />
        </TabsContent>
        <TabsContent value="publishing" className="min-w-0">
          <PublishingPanel namespace={deployment.namespace} name={deployment.name} canManage={canManage} />
        </TabsContent>
        <TabsContent value="events" className="min-w-0">
          <Card>
            <CardContent>
              <DeploymentEvents events={deployment.events} />
            </CardContent>
          </Card>
        </TabsContent>
        <TabsContent value="history" className="min-w-0">
          <HistoryTab namespace={deployment.namespace} name={deployment.name} />
        </TabsContent>
        <TabsContent value="yaml" className="min-w-0">
          <Card>
            <CardHeader>
              <CardTitle className="text-base">The {objectKindLabel(deployment)} as the Kubernetes API returns it</CardTitle>
            </CardHeader>
            <CardContent>
              <pre aria-label="Kubernetes object YAML" className="overflow-auto rounded-md bg-muted p-4 font-mono text-xs">
                {stringify(deployment.object)}
              </pre>
            </CardContent>
          </Card>
        </TabsContent>
      </Tabs>
    </div>
  );
}
