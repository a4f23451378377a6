import { AuditLogClient } from "@/components/audit/audit-log-client";
import { requirePageCaller } from "@/lib/auth/page-caller";

export default async function AuditPage() {
  const caller = await requirePageCaller();
  if (!caller.isAdmin) return <p className="text-muted-foreground">The audit log is for administrators.</p>;
  return <AuditLogClient />;
}
