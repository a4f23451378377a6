import { JobsPageClient } from "@/components/repository/jobs-page-client";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { manageableTenantNames, visibleTenantNames } from "@/lib/services/tenants";

export default async function ImportsPage() {
  const caller = await requirePageCaller();
  const [namespaces, importable] = await Promise.all([visibleTenantNames(caller), manageableTenantNames(caller)]);
  return <JobsPageClient namespaces={namespaces} canImport={importable.length > 0} />;
}
