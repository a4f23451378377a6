import { listAuditEventsRoute } from "@/lib/contracts/operations";
import { handleRoute } from "@/lib/http/handler";
import { listAuditEvents } from "@/lib/services/audit";

export const GET = handleRoute(listAuditEventsRoute, ({ caller, query }) => listAuditEvents(caller, query));
