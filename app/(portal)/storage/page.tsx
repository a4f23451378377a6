import { StoragePageClient } from "@/components/weights/storage-page-client";
import { requirePageCaller } from "@/lib/auth/page-caller";
import { manageableTenantNames } from "@/lib/services/tenants";

export default async function StoragePage() {
  const caller = await requirePageCaller();
  return <StoragePageClient manageable={await manageableTenantNames(caller)} isAdmin={caller.isAdmin} />;
}
