import { registerS3ModelRoute } from "@/lib/contracts/repository";
import { handleRoute } from "@/lib/http/handler";
import { registerS3Model } from "@/lib/services/repository";

export const POST = handleRoute(registerS3ModelRoute, ({ caller, body }) => registerS3Model(caller, body));
