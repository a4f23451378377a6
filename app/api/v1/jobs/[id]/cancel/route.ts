import { cancelJobRoute } from "@/lib/contracts/repository";
import { handleRoute } from "@/lib/http/handler";
import { cancelJob } from "@/lib/services/jobs";

export const POST = handleRoute(cancelJobRoute, ({ caller, params }) => cancelJob(caller, params.id));
