"use client";
// Stop (after a confirmation) or start a deployment without deleting it; the status follows live over the watch.
import { Play, Square } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/sonner";
import type { Deployment } from "@/lib/schemas/deployment";
import { useDeploymentPower } from "./queries";

export function PowerButton({ deployment }: { deployment: Pick<Deployment, "namespace" | "name" | "status"> }) {
  const { namespace, name } = deployment;
  const power = useDeploymentPower(namespace, name);
  const run = async (action: "stop" | "start") => {
    try {
      await power.mutateAsync(action);
      toast.success(action === "stop" ? `Deployment ${name} stopped` : `Deployment ${name} starting`);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : action === "stop" ? "Stop failed" : "Start failed");
    }
  };
  if (deployment.status === "Stopped") {
    return (
      <Button variant="outline" disabled={power.isPending} onClick={() => void run("start")}>
        <Play aria-hidden="true" />
        Start
      </Button>
    );
  }
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline" disabled={power.isPending}>
          <Square aria-hidden="true" />
          Stop
        </Button>
      }
      title={`Stop ${name}?`}
      description={`Every replica of ${namespace}/${name} stops and requests to it fail until you start it again. Nothing is deleted: Start brings back the scaling it has now.`}
      confirmLabel="Stop deployment"
      onConfirm={() => void run("stop")}
    />
  );
}
