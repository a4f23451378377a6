"use client";
// The Edit button of a deployment page: each backend's own fields (./kubeai-edit-dialog, ./kserve-edit-dialog) in
// one dialog frame (./edit-dialog-frame).
import { unknownBackend } from "@/lib/client/deployment-summary";
import type { Deployment } from "@/lib/schemas/deployment";
import { KServeEditDialog } from "./kserve-edit-dialog";
import { KubeAIEditDialog } from "./kubeai-edit-dialog";

export function EditDeploymentDialog({
  deployment,
  profiles,
  onSaved,
}: {
  deployment: Deployment;
  profiles: string[];
  onSaved?: (warnings: string[]) => void;
}) {
  switch (deployment.backend) {
    case "kubeai":
      return <KubeAIEditDialog deployment={deployment} profiles={profiles} onSaved={onSaved} />;
    case "kserve":
      return <KServeEditDialog deployment={deployment} profiles={profiles} onSaved={onSaved} />;
    default:
      // A backend this page does not know: nothing to edit here (the API still takes a PATCH).
      unknownBackend(deployment);
      return null;
  }
}
