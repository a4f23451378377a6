import { DeploymentDetailClient } from "@/components/deployments/deployment-detail-client";
import { canManageModels } from "@/lib/auth/caller";
import { requirePageCaller } from "@/lib/auth/page-caller";

export default async function DeploymentPage({ params }: { params: Promise<{ namespace: string; name: string }> }) {
  const { namespace, name } = await params;
  const caller = await requirePageCaller();
  return <DeploymentDetailClient namespace={namespace} name={name} canManage={canManageModels(caller, namespace)} />;
}
