import { createManagementModelRoute, listManagementModelsRoute } from "@/lib/contracts/management-models";
import { handleRoute } from "@/lib/http/handler";
import { createManagementModel, listManagementModels } from "@/lib/services/management-models";

export const GET = handleRoute(listManagementModelsRoute, ({ caller, query }) => listManagementModels(caller, query.namespace));

export const POST = handleRoute(createManagementModelRoute, ({ caller, body }) => createManagementModel(caller, body));
