import { listWeightsRoute } from "@/lib/contracts/weights";
import { handleRoute } from "@/lib/http/handler";
import { listWeights } from "@/lib/services/weights";

export const GET = handleRoute(listWeightsRoute, ({ caller }) => listWeights(caller));
