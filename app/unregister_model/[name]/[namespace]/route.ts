import { unregisterModelRoute } from "@/lib/contracts/installer";
import { handleRoute } from "@/lib/http/handler";
import { unregisterModel } from "@/lib/services/installer";

export const DELETE = handleRoute(unregisterModelRoute, ({ caller, params }) => unregisterModel(caller, params.name, params.namespace));
