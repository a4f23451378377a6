import { notFound } from "next/navigation";
import { TenantPageClient } from "@/components/tenants/tenant-page-client";
import { canManageModels } from "@/lib/auth/caller";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { listTenants } from "@/lib/services/tenants";

export default async function TenantPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: name } = await params;
  const caller = await requirePageCaller();
  // The tenants the caller may see: another tenant is "not found", as its objects are everywhere else.
  const tenant = (await listTenants(caller)).items.find((item) => item.name === name);
  if (!tenant) notFound();
  return <TenantPageClient tenant={tenant} isAdmin={caller.isAdmin} canManage={canManageModels(caller, name)} />;
}
