import { deleteModelRoute } from "@/lib/contracts/repository";
import { handleRoute } from "@/lib/http/handler";
import { deleteRegisteredModel } from "@/lib/services/repository";

export const DELETE = handleRoute(deleteModelRoute, ({ caller, body }) => deleteRegisteredModel(caller, body));
