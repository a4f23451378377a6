// The OpenAPI 3.1 document, generated from the same zod schemas the routes and services parse with.
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { auditEventSchema, auditQuerySchema } from "@/lib/schemas/audit";
import {
  createQuerySchema,
  deploymentEventSchema,
  deploymentInputSchema,
  deploymentListQuerySchema,
  deploymentListSchema,
  deploymentPatchSchema,
  deploymentSchema,
} from "@/lib/schemas/deployment";
import { registerModelSchema } from "@/lib/schemas/installer";
import { createdServiceAccountSchema, serviceAccountInputSchema, serviceAccountSchema, tenantInputSchema, tenantSchema } from "@/lib/schemas/tenant";

const errorSchema = z
  .object({
    error: z.string(),
    details: z
      .object({ fields: z.array(z.object({ field: z.string(), message: z.string() })).optional() })
      .catchall(z.unknown())
      .nullable(),
  })
  .meta({ id: "Error" });

const json = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });
const errors = {
  400: json(errorSchema, "Malformed request (e.g. a body that is not JSON)"),
  401: json(errorSchema, "No valid bearer token or session"),
  403: json(errorSchema, "Signed in, but the role does not allow this"),
  404: json(errorSchema, "Not found, or in a tenant the caller cannot see"),
  409: json(errorSchema, "Name clash, or changed concurrently"),
  422: json(errorSchema, "Invalid input; details.fields names each offending field"),
};
const nameParams = z.object({ namespace: z.string(), name: z.string() });
const tenantParam = z.object({ tenant: z.string() });

