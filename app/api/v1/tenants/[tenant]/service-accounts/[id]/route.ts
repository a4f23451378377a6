import { revokeServiceAccountRoute } from "@/lib/contracts/tenants";
import { handleRoute } from "@/lib/http/handler";
import { revokeServiceAccount } from "@/lib/services/service-accounts";

export const DELETE = handleRoute(revokeServiceAccountRoute, ({ caller, params }) =>
  revokeServiceAccount(caller, params.tenant, params.id),
);
