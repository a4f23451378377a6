import { publicationUsageRoute } from "@/lib/contracts/publishing";
import { handleRoute } from "@/lib/http/handler";
import { getPublicationUsage } from "@/lib/services/publishing";

export const GET = handleRoute(publicationUsageRoute, ({ caller, params, query }) =>
  getPublicationUsage(caller, params.namespace, params.name, query.days),
);