function routes(): RouteConfig[] {
  const deployment = deploymentSchema.meta({ id: "Deployment" });
  const detail = deployment.extend({ events: z.array(deploymentEventSchema) }).meta({ id: "DeploymentDetail" });
  const list = deploymentListSchema.meta({ id: "DeploymentList" });
  const input = deploymentInputSchema.meta({ id: "DeploymentInput" });
  const tenant = tenantSchema.meta({ id: "Tenant" });
  const account = serviceAccountSchema.meta({ id: "ServiceAccount" });
  const body = (schema: z.ZodType) => ({ body: { content: { "application/json": { schema } }, required: true } });
  return [
    { method: "get", path: "/api/v1/deployments", summary: "List deployments in the tenants the caller may see", tags: ["Deployments"], request: { query: deploymentListQuerySchema }, responses: { 200: json(list, "A page of deployments; pass `continue` for the next"), 401: errors[401], 404: errors[404], 422: errors[422] } },
    { method: "post", path: "/api/v1/deployments", summary: "Create a deployment (a KubeAI Model)", tags: ["Deployments"], request: { query: createQuerySchema, ...body(input) }, responses: { 201: json(deployment, "Created"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] } },
    { method: "get", path: "/api/v1/deployments/watch", summary: "Live changes as server-sent events: `ready`, then `change` {type, deployment}", tags: ["Deployments"], request: { query: z.object({ namespace: z.string().optional() }) }, responses: { 200: { description: "text/event-stream", content: { "text/event-stream": { schema: z.string() } } }, 401: errors[401], 404: errors[404] } },
    { method: "get", path: "/api/v1/deployments/{namespace}/{name}", summary: "Get a deployment with its events and raw object", tags: ["Deployments"], request: { params: nameParams }, responses: { 200: json(detail, "The deployment"), 401: errors[401], 404: errors[404] } },
    { method: "patch", path: "/api/v1/deployments/{namespace}/{name}", summary: "Change scaling, profile, args, env or proxy metadata (null clears)", tags: ["Deployments"], request: { params: nameParams, ...body(deploymentPatchSchema) }, responses: { 200: json(deployment, "Updated"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] } },
    { method: "delete", path: "/api/v1/deployments/{namespace}/{name}", summary: "Delete a deployment", tags: ["Deployments"], request: { params: nameParams }, responses: { 200: json(z.object({ deleted: z.literal(true), namespace: z.string(), name: z.string() }), "Deleted"), 401: errors[401], 403: errors[403], 404: errors[404] } },
    { method: "get", path: "/api/v1/resource-profiles", summary: "KubeAI resource profiles with accelerator facts", tags: ["Deployments"], responses: { 200: json(z.object({ items: z.array(z.object({ name: z.string(), accelerator: z.string().nullable(), acceleratorMemoryGiB: z.number().nullable(), requests: z.record(z.string(), z.string()) })) }), "Profiles"), 401: errors[401] } },
    { method: "post", path: "/register_model", summary: "Model Installer: register a model (namespace defaults to kubeai)", tags: ["Model Installer"], request: body(registerModelSchema), responses: { 201: json(z.object({ message: z.string(), name: z.string(), namespace: z.string(), deployment }), "Registered"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] } },
    { method: "delete", path: "/unregister_model/{name}/{namespace}", summary: "Model Installer: unregister a model", tags: ["Model Installer"], request: { params: nameParams }, responses: { 200: json(z.object({ message: z.string(), name: z.string(), namespace: z.string() }), "Unregistered"), 401: errors[401], 403: errors[403], 404: errors[404] } },
    { method: "get", path: "/api/v1/tenants", summary: "Tenants the caller may see, with the caller's role", tags: ["Tenants"], responses: { 200: json(z.object({ items: z.array(tenant) }), "Tenants"), 401: errors[401] } },
    { method: "post", path: "/api/v1/tenants", summary: "Create a tenant and its namespace (admins)", tags: ["Tenants"], request: body(tenantInputSchema), responses: { 201: json(tenant, "Created"), 400: errors[400], 401: errors[401], 403: errors[403], 409: errors[409], 422: errors[422] } },
    { method: "delete", path: "/api/v1/tenants/{tenant}", summary: "Delete a tenant and its service accounts (admins); the namespace stays", tags: ["Tenants"], request: { params: tenantParam }, responses: { 200: json(z.object({ deleted: z.literal(true), name: z.string() }), "Deleted"), 401: errors[401], 403: errors[403], 404: errors[404] } },
    { method: "get", path: "/api/v1/tenants/{tenant}/service-accounts", summary: "List a tenant's service accounts (tokens are never shown again)", tags: ["Service accounts"], request: { params: tenantParam }, responses: { 200: json(z.object({ items: z.array(account) }), "Service accounts"), 401: errors[401], 403: errors[403], 404: errors[404] } },
    { method: "post", path: "/api/v1/tenants/{tenant}/service-accounts", summary: "Create a service account; the token is in this response only", tags: ["Service accounts"], request: { params: tenantParam, ...body(serviceAccountInputSchema) }, responses: { 201: json(createdServiceAccountSchema.meta({ id: "CreatedServiceAccount" }), "Created"), 400: errors[400], 401: errors[401], 403: errors[403], 404: errors[404], 409: errors[409], 422: errors[422] } },
    { method: "delete", path: "/api/v1/tenants/{tenant}/service-accounts/{id}", summary: "Revoke a service account", tags: ["Service accounts"], request: { params: tenantParam.extend({ id: z.string() }) }, responses: { 200: json(account, "Revoked"), 401: errors[401], 403: errors[403], 404: errors[404] } },
    { method: "get", path: "/api/v1/audit", summary: "The audit log, newest first (admins)", tags: ["Audit"], request: { query: auditQuerySchema }, responses: { 200: json(z.object({ items: z.array(auditEventSchema.meta({ id: "AuditEvent" })) }), "Audit events"), 401: errors[401], 403: errors[403], 422: errors[422] } },
    { method: "get", path: "/api/v1/openapi.json", summary: "This document", tags: ["Operations"], security: [], responses: { 200: { description: "OpenAPI 3.1" } } },
    { method: "get", path: "/api/healthz", summary: "Liveness, with the active backends", tags: ["Operations"], security: [], responses: { 200: json(z.object({ status: z.literal("ok"), cluster: z.string(), database: z.string(), identity: z.string() }), "Healthy") } },
    { method: "get", path: "/api/readyz", summary: "Readiness: database and Kubernetes API reachable", tags: ["Operations"], security: [], responses: { 200: json(z.object({ ready: z.boolean(), checks: z.record(z.string(), z.string()) }), "Ready"), 503: { description: "Not ready; checks says which backend failed" } } },
    { method: "get", path: "/metrics", summary: "Prometheus metrics (text format)", tags: ["Operations"], security: [], responses: { 200: { description: "text/plain; version=0.0.4", content: { "text/plain": { schema: z.string() } } } } },
  ];
}

let cached: ReturnType<OpenApiGeneratorV31["generateDocument"]> | undefined;

export function openApiDocument() {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "A JWT from the identity provider, a service-account token (mp_sa_…), or MODELPORT_ADMIN_TOKEN",
  });
  for (const route of routes()) registry.registerPath(route);
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: { title: "Modelport API", version: "1", description: "Deploy models on Kubernetes (KubeAI) for many tenants." },
    security: [{ bearer: [] }],
  });
  return cached;
}
