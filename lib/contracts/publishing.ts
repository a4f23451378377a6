// Publishing a deployment under /api/v1, and at the inference-in-a-box paths with its bodies (`{"config": …}`) and
// error shapes, for the scripts and client classes written against it.
import { z } from "zod";
import { defineRoute } from "@/lib/http/contract";
import {
  createdKeySchema,
  createKeyRequestSchema,
  keyListSchema,
  apiKeySchema,
  publicModelListSchema,
  publishAnswerSchema,
  publishConfigSchema,
  publishedModelListSchema,
  publishedModelSchema,
  publishParamsSchema,
  publishRequestSchema,
  rotateKeyAnswerSchema,
  rotateKeyRequestSchema,
  seedPublishParamsSchema,
  seedPublishQuerySchema,
  unpublishAnswerSchema,
  usageQuerySchema,
  usageSeriesSchema,
  validateKeyAnswerSchema,
  validateKeyRequestSchema,
} from "@/lib/schemas/publishing";

const TAG = "Publishing";
const PATH = "/api/v1/deployments/{namespace}/{name}/publish";
const v1 = { tag: TAG, permission: "caller", params: publishParamsSchema } as const;

export const publishDeploymentRoute = defineRoute({
  ...v1,
  id: "publishDeployment",
  method: "POST",
  path: PATH,
  summary: "Publish a deployment: reachable at its externalPath on its publicHostname with an API key (shown only in this answer)",
  body: publishConfigSchema,
  success: { status: 201, description: "Published; apiKey in full", schema: publishedModelSchema },
  errors: [400, 401, 403, 404, 409, 422],
});

export const updatePublicationRoute = defineRoute({
  ...v1,
  id: "updatePublication",
  method: "PUT",
  path: PATH,
  summary: "Change a publication: only the fields given (rate limits merge field by field); keys and usage stay",
  body: publishConfigSchema,
  success: { status: 200, description: "Updated", schema: publishedModelSchema },
  errors: [400, 401, 403, 404, 409, 422],
});

export const getPublicationRoute = defineRoute({
  ...v1,
  id: "getPublication",
  method: "GET",
  path: PATH,
  summary: "A published deployment with its limits, usage and how to call it (apiKey as prefix and last four)",
  success: { status: 200, description: "The publication", schema: publishedModelSchema },
  errors: [401, 404],
});

export const unpublishDeploymentRoute = defineRoute({
  ...v1,
  id: "unpublishDeployment",
  method: "DELETE",
  path: PATH,
  summary: "Unpublish: its keys stop working at once; the deployment stays",
  success: { status: 200, description: "Unpublished", schema: unpublishAnswerSchema },
  errors: [401, 403, 404],
});

export const rotateKeyRoute = defineRoute({
  ...v1,
  id: "rotateApiKey",
  method: "POST",
  path: `${PATH}/rotate-key`,
  summary:
    "A new secret for a key (same id); the old one works for gracePeriodSeconds (default 86400). Send Idempotency-Key to retry safely",
  body: rotateKeyRequestSchema,
  bodyOptional: true,
  success: { status: 200, description: "The new key, shown only here", schema: rotateKeyAnswerSchema },
  errors: [400, 401, 403, 404, 409, 422],
});

export const listKeysRoute = defineRoute({
  ...v1,
  id: "listApiKeys",
  method: "GET",
  path: `${PATH}/keys`,
  summary: "A published model's API keys (never their secrets)",
  success: { status: 200, description: "Keys", schema: keyListSchema },
  errors: [401, 403, 404],
});

export const createKeyRoute = defineRoute({
  ...v1,
  id: "createApiKey",
  method: "POST",
  path: `${PATH}/keys`,
  summary: "Another API key for a published model, with a name and an optional expiry; shown only in this answer",
  body: createKeyRequestSchema,
  success: { status: 201, description: "The key, in full", schema: createdKeySchema },
  errors: [400, 401, 403, 404, 422],
});

export const revokeKeyRoute = defineRoute({
  tag: TAG,
  permission: "caller",
  params: publishParamsSchema.extend({ keyId: z.uuid() }),
  id: "revokeApiKey",
  method: "DELETE",
  path: `${PATH}/keys/{keyId}`,
  summary: "Revoke an API key: refused at once on every replica",
  success: { status: 200, description: "The revoked key", schema: apiKeySchema },
  errors: [401, 403, 404],
});

export const listPublishedModelsRoute = defineRoute({
  tag: TAG,
  permission: "caller",
  id: "listPublishedModels",
  method: "GET",
  path: "/api/v1/published-models",
  summary: "Published models of your tenants (every tenant's, for an admin)",
  success: { status: 200, description: "Published models", schema: publishedModelListSchema },
  errors: [401],
});

