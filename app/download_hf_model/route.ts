import { downloadHfModelRoute } from "@/lib/contracts/repository";
import { handleRoute } from "@/lib/http/handler";
import { downloadHfModel } from "@/lib/services/imports";

export const POST = handleRoute(downloadHfModelRoute, ({ caller, body }) => downloadHfModel(caller, body));
