import { deleteDeploymentRoute, getDeploymentRoute, updateDeploymentRoute } from "@/lib/contracts/deployments";
import { handleRoute } from "@/lib/http/handler";
import { deleteDeployment, getDeployment, updateDeployment } from "@/lib/services/deployments";

export const GET = handleRoute(getDeploymentRoute, ({ caller, params }) => getDeployment(caller, params.namespace, params.name));

export const PATCH = handleRoute(updateDeploymentRoute, ({ caller, params, body, query }) =>
  updateDeployment(caller, params.namespace, params.name, body, query),
);

export const DELETE = handleRoute(deleteDeploymentRoute, async ({ caller, params }) => {
  await deleteDeployment(caller, params.namespace, params.name);
  return { deleted: true as const, namespace: params.namespace, name: params.name };
});
