import { catalogStatusRoute } from "@/lib/contracts/catalog";
import { handleRoute } from "@/lib/http/handler";
import { catalogStatus } from "@/lib/services/presets";

export const GET = handleRoute(catalogStatusRoute, async () => catalogStatus());
