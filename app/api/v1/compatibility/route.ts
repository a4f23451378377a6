import { checkCompatibilityRoute } from "@/lib/contracts/sizing";
import { handleRoute } from "@/lib/http/handler";
import { checkCompatibility } from "@/lib/services/sizing";

export const POST = handleRoute(checkCompatibilityRoute, ({ caller, body }) => checkCompatibility(caller, body));
