import { apiHandler } from "@/lib/http/handler";
import { createServiceAccount, listServiceAccounts } from "@/lib/services/service-accounts";

type Params = { tenant: string };
const ROUTE = "/api/v1/tenants/{tenant}/service-accounts";

export const GET = apiHandler<Params>(ROUTE, async ({ caller, params }) => ({
  body: await listServiceAccounts(caller, params.tenant),
}));

export const POST = apiHandler<Params>(ROUTE, async ({ caller, params, json }) => ({
  status: 201,
  body: await createServiceAccount(caller, params.tenant, await json()),
}));
