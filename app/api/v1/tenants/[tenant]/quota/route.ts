import { deleteTenantQuotaRoute, getTenantQuotaRoute, setTenantQuotaRoute } from "@/lib/contracts/tenants";
import { handleRoute } from "@/lib/http/handler";
import { getTenantQuota, removeTenantQuota, setTenantQuota } from "@/lib/services/quotas";

export const GET = handleRoute(getTenantQuotaRoute, ({ caller, params }) => getTenantQuota(caller, params.tenant));

export const PUT = handleRoute(setTenantQuotaRoute, ({ caller, params, body }) => setTenantQuota(caller, params.tenant, body));

export const DELETE = handleRoute(deleteTenantQuotaRoute, ({ caller, params }) => removeTenantQuota(caller, params.tenant));
