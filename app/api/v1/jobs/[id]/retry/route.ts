import { retryJobRoute } from "@/lib/contracts/repository";
import { handleRoute } from "@/lib/http/handler";
import { retryJob } from "@/lib/services/jobs";

export const POST = handleRoute(retryJobRoute, ({ caller, params }) => retryJob(caller, params.id));
