// The model repository, imports and jobs: the Model Installer's paths with its bodies, and the same operations
// under /api/v1.
import { z } from "zod";
import { defineRoute } from "@/lib/http/contract";
import { namespaceSchema } from "@/lib/schemas/deployment";
import {
  acceptedJobSchema,
  deleteModelSchema,
  downloadHfModelSchema,
  downloadS3ModelSchema,
  importInputSchema,
  jobListQuerySchema,
  jobListSchema,
  jobSchema,
  modelVersionDetailSchema,
  modelVersionSchema,
  registeredModelDetailSchema,
  registeredModelListSchema,
  registeredModelNameSchema,
  registerS3ModelSchema,
  repositoryListQuerySchema,
  s3VersionInputSchema,
} from "@/lib/schemas/repository";

const INSTALLER = "Model Installer";
const TAG = "Repository";
const JOBS = "Jobs";

const deletedSchema = z.object({
  message: z.string(),
  model_name: z.string(),
  deleted_versions: z.array(z.string()),
  deleted_artifacts: z.array(z.string()),
});
const registeredS3Schema = z.object({
  message: z.string(),
  model_name: z.string(),
  version: z.string(),
  status: z.string(),
  source: z.string(),
  model_version: modelVersionSchema,
});

export const downloadHfModelRoute = defineRoute({
  id: "downloadHfModel",
  method: "POST",
  path: "/download_hf_model",
  summary: "Model Installer: import a Hugging Face model into the repository (a background job)",
  tag: INSTALLER,
  permission: "caller",
  body: downloadHfModelSchema,
  success: { status: 202, description: "Accepted; follow the job at /api/v1/jobs/{job_id}", schema: acceptedJobSchema },
  errors: [400, 401, 403, 404, 413, 422],
});

export const downloadS3ModelRoute = defineRoute({
  id: "downloadS3Model",
  method: "POST",
  path: "/download_s3_model",
  summary: "Model Installer: copy a model from S3 into the repository (a background job)",
  tag: INSTALLER,
  permission: "caller",
  body: downloadS3ModelSchema,
  success: { status: 202, description: "Accepted; follow the job at /api/v1/jobs/{job_id}", schema: acceptedJobSchema },
  errors: [400, 401, 403, 404, 413, 422],
});

export const registerS3ModelRoute = defineRoute({
  id: "registerS3Model",
  method: "POST",
  path: "/register_s3_model",
  summary: "Model Installer: register weights already in S3 as a new version, without copying (the location is checked first)",
  tag: INSTALLER,
  permission: "caller",
  body: registerS3ModelSchema,
  success: { status: 201, description: "Registered", schema: registeredS3Schema },
  errors: [400, 401, 403, 404, 413, 422, 503],
});

export const deleteModelRoute = defineRoute({
  id: "deleteModel",
  method: "DELETE",
  path: "/delete_model",
  summary: "Model Installer: delete a registered model or one version, and with delete_artifacts its stored files",
  tag: INSTALLER,
  permission: "caller",
  body: deleteModelSchema,
  success: { status: 200, description: "Deleted", schema: deletedSchema },
  errors: [400, 401, 403, 404, 409, 422],
});

const modelParams = z.object({ namespace: namespaceSchema, name: registeredModelNameSchema });
const versionParams = modelParams.extend({ version: z.string().regex(/^[1-9]\d{0,8}$/) });
const deleteQuery = z.object({
  deleteArtifacts: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true"),
  force: z
    .enum(["true", "false"])
    .default("false")
    .transform((value) => value === "true"),
});

export const listRegisteredModelsRoute = defineRoute({
  id: "listRegisteredModels",
  method: "GET",
  path: "/api/v1/repository/models",
  summary: "Registered models of a tenant with their latest version, by name; search by name",
  tag: TAG,
  permission: "caller",
  query: repositoryListQuerySchema,
  success: { status: 200, description: "A page of models", schema: registeredModelListSchema },
  errors: [401, 404, 422],
});

export const getRegisteredModelRoute = defineRoute({
  id: "getRegisteredModel",
  method: "GET",
  path: "/api/v1/repository/models/{namespace}/{name}",
  summary: "A registered model with every version, newest first",
  tag: TAG,
  permission: "caller",
  params: modelParams,
  success: { status: 200, description: "The model", schema: registeredModelDetailSchema },
  errors: [401, 404],
});

