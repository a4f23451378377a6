import { apiHandler } from "@/lib/http/handler";
import { listAuditEvents } from "@/lib/services/audit";

export const GET = apiHandler("/api/v1/audit", async ({ caller, query }) => ({ body: await listAuditEvents(caller, query) }));
