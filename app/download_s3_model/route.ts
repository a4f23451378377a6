import { downloadS3ModelRoute } from "@/lib/contracts/repository";
import { handleRoute } from "@/lib/http/handler";
import { downloadS3Model } from "@/lib/services/imports";

export const POST = handleRoute(downloadS3ModelRoute, ({ caller, body }) => downloadS3Model(caller, body));