export const deleteRegisteredModelRoute = defineRoute({
  id: "deleteRegisteredModel",
  method: "DELETE",
  path: "/api/v1/repository/models/{namespace}/{name}",
  summary: "Delete a registered model and its versions (?deleteArtifacts=true: its stored files too; ?force=true while in use)",
  tag: TAG,
  permission: "caller",
  params: modelParams,
  query: deleteQuery,
  success: { status: 200, description: "Deleted", schema: deletedSchema },
  errors: [401, 403, 404, 409],
});

export const createS3VersionRoute = defineRoute({
  id: "createS3Version",
  method: "POST",
  path: "/api/v1/repository/models/{namespace}/{name}/versions",
  summary: "Register weights already in S3 as the model's next version, without copying (the location is listed first)",
  tag: TAG,
  permission: "caller",
  params: modelParams,
  body: s3VersionInputSchema,
  success: { status: 201, description: "Registered, READY", schema: modelVersionSchema },
  errors: [400, 401, 403, 404, 413, 422, 503],
});

export const getModelVersionRoute = defineRoute({
  id: "getModelVersion",
  method: "GET",
  path: "/api/v1/repository/models/{namespace}/{name}/versions/{version}",
  summary: "One version: status, source, deployable URL, the deployments using it, and its stored files",
  tag: TAG,
  permission: "caller",
  params: versionParams,
  success: { status: 200, description: "The version", schema: modelVersionDetailSchema },
  errors: [401, 404],
});

export const deleteModelVersionRoute = defineRoute({
  id: "deleteModelVersion",
  method: "DELETE",
  path: "/api/v1/repository/models/{namespace}/{name}/versions/{version}",
  summary: "Delete one version (?deleteArtifacts=true: its stored files too; ?force=true while in use)",
  tag: TAG,
  permission: "caller",
  params: versionParams,
  query: deleteQuery,
  success: { status: 200, description: "Deleted", schema: deletedSchema },
  errors: [401, 403, 404, 409],
});

export const createImportRoute = defineRoute({
  id: "createImport",
  method: "POST",
  path: "/api/v1/imports",
  summary: "Import a model from the Hugging Face Hub or S3 into the repository (a background job)",
  tag: JOBS,
  permission: "caller",
  body: importInputSchema,
  success: { status: 202, description: "Accepted", schema: jobSchema },
  errors: [400, 401, 403, 404, 413, 422],
});

export const listJobsRoute = defineRoute({
  id: "listJobs",
  method: "GET",
  path: "/api/v1/jobs",
  summary: "Background jobs of the tenants you can see, newest first",
  tag: JOBS,
  permission: "caller",
  query: jobListQuerySchema,
  success: { status: 200, description: "Jobs", schema: jobListSchema },
  errors: [401, 404, 422],
});

const jobParams = z.object({ id: z.uuid() });

export const getJobRoute = defineRoute({
  id: "getJob",
  method: "GET",
  path: "/api/v1/jobs/{id}",
  summary: "One job: state, progress per file and overall, error and log",
  tag: JOBS,
  permission: "caller",
  params: jobParams,
  success: { status: 200, description: "The job", schema: jobSchema },
  errors: [401, 404],
});

export const cancelJobRoute = defineRoute({
  id: "cancelJob",
  method: "POST",
  path: "/api/v1/jobs/{id}/cancel",
  summary: "Cancel a queued or running job (a running one stops within a second)",
  tag: JOBS,
  permission: "caller",
  params: jobParams,
  success: { status: 200, description: "Cancelled, or asked to stop", schema: jobSchema },
  errors: [401, 403, 404, 409],
});

export const retryJobRoute = defineRoute({
  id: "retryJob",
  method: "POST",
  path: "/api/v1/jobs/{id}/retry",
  summary: "Queue a failed or cancelled job again; files it completed are not fetched again",
  tag: JOBS,
  permission: "caller",
  params: jobParams,
  success: { status: 200, description: "Queued", schema: jobSchema },
  errors: [401, 403, 404, 409],
});
