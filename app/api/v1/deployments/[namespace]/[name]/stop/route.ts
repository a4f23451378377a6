import { stopDeploymentRoute } from "@/lib/contracts/deployments";
import { handleRoute } from "@/lib/http/handler";
import { stopDeployment } from "@/lib/services/deployment-power";

export const POST = handleRoute(stopDeploymentRoute, ({ caller, params, query }) =>
  stopDeployment(caller, params.namespace, params.name, query),
);
