import { getWeightsUsageRoute } from "@/lib/contracts/weights";
import { handleRoute } from "@/lib/http/handler";
import { getWeightsUsage } from "@/lib/services/weights";

export const GET = handleRoute(getWeightsUsageRoute, ({ caller }) => getWeightsUsage(caller));
