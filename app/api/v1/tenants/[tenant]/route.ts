import { apiHandler } from "@/lib/http/handler";
import { deleteTenant } from "@/lib/services/tenants";

export const DELETE = apiHandler<{ tenant: string }>("/api/v1/tenants/{tenant}", async ({ caller, params }) => {
  await deleteTenant(caller, params.tenant);
  return { body: { deleted: true, name: params.tenant } };
});
