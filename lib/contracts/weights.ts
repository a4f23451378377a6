// The weights cache on the PVC: the Model Manager's /weights, /weights/usage and /weights/{name} under /api/v1.
import { z } from "zod";
import { defineRoute } from "@/lib/http/contract";
import {
  deletedWeightsSchema,
  weightsDeleteQuerySchema,
  weightsDirectoryDetailSchema,
  weightsListSchema,
  weightsNameSchema,
  weightsUsageSchema,
} from "@/lib/schemas/weights";

const TAG = "Weights";
// A name without "~" (such as "usage") is never a directory, so the static /usage route cannot shadow one.
const nameParams = z.object({ name: weightsNameSchema });

export const listWeightsRoute = defineRoute({
  id: "listWeights",
  method: "GET",
  path: "/api/v1/weights",
  summary: "Imported weights on the PVC, one directory per version: size, files, source and the deployments using it",
  tag: TAG,
  permission: "caller",
  success: { status: 200, description: "Directories of the tenants you can see", schema: weightsListSchema },
  errors: [401],
});

export const getWeightsUsageRoute = defineRoute({
  id: "getWeightsUsage",
  method: "GET",
  path: "/api/v1/weights/usage",
  summary: "How full the weights volume is, with a warning above PVC_ALERT_THRESHOLD, and bytes per tenant",
  tag: TAG,
  permission: "caller",
  success: { status: 200, description: "Usage", schema: weightsUsageSchema },
  errors: [401, 409],
});

export const getWeightsRoute = defineRoute({
  id: "getWeights",
  method: "GET",
  path: "/api/v1/weights/{name}",
  summary: "One weights directory with its files",
  tag: TAG,
  permission: "caller",
  params: nameParams,
  success: { status: 200, description: "The directory", schema: weightsDirectoryDetailSchema },
  errors: [401, 404],
});

export const deleteWeightsRoute = defineRoute({
  id: "deleteWeights",
  method: "DELETE",
  path: "/api/v1/weights/{name}",
  summary: "Delete a weights directory (refused while a deployment uses it unless ?force=true, and while its import runs)",
  tag: TAG,
  permission: "caller",
  params: nameParams,
  query: weightsDeleteQuerySchema,
  success: { status: 200, description: "Deleted", schema: deletedWeightsSchema },
  errors: [401, 403, 404, 409, 422],
});
