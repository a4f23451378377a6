// The OpenAPI 3.1 document, generated from the route contracts (lib/contracts), whose schemas the routes parse with.
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { ALL_ROUTES } from "@/lib/contracts/all-routes";
import type { ErrorStatus, RouteContract } from "@/lib/http/contract";

const errorSchema = z
  .object({
    error: z.string(),
    details: z
      .object({ fields: z.array(z.object({ field: z.string(), message: z.string() })).optional() })
      .catchall(z.unknown())
      .nullable(),
  })
  .meta({ id: "Error" });

/** The inference-in-a-box Management Service's error body (`/api/models`). */
const managementErrorSchema = z
  .object({
    error: z.string(),
    details: z.string().optional().describe("On 400: what is wrong, field by field"),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "ManagementServiceError" });

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: "Malformed request (e.g. a body that is not JSON)",
  401: "No valid bearer token or session",
  403: "Signed in, but the role does not allow this",
  404: "Not found, or in a tenant the caller cannot see",
  409: "Name clash, or changed concurrently",
  413: "The body is larger than 1 MiB",
  422: "Invalid input; details.fields names each offending field",
  429: "Too many requests; Retry-After says when to try again",
  503: "A backend is unavailable",
};

function toRouteConfig(contract: RouteContract): RouteConfig {
  const { success } = contract;
  const successContent = success.schema
    ? { [success.contentType ?? "application/json"]: { schema: success.schema } }
    : success.contentType
      ? { [success.contentType]: { schema: z.string() } }
      : undefined;
  return {
    method: contract.method.toLowerCase() as RouteConfig["method"],
    path: contract.path,
    operationId: contract.id,
    summary: contract.summary,
    tags: [contract.tag],
    ...(contract.permission === "public" ? { security: [] } : {}),
    request: {
      ...(contract.params ? { params: contract.params as RouteConfig["request"] extends { params?: infer P } ? P : never } : {}),
      ...(contract.query ? { query: contract.query as RouteConfig["request"] extends { query?: infer Q } ? Q : never } : {}),
      ...(contract.body ? { body: { content: { "application/json": { schema: contract.body } }, required: !contract.bodyOptional } } : {}),
    },
    responses: {
      [success.status]: { description: success.description, ...(successContent ? { content: successContent } : {}) },
      ...Object.fromEntries(
        contract.errors.map((status) => [
          status,
          {
            description: ERROR_DESCRIPTIONS[status],
            content: { "application/json": { schema: contract.errorStyle === "management-service" ? managementErrorSchema : errorSchema } },
          },
        ]),
      ),
    },
  };
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
  for (const contract of ALL_ROUTES) registry.registerPath(toRouteConfig(contract));
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: { title: "Modelport API", version: "1", description: "Deploy models on Kubernetes (KubeAI, KServe) for many tenants." },
    security: [{ bearer: [] }],
  });
  fillDiscriminatorMappings(cached.components?.schemas ?? {});
  return cached;
}

type SchemaObject = {
  oneOf?: { $ref?: string }[];
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  properties?: Record<string, { enum?: unknown[] }>;
};

/**
 * The generator leaves a discriminated union's mapping empty, and clients then take the schema's name for the
 * discriminator's value ("KubeAIDeploymentInput" rather than "kubeai"): map each value to its schema.
 */
function fillDiscriminatorMappings(schemas: Record<string, unknown>): void {
  for (const schema of Object.values(schemas) as SchemaObject[]) {
    const discriminator = schema.discriminator;
    if (!discriminator || !schema.oneOf || Object.keys(discriminator.mapping ?? {}).length > 0) continue;
    const mapping: Record<string, string> = {};
    for (const { $ref } of schema.oneOf) {
      const option = $ref ? (schemas[$ref.replace("#/components/schemas/", "")] as SchemaObject | undefined) : undefined;
      const value = option?.properties?.[discriminator.propertyName]?.enum?.[0];
      if ($ref && typeof value === "string") mapping[value] = $ref;
    }
    discriminator.mapping = mapping;
  }
}
