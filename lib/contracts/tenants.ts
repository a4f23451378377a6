// Tenant and service-account routes' contracts.
import { z } from "zod";
import { defineRoute } from "@/lib/http/contract";
import {
  createdServiceAccountSchema,
  serviceAccountInputSchema,
  serviceAccountListSchema,
  serviceAccountSchema,
  tenantInputSchema,
  tenantListSchema,
  tenantMembersSchema,
  tenantSchema,
} from "@/lib/schemas/tenant";
import { tenantQuotaInputSchema, tenantQuotaSchema } from "@/lib/schemas/quota";

const tenantParams = z.object({ tenant: z.string() });

export const listTenantsRoute = defineRoute({
  id: "listTenants",
  method: "GET",
  path: "/api/v1/tenants",
  summary: "Tenants the caller may see, with the caller's role",
  tag: "Tenants",
  permission: "caller",
  success: { status: 200, description: "Tenants", schema: tenantListSchema },
  errors: [401],
});

export const createTenantRoute = defineRoute({
  id: "createTenant",
  method: "POST",
  path: "/api/v1/tenants",
  summary: "Create a tenant and its namespace (admins)",
  tag: "Tenants",
  permission: "admin",
  body: tenantInputSchema,
  success: { status: 201, description: "Created", schema: tenantSchema },
  errors: [400, 401, 403, 409, 413, 422],
});

export const deleteTenantRoute = defineRoute({
  id: "deleteTenant",
  method: "DELETE",
  path: "/api/v1/tenants/{tenant}",
  summary: "Delete a tenant and its service accounts (admins); the namespace stays",
  tag: "Tenants",
  permission: "admin",
  params: tenantParams,
  success: { status: 200, description: "Deleted", schema: z.object({ deleted: z.literal(true), name: z.string() }) },
  errors: [401, 403, 404],
});

export const listTenantMembersRoute = defineRoute({
  id: "listTenantMembers",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/members",
  summary:
    "Who is in the tenant as the identity provider tells it: the embedded issuer's development users with a role in it (and admins); " +
    "with Keycloak, which does not tell, source unavailable and where to manage them",
  tag: "Tenants",
  permission: "caller",
  params: tenantParams,
  success: { status: 200, description: "Members, read-only", schema: tenantMembersSchema },
  errors: [401, 404],
});

export const listServiceAccountsRoute = defineRoute({
  id: "listServiceAccounts",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/service-accounts",
  summary: "List a tenant's active service accounts (tokens are never shown again)",
  tag: "Service accounts",
  permission: "caller",
  params: tenantParams,
  success: { status: 200, description: "Service accounts", schema: serviceAccountListSchema },
  errors: [401, 403, 404],
});

export const createServiceAccountRoute = defineRoute({
  id: "createServiceAccount",
  method: "POST",
  path: "/api/v1/tenants/{tenant}/service-accounts",
  summary: "Create a service account; the token is in this response only",
  tag: "Service accounts",
  permission: "caller",
  params: tenantParams,
  body: serviceAccountInputSchema,
  success: { status: 201, description: "Created", schema: createdServiceAccountSchema },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

export const revokeServiceAccountRoute = defineRoute({
  id: "revokeServiceAccount",
  method: "DELETE",
  path: "/api/v1/tenants/{tenant}/service-accounts/{id}",
  summary: "Revoke a service account",
  tag: "Service accounts",
  permission: "caller",
  params: tenantParams.extend({ id: z.string() }),
  success: { status: 200, description: "Revoked", schema: serviceAccountSchema },
  errors: [401, 403, 404],
});

export const getTenantQuotaRoute = defineRoute({
  id: "getTenantQuota",
  method: "GET",
  path: "/api/v1/tenants/{tenant}/quota",
  summary: "The tenant's limits (a ResourceQuota in its namespace) and what is used and left of each",
  tag: "Tenants",
  permission: "caller",
  params: tenantParams,
  success: { status: 200, description: "Quota; resourceQuota null when the tenant has no limits", schema: tenantQuotaSchema },
  errors: [401, 404],
});

export const setTenantQuotaRoute = defineRoute({
  id: "setTenantQuota",
  method: "PUT",
  path: "/api/v1/tenants/{tenant}/quota",
  summary: "Set the tenant's limits (admins): GPUs by resource name, CPU, memory, deployments; replaces the previous ones",
  tag: "Tenants",
  permission: "admin",
  params: tenantParams,
  body: tenantQuotaInputSchema,
  success: { status: 200, description: "The quota as stored, with its use", schema: tenantQuotaSchema },
  errors: [400, 401, 403, 404, 413, 422],
});

export const deleteTenantQuotaRoute = defineRoute({
  id: "deleteTenantQuota",
  method: "DELETE",
  path: "/api/v1/tenants/{tenant}/quota",
  summary: "Remove the tenant's limits (admins)",
  tag: "Tenants",
  permission: "admin",
  params: tenantParams,
  success: { status: 200, description: "No limits any more", schema: tenantQuotaSchema },
  errors: [401, 403, 404],
});
