import { DeploymentsPageClient } from "@/components/deployments/deployments-page-client";
import { canManageModels } from "@/lib/auth/caller";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { visibleTenantNames } from "@/lib/services/tenants";

export default async function DeploymentsPage() {
  const caller = await requirePageCaller();
  const namespaces = await visibleTenantNames(caller);
  return <DeploymentsPageClient namespaces={namespaces} canCreate={namespaces.some((name) => canManageModels(caller, name))} />;
}
