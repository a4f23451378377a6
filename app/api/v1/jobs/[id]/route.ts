import { getJobRoute } from "@/lib/contracts/repository";
import { handleRoute } from "@/lib/http/handler";
import { getJobView } from "@/lib/services/jobs";

export const GET = handleRoute(getJobRoute, ({ caller, params }) => getJobView(caller, params.id));
