import { getHubModelRoute } from "@/lib/contracts/hub";
import { handleRoute } from "@/lib/http/handler";
import { getHubModel } from "@/lib/services/hub";

export const GET = handleRoute(getHubModelRoute, ({ caller, params, query }) =>
  getHubModel(caller, `${params.org}/${params.name}`, query.revision),
);
