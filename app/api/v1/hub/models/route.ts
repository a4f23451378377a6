import { searchHubModelsRoute } from "@/lib/contracts/hub";
import { handleRoute } from "@/lib/http/handler";
import { searchHubModels } from "@/lib/services/hub";

export const GET = handleRoute(searchHubModelsRoute, ({ query }) => searchHubModels(query));
