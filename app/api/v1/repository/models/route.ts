import { listRegisteredModelsRoute } from "@/lib/contracts/repository";
import { handleRoute } from "@/lib/http/handler";
import { listRegisteredModels } from "@/lib/services/repository";

export const GET = handleRoute(listRegisteredModelsRoute, ({ caller, query }) => listRegisteredModels(caller, query));
