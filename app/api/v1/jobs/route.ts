import { listJobsRoute } from "@/lib/contracts/repository";
import { handleRoute } from "@/lib/http/handler";
import { listJobs } from "@/lib/services/jobs";

export const GET = handleRoute(listJobsRoute, ({ caller, query }) => listJobs(caller, query));
