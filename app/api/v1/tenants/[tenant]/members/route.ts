import { listTenantMembersRoute } from "@/lib/contracts/tenants";
import { handleRoute } from "@/lib/http/handler";
import { listTenantMembers } from "@/lib/services/tenant-members";

export const GET = handleRoute(listTenantMembersRoute, ({ caller, params }) => listTenantMembers(caller, params.tenant));
