import { getPublicationRoute, publishDeploymentRoute, unpublishDeploymentRoute, updatePublicationRoute } from "@/lib/contracts/publishing";
import { handleRoute } from "@/lib/http/handler";
import { getPublication, publishDeployment, unpublishDeployment, updatePublication } from "@/lib/services/publishing";

export const POST = handleRoute(publishDeploymentRoute, ({ caller, params, body }) =>
  publishDeployment(caller, params.namespace, params.name, body),
);

export const PUT = handleRoute(updatePublicationRoute, ({ caller, params, body }) =>
  updatePublication(caller, params.namespace, params.name, body),
);

export const GET = handleRoute(getPublicationRoute, ({ caller, params }) => getPublication(caller, params.namespace, params.name));

export const DELETE = handleRoute(unpublishDeploymentRoute, ({ caller, params }) =>
  unpublishDeployment(caller, params.namespace, params.name),
);
