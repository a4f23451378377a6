// The catalog's routes: the file catalog's status and refresh, and checking a preset or deployment draft.
import { defineRoute } from "@/lib/http/contract";
import { catalogStatusSchema, draftCheckRequestSchema, draftCheckSchema } from "@/lib/schemas/catalog";

const TAG = "Presets";

export const catalogStatusRoute = defineRoute({
  id: "catalogStatus",
  method: "GET",
  path: "/api/v1/catalog",
  summary: "The file catalog (MODEL_CATALOG_ROOT): when it was read, how many presets, and the files or entries left out",
  tag: TAG,
  permission: "caller",
  success: { status: 200, description: "Its status", schema: catalogStatusSchema },
  errors: [401],
});

export const refreshCatalogRoute = defineRoute({
  id: "refreshCatalog",
  method: "POST",
  path: "/api/v1/catalog/refresh",
  summary: "Read the file catalog now rather than after CATALOG_REFRESH_INTERVAL (admins)",
  tag: TAG,
  permission: "admin",
  success: { status: 200, description: "Its status after reading", schema: catalogStatusSchema },
  errors: [401, 403],
});

export const validateDraftRoute = defineRoute({
  id: "validateDraft",
  method: "POST",
  path: "/api/v1/catalog/validate",
  summary: "Check a preset or deployment draft: schema, profile, PVC, GPUs the cluster can give, the API server's dry run",
  tag: TAG,
  permission: "caller",
  body: draftCheckRequestSchema,
  success: { status: 200, description: "The problems found, and the manifest it would create", schema: draftCheckSchema },
  errors: [400, 401, 413, 422],
});

export const previewDraftRoute = defineRoute({
  id: "previewDraft",
  method: "POST",
  path: "/api/v1/catalog/preview",
  summary: "The exact Kubernetes manifest a preset or deployment draft would create (also as YAML), with the problems found",
  tag: TAG,
  permission: "caller",
  body: draftCheckRequestSchema,
  success: { status: 200, description: "The manifest and the problems", schema: draftCheckSchema },
  errors: [400, 401, 413, 422],
});