export const validateApiKeyRoute = defineRoute({
  tag: TAG,
  permission: "caller",
  id: "validateApiKey",
  method: "POST",
  path: "/api/v1/validate-api-key",
  summary: "Whether an API key works now, and which tenant's model it opens",
  body: validateKeyRequestSchema,
  success: { status: 200, description: "valid false for an unknown, revoked or expired key", schema: validateKeyAnswerSchema },
  errors: [400, 401],
});

// The inference-in-a-box paths.
const SEED_TAG = "Management Service (inference-in-a-box)";
const SEED_PATH = "/api/models/{name}/publish";
const seed = {
  tag: SEED_TAG,
  permission: "caller",
  errorStyle: "management-service",
  params: seedPublishParamsSchema,
  query: seedPublishQuerySchema,
} as const;

export const seedPublishRoute = defineRoute({
  ...seed,
  id: "seedPublishModel",
  method: "POST",
  path: SEED_PATH,
  summary: 'Management Service: publish a model (`{"config": {...}}`); ?namespace= or config.tenantId picks the tenant',
  body: publishRequestSchema,
  success: { status: 201, description: "Published; apiKey in full", schema: publishAnswerSchema },
  errors: [400, 401, 403, 404, 409],
});

export const seedUpdatePublicationRoute = defineRoute({
  ...seed,
  id: "seedUpdatePublishedModel",
  method: "PUT",
  path: SEED_PATH,
  summary: "Management Service: update a published model's configuration",
  body: publishRequestSchema,
  success: { status: 200, description: "Updated", schema: publishAnswerSchema },
  errors: [400, 401, 403, 404, 409],
});

export const seedGetPublicationRoute = defineRoute({
  ...seed,
  id: "seedGetPublishedModel",
  method: "GET",
  path: SEED_PATH,
  summary: "Management Service: a published model, at the top level with usage and rateLimiting",
  success: { status: 200, description: "The published model", schema: publishedModelSchema },
  errors: [400, 401, 404],
});

export const seedUnpublishRoute = defineRoute({
  ...seed,
  id: "seedUnpublishModel",
  method: "DELETE",
  path: SEED_PATH,
  summary: "Management Service: remove external access to a published model",
  success: { status: 200, description: "Unpublished", schema: unpublishAnswerSchema },
  errors: [400, 401, 403, 404],
});

export const seedRotateKeyRoute = defineRoute({
  ...seed,
  id: "seedRotateApiKey",
  method: "POST",
  path: `${SEED_PATH}/rotate-key`,
  summary: "Management Service: a new API key for a published model (the old one works for a day unless gracePeriodSeconds says otherwise)",
  body: rotateKeyRequestSchema,
  bodyOptional: true,
  success: { status: 200, description: "The new key, shown only here", schema: rotateKeyAnswerSchema },
  errors: [400, 401, 403, 404, 409],
});

export const seedListPublishedRoute = defineRoute({
  tag: SEED_TAG,
  permission: "caller",
  errorStyle: "management-service",
  id: "seedListPublishedModels",
  method: "GET",
  path: "/api/published-models",
  summary: "Management Service: the published models accessible to the caller",
  success: { status: 200, description: "Published models", schema: publishedModelListSchema },
  errors: [401],
});

export const seedValidateApiKeyRoute = defineRoute({
  tag: SEED_TAG,
  permission: "caller",
  errorStyle: "management-service",
  id: "seedValidateApiKey",
  method: "POST",
  path: "/api/validate-api-key",
  summary: "Management Service: validate an API key",
  body: validateKeyRequestSchema,
  success: { status: 200, description: "valid, tenant, model", schema: validateKeyAnswerSchema },
  errors: [400, 401],
});

export const publicModelsRoute = defineRoute({
  tag: TAG,
  permission: "public",
  id: "listPublicModels",
  method: "GET",
  path: "/public/api/models",
  summary: "Published OpenAI-type models in OpenRouter's models list format, for anyone (no token)",
  success: { status: 200, description: "{data, links, total_count}", schema: publicModelListSchema },
  errors: [],
});

export const publicationUsageRoute = defineRoute({
  ...v1,
  id: "getPublicationUsage",
  method: "GET",
  path: `${PATH}/usage`,
  summary: "A published model's usage day by day (requests, tokens, refusals, errors, status classes), per key and in total",
  query: usageQuerySchema,
  success: { status: 200, description: "Usage", schema: usageSeriesSchema },
  errors: [400, 401, 404],
});
