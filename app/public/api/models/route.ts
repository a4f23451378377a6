import { publicModelsRoute } from "@/lib/contracts/publishing";
import { handlePublicRoute } from "@/lib/http/handler";
import { listPublicModels } from "@/lib/services/public-models";

export const GET = handlePublicRoute(publicModelsRoute, () => listPublicModels());
