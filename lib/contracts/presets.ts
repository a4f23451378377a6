// The preset catalog's routes: everyone signed in reads (members: enabled presets only); admins write.
import { z } from "zod";
import { defineRoute } from "@/lib/http/contract";
import {
  presetIdSchema,
  presetInputSchema,
  presetListQuerySchema,
  presetListSchema,
  presetPatchSchema,
  presetSchema,
} from "@/lib/schemas/preset";

const TAG = "Presets";
const params = z.object({ id: presetIdSchema });

export const listPresetsRoute = defineRoute({
  id: "listPresets",
  method: "GET",
  path: "/api/v1/presets",
  summary: "The preset catalog (members see enabled presets; admins all), by category and search",
  tag: TAG,
  permission: "caller",
  query: presetListQuerySchema,
  success: { status: 200, description: "Presets, by category then name", schema: presetListSchema },
  errors: [401, 422],
});

export const createPresetRoute = defineRoute({
  id: "createPreset",
  method: "POST",
  path: "/api/v1/presets",
  summary: "Add a preset (admins); its deployment is checked with the deployment schema",
  tag: TAG,
  permission: "admin",
  body: presetInputSchema,
  success: { status: 201, description: "Added", schema: presetSchema },
  errors: [400, 401, 403, 409, 413, 422],
});

export const getPresetRoute = defineRoute({
  id: "getPreset",
  method: "GET",
  path: "/api/v1/presets/{id}",
  summary: "One preset",
  tag: TAG,
  permission: "caller",
  params,
  success: { status: 200, description: "The preset", schema: presetSchema },
  errors: [401, 404],
});

export const updatePresetRoute = defineRoute({
  id: "updatePreset",
  method: "PATCH",
  path: "/api/v1/presets/{id}",
  summary: "Change, enable or disable a preset (admins); deployment is replaced whole",
  tag: TAG,
  permission: "admin",
  params,
  body: presetPatchSchema,
  success: { status: 200, description: "Changed", schema: presetSchema },
  errors: [400, 401, 403, 404, 413, 422],
});

export const deletePresetRoute = defineRoute({
  id: "deletePreset",
  method: "DELETE",
  path: "/api/v1/presets/{id}",
  summary: "Delete a preset (admins); a deleted catalog preset is not seeded again",
  tag: TAG,
  permission: "admin",
  params,
  success: { status: 200, description: "Deleted", schema: z.object({ deleted: z.string() }) },
  errors: [401, 403, 404],
});
