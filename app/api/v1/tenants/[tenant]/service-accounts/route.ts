import { createServiceAccountRoute, listServiceAccountsRoute } from "@/lib/contracts/tenants";
import { handleRoute } from "@/lib/http/handler";
import { createServiceAccount, listServiceAccounts } from "@/lib/services/service-accounts";

export const GET = handleRoute(listServiceAccountsRoute, ({ caller, params }) => listServiceAccounts(caller, params.tenant));

export const POST = handleRoute(createServiceAccountRoute, ({ caller, params, body }) => createServiceAccount(caller, params.tenant, body));
