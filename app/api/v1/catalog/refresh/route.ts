import { refreshCatalogRoute } from "@/lib/contracts/catalog";
import { handleRoute } from "@/lib/http/handler";
import { refreshCatalog } from "@/lib/services/presets";

export const POST = handleRoute(refreshCatalogRoute, async ({ caller }) => refreshCatalog(caller));
