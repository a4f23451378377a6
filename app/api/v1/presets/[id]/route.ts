import { deletePresetRoute, getPresetRoute, updatePresetRoute } from "@/lib/contracts/presets";
import { handleRoute } from "@/lib/http/handler";
import { deletePreset, getPreset, updatePreset } from "@/lib/services/presets";

export const GET = handleRoute(getPresetRoute, ({ caller, params }) => getPreset(caller, params.id));

export const PATCH = handleRoute(updatePresetRoute, ({ caller, params, body }) => updatePreset(caller, params.id, body));

export const DELETE = handleRoute(deletePresetRoute, async ({ caller, params }) => {
  await deletePreset(caller, params.id);
  return { deleted: params.id };
});
