import { deleteTenantRoute } from "@/lib/contracts/tenants";
import { handleRoute } from "@/lib/http/handler";
import { deleteTenant } from "@/lib/services/tenants";

export const DELETE = handleRoute(deleteTenantRoute, async ({ caller, params }) => {
  await deleteTenant(caller, params.tenant);
  return { deleted: true as const, name: params.tenant };
});
