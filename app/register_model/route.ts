import { registerModelRoute } from "@/lib/contracts/installer";
import { handleRoute } from "@/lib/http/handler";
import { registerModel } from "@/lib/services/installer";

export const POST = handleRoute(registerModelRoute, ({ caller, body }) => registerModel(caller, body));
