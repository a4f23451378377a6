import { createTenantRoute, listTenantsRoute } from "@/lib/contracts/tenants";
import { handleRoute } from "@/lib/http/handler";
import { createTenant, listTenants } from "@/lib/services/tenants";

export const GET = handleRoute(listTenantsRoute, ({ caller }) => listTenants(caller));

export const POST = handleRoute(createTenantRoute, ({ caller, body }) => createTenant(caller, body));
