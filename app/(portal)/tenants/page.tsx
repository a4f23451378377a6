import { TenantsPageClient } from "@/components/tenants/tenants-page-client";
import { canManageModels } from "@/lib/auth/caller";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { visibleTenantNames } from "@/lib/services/tenants";

export default async function TenantsPage() {
  const caller = await requirePageCaller();
  const manageable = (await visibleTenantNames(caller)).filter((tenant) => canManageModels(caller, tenant));
  return <TenantsPageClient isAdmin={caller.isAdmin} manageable={manageable} />;
}
