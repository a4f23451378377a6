import { TenantsPageClient } from "@/components/tenants/tenants-page-client";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { manageableTenantNames } from "@/lib/services/tenants";

export default async function TenantsPage() {
  const caller = await requirePageCaller();
  const manageable = await manageableTenantNames(caller);
  return <TenantsPageClient isAdmin={caller.isAdmin} manageable={manageable} />;
}
