import { apiHandler } from "@/lib/http/handler";
import { deleteDeployment, getDeployment, updateDeployment } from "@/lib/services/deployments";

type Params = { namespace: string; name: string };
const ROUTE = "/api/v1/deployments/{namespace}/{name}";

export const GET = apiHandler<Params>(ROUTE, async ({ caller, params }) => ({
  body: await getDeployment(caller, params.namespace, params.name),
}));

export const PATCH = apiHandler<Params>(ROUTE, async ({ caller, params, json }) => ({
  body: await updateDeployment(caller, params.namespace, params.name, await json()),
}));

export const DELETE = apiHandler<Params>(ROUTE, async ({ caller, params }) => {
  await deleteDeployment(caller, params.namespace, params.name);
  return { body: { deleted: true, namespace: params.namespace, name: params.name } };
});
