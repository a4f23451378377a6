import { notFound } from "next/navigation";
import { DeploymentDetailClient } from "@/components/deployments/deployment-detail-client";
import { canManageModels } from "@/lib/auth/caller";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { isAppError } from "@/lib/errors";
import { getDeployment } from "@/lib/services/deployments";
import { knownResourceProfiles } from "@/lib/services/resource-profiles";

export default async function DeploymentPage({ params }: { params: Promise<{ namespace: string; name: string }> }) {
  const { namespace, name } = await params;
  const caller = await requirePageCaller();
  // Read here so a missing deployment is a real 404 page; the client starts from it (already redacted for viewers).
  const deployment = await getDeployment(caller, namespace, name).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const profiles = (await knownResourceProfiles()).map((profile) => profile.name);
  return (
    <DeploymentDetailClient
      namespace={namespace}
      name={name}
      canManage={canManageModels(caller, namespace)}
      profiles={profiles}
      initial={deployment}
    />
  );
}
