// Hugging Face Hub routes: search and a model's page for anyone signed in, a preset drafted from a model for admins.
import { defineRoute } from "@/lib/http/contract";
import {
  hubModelDetailsSchema,
  hubModelListSchema,
  hubModelParamsSchema,
  hubModelQuerySchema,
  hubPresetDraftSchema,
  hubRevisionQuerySchema,
} from "@/lib/schemas/hub";

const TAG = "Hugging Face Hub";

export const searchHubModelsRoute = defineRoute({
  id: "searchHubModels",
  method: "GET",
  path: "/api/v1/hub/models",
  summary: "Search the Hub (HF_ENDPOINT) one page at a time, each model marked by whether vLLM's registry serves it",
  tag: TAG,
  permission: "caller",
  query: hubModelQuerySchema,
  success: { status: 200, description: "One page of models, and the cursor of the next", schema: hubModelListSchema },
  errors: [401, 422, 429, 503],
});

export const getHubModelRoute = defineRoute({
  id: "getHubModel",
  method: "GET",
  path: "/api/v1/hub/models/{org}/{name}",
  summary: "A model on the Hub: its files and sizes, config summary, vLLM support and fit on every resource profile",
  tag: TAG,
  permission: "caller",
  params: hubModelParamsSchema,
  query: hubRevisionQuerySchema,
  success: { status: 200, description: "The model", schema: hubModelDetailsSchema },
  errors: [401, 404, 422, 429, 503],
});

export const draftHubPresetRoute = defineRoute({
  id: "draftHubPreset",
  method: "POST",
  path: "/api/v1/hub/models/{org}/{name}/preset-draft",
  summary: "Draft a preset from a Hub model's metadata and fit (admins); nothing is saved",
  tag: TAG,
  permission: "admin",
  params: hubModelParamsSchema,
  success: { status: 200, description: "A preset body for POST /api/v1/presets, with how it was chosen", schema: hubPresetDraftSchema },
  errors: [401, 403, 404, 422, 429, 503],
});
