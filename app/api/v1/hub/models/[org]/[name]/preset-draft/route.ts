import { draftHubPresetRoute } from "@/lib/contracts/hub";
import { handleRoute } from "@/lib/http/handler";
import { draftHubPreset } from "@/lib/services/hub";

export const POST = handleRoute(draftHubPresetRoute, ({ caller, params }) => draftHubPreset(caller, `${params.org}/${params.name}`));
