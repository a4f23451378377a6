import { createPresetRoute, listPresetsRoute } from "@/lib/contracts/presets";
import { handleRoute } from "@/lib/http/handler";
import { createPreset, listPresets } from "@/lib/services/presets";

export const GET = handleRoute(listPresetsRoute, ({ caller, query }) => listPresets(caller, query));

export const POST = handleRoute(createPresetRoute, ({ caller, body }) => createPreset(caller, body));
