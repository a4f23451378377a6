import { DeploymentsPageClient } from "@/components/deployments/deployments-page-client";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { manageableTenantNames, visibleTenantNames } from "@/lib/services/tenants";

export default async function DeploymentsPage() {
  const caller = await requirePageCaller();
  const [namespaces, manageable] = await Promise.all([visibleTenantNames(caller), manageableTenantNames(caller)]);
  return <DeploymentsPageClient namespaces={namespaces} canCreate={manageable.length > 0} />;
}
