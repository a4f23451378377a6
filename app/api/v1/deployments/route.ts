import { createDeploymentRoute, listDeploymentsRoute } from "@/lib/contracts/deployments";
import { handleRoute } from "@/lib/http/handler";
import { createDeployment, listDeployments } from "@/lib/services/deployments";

export const GET = handleRoute(listDeploymentsRoute, ({ caller, query }) => listDeployments(caller, query));

export const POST = handleRoute(createDeploymentRoute, ({ caller, body, query }) => createDeployment(caller, body, query));
