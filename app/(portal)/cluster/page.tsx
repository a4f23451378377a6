import { ClusterPageClient } from "@/components/cluster/cluster-page-client";
import { requirePageCaller } from "@/lib/auth/page-caller";

export default async function ClusterPage() {
  const caller = await requirePageCaller();
  if (!caller.isAdmin) return <p className="text-muted-foreground">The cluster view is for administrators.</p>;
  return <ClusterPageClient />;
}
