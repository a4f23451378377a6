import { apiHandler } from "@/lib/http/handler";
import { createTenant, listTenants } from "@/lib/services/tenants";

export const GET = apiHandler("/api/v1/tenants", async ({ caller }) => ({ body: await listTenants(caller) }));

export const POST = apiHandler("/api/v1/tenants", async ({ caller, json }) => ({
  status: 201,
  body: await createTenant(caller, await json()),
}));
