import { startDeploymentRoute } from "@/lib/contracts/deployments";
import { handleRoute } from "@/lib/http/handler";
import { startDeployment } from "@/lib/services/deployment-power";

export const POST = handleRoute(startDeploymentRoute, ({ caller, params, query }) =>
  startDeployment(caller, params.namespace, params.name, query),
);
