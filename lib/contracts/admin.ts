// The cluster view for administrators, and the inference-in-a-box Management Service's admin routes at its own paths
// (`/api/admin/login`, `/system`, `/tenants`) for its scripts. Its `POST /api/admin/kubectl` (run any kubectl command)
// is deliberately not served: it answers 404 like any unknown path.
import { defineRoute } from "@/lib/http/contract";
import { adminLoginResultSchema, adminLoginSchema, clusterViewSchema, seedSystemSchema, seedTenantListSchema } from "@/lib/schemas/admin";

const SEED = { tag: "Management Service (inference-in-a-box)", errorStyle: "management-service" } as const;

export const clusterViewRoute = defineRoute({
  id: "getClusterView",
  method: "GET",
  path: "/api/v1/admin/system",
  summary:
    "Nodes (CPU, memory, GPUs: capacity, allocatable, requested, free), namespaces, every deployment with its GPUs, free GPUs per profile (admins)",
  tag: "Cluster",
  permission: "admin",
  success: { status: 200, description: "The cluster as it is now", schema: clusterViewSchema },
  errors: [401, 403, 503],
});

export const seedAdminLoginRoute = defineRoute({
  ...SEED,
  id: "managementAdminLogin",
  method: "POST",
  path: "/api/admin/login",
  summary:
    "Management Service: exchange a username and password at the identity provider for its access token (a bearer token for every route)",
  permission: "public",
  body: adminLoginSchema,
  success: { status: 200, description: "The token and who it belongs to", schema: adminLoginResultSchema },
  errors: [400, 401, 403, 413, 429, 503],
});

export const seedAdminSystemRoute = defineRoute({
  ...SEED,
  id: "managementAdminSystem",
  method: "GET",
  path: "/api/admin/system",
  summary: "Management Service: nodes, namespaces and deployments (admins)",
  permission: "admin",
  success: { status: 200, description: "System information", schema: seedSystemSchema },
  errors: [401, 403, 503],
});

export const seedAdminTenantsRoute = defineRoute({
  ...SEED,
  id: "managementAdminTenants",
  method: "GET",
  path: "/api/admin/tenants",
  summary: "Management Service: every tenant with its namespace's status (admins)",
  permission: "admin",
  success: { status: 200, description: "Tenants", schema: seedTenantListSchema },
  errors: [401, 403, 503],
});
