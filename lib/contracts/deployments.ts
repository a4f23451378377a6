// The deployment routes' contracts: `/api/v1/deployments`, one deployment, stopping and starting it, its watch, and
// the resource profiles.
import { z } from "zod";
import { defineRoute } from "@/lib/http/contract";
import {
  createQuerySchema,
  deploymentDetailSchema,
  deploymentInputSchema,
  deploymentListQuerySchema,
  deploymentListSchema,
  deploymentPatchSchema,
  deploymentSchema,
  deploymentWatchQuerySchema,
} from "@/lib/schemas/deployment";
import { deploymentHistorySchema } from "@/lib/schemas/history";
import { resourceProfileListSchema } from "@/lib/schemas/resource-profile";

const TAG = "Deployments";
const deploymentParams = z.object({ namespace: z.string(), name: z.string() });

export const listDeploymentsRoute = defineRoute({
  id: "listDeployments",
  method: "GET",
  path: "/api/v1/deployments",
  summary: "List deployments in the tenants the caller may see",
  tag: TAG,
  permission: "caller",
  query: deploymentListQuerySchema,
  success: { status: 200, description: "A page of deployments; pass `continue` for the next", schema: deploymentListSchema },
  errors: [401, 404, 422],
});

export const createDeploymentRoute = defineRoute({
  id: "createDeployment",
  method: "POST",
  path: "/api/v1/deployments",
  summary: "Create a deployment (a KubeAI Model, or with backend kserve an InferenceService); ?dryRun=All validates and creates nothing",
  tag: TAG,
  permission: "caller",
  query: createQuerySchema,
  body: deploymentInputSchema,
  success: { status: 201, description: "Created, with warnings about choices that work but may surprise", schema: deploymentSchema },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

export const watchDeploymentsRoute = defineRoute({
  id: "watchDeployments",
  method: "GET",
  path: "/api/v1/deployments/watch",
  summary: "Live changes as server-sent events: `ready`, then `change` {type, deployment}; `closed` {reason} ends the stream",
  tag: TAG,
  permission: "caller",
  query: deploymentWatchQuerySchema,
  success: { status: 200, description: "An event stream", contentType: "text/event-stream" },
  errors: [401, 404, 429],
});

export const getDeploymentRoute = defineRoute({
  id: "getDeployment",
  method: "GET",
  path: "/api/v1/deployments/{namespace}/{name}",
  summary: "Get a deployment with its events and raw object",
  tag: TAG,
  permission: "caller",
  params: deploymentParams,
  success: { status: 200, description: "The deployment", schema: deploymentDetailSchema },
  errors: [401, 404],
});

export const updateDeploymentRoute = defineRoute({
  id: "updateDeployment",
  method: "PATCH",
  path: "/api/v1/deployments/{namespace}/{name}",
  summary: "Change the fields of the deployment's backend: scaling, profile, args, env, storage, proxy metadata… (null clears)",
  tag: TAG,
  permission: "caller",
  params: deploymentParams,
  query: createQuerySchema,
  body: deploymentPatchSchema,
  success: {
    status: 200,
    description: "Updated; with ?dryRun=All nothing is stored and `changes` says what would change",
    schema: deploymentSchema,
  },
  errors: [400, 401, 403, 404, 409, 413, 422],
});

export const deleteDeploymentRoute = defineRoute({
  id: "deleteDeployment",
  method: "DELETE",
  path: "/api/v1/deployments/{namespace}/{name}",
  summary: "Delete a deployment",
  tag: TAG,
  permission: "caller",
  params: deploymentParams,
  success: {
    status: 200,
    description: "Deleted",
    schema: z.object({ deleted: z.literal(true), namespace: z.string(), name: z.string() }),
  },
  errors: [401, 403, 404],
});

export const stopDeploymentRoute = defineRoute({
  id: "stopDeployment",
  method: "POST",
  path: "/api/v1/deployments/{namespace}/{name}/stop",
  summary: "Stop a deployment without deleting it: no replica runs until it is started (stopping a stopped one is a no-op)",
  tag: TAG,
  permission: "caller",
  params: deploymentParams,
  query: createQuerySchema,
  success: { status: 200, description: "Stopped (status Stopped; replicas may take a moment to go)", schema: deploymentSchema },
  errors: [401, 403, 404, 409],
});

export const startDeploymentRoute = defineRoute({
  id: "startDeployment",
  method: "POST",
  path: "/api/v1/deployments/{namespace}/{name}/start",
  summary: "Start a stopped deployment with the scaling it had when stopped (starting a running one is a no-op)",
  tag: TAG,
  permission: "caller",
  params: deploymentParams,
  query: createQuerySchema,
  success: { status: 200, description: "Started", schema: deploymentSchema },
  errors: [401, 403, 404, 409],
});

export const listResourceProfilesRoute = defineRoute({
  id: "listResourceProfiles",
  method: "GET",
  path: "/api/v1/resource-profiles",
  summary: "KubeAI resource profiles with accelerator facts",
  tag: TAG,
  permission: "caller",
  success: { status: 200, description: "Profiles", schema: resourceProfileListSchema },
  errors: [401],
});

export const deploymentHistoryRoute = defineRoute({
  id: "getDeploymentHistory",
  method: "GET",
  path: "/api/v1/deployments/{namespace}/{name}/history",
  summary:
    "A deployment's timeline: created, changed, scaled, stopped, failed, published, deleted, from the audit log and the cluster's events",
  tag: TAG,
  permission: "caller",
  params: deploymentParams,
  query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
  success: { status: 200, description: "Newest first; a deleted deployment keeps its history", schema: deploymentHistorySchema },
  errors: [401, 404, 422],
});
