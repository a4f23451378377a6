import { deploymentHistoryRoute } from "@/lib/contracts/deployments";
import { handleRoute } from "@/lib/http/handler";
import { getDeploymentHistory } from "@/lib/services/history";

export const GET = handleRoute(deploymentHistoryRoute, ({ caller, params, query }) =>
  getDeploymentHistory(caller, params.namespace, params.name, query.limit),
);
