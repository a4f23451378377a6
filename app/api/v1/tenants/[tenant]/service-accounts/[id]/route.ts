import { apiHandler } from "@/lib/http/handler";
import { revokeServiceAccount } from "@/lib/services/service-accounts";

export const DELETE = apiHandler<{ tenant: string; id: string }>(
  "/api/v1/tenants/{tenant}/service-accounts/{id}",
  async ({ caller, params }) => ({ body: await revokeServiceAccount(caller, params.tenant, params.id) }),
);
