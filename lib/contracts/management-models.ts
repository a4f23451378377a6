// The inference-in-a-box Management Service's model routes (`/api/models`), at its own paths with its own bodies and
// error shapes, for the scripts and clients that call it. The same services as /api/v1/deployments with backend kserve.
import { z } from "zod";
import { defineRoute } from "@/lib/http/contract";
import {
  managementMessageSchema,
  managementModelCreateSchema,
  managementModelListSchema,
  managementModelSchema,
  managementModelUpdateSchema,
  managementModelWrittenSchema,
  managementNamespaceQuerySchema,
} from "@/lib/schemas/management-models";

const TAG = "Management Service (inference-in-a-box)";
const params = z.object({ name: z.string() });
const common = { tag: TAG, permission: "caller", errorStyle: "management-service" } as const;

export const listManagementModelsRoute = defineRoute({
  ...common,
  id: "listManagementModels",
  method: "GET",
  path: "/api/models",
  summary: "Management Service: the KServe models the caller may see (all tenants, or ?namespace=)",
  query: managementNamespaceQuerySchema,
  success: { status: 200, description: "The models", schema: managementModelListSchema },
  errors: [400, 401, 404],
});

export const createManagementModelRoute = defineRoute({
  ...common,
  id: "createManagementModel",
  method: "POST",
  path: "/api/models",
  summary: "Management Service: create a model (a KServe InferenceService)",
  body: managementModelCreateSchema,
  success: { status: 201, description: "Created", schema: managementModelWrittenSchema },
  errors: [400, 401, 403, 404, 409, 413],
});

export const getManagementModelRoute = defineRoute({
  ...common,
  id: "getManagementModel",
  method: "GET",
  path: "/api/models/{name}",
  summary: "Management Service: one model with its status details and conditions",
  params,
  query: managementNamespaceQuerySchema,
  success: { status: 200, description: "The model", schema: managementModelSchema },
  errors: [400, 401, 404],
});

export const updateManagementModelRoute = defineRoute({
  ...common,
  id: "updateManagementModel",
  method: "PUT",
  path: "/api/models/{name}",
  summary: "Management Service: change a model's scaling, framework or storage (fields left out stay)",
  params,
  query: managementNamespaceQuerySchema,
  body: managementModelUpdateSchema,
  success: { status: 200, description: "Updated", schema: managementModelWrittenSchema },
  errors: [400, 401, 403, 404, 409, 413],
});

export const deleteManagementModelRoute = defineRoute({
  ...common,
  id: "deleteManagementModel",
  method: "DELETE",
  path: "/api/models/{name}",
  summary: "Management Service: delete a model",
  params,
  query: managementNamespaceQuerySchema,
  success: { status: 200, description: "Deleted", schema: managementMessageSchema },
  errors: [400, 401, 403, 404],
});
