import { deleteWeightsRoute, getWeightsRoute } from "@/lib/contracts/weights";
import { handleRoute } from "@/lib/http/handler";
import { deleteWeights, getWeights } from "@/lib/services/weights";

export const GET = handleRoute(getWeightsRoute, ({ caller, params }) => getWeights(caller, params.name));

export const DELETE = handleRoute(deleteWeightsRoute, ({ caller, params, query }) => deleteWeights(caller, params.name, query));
