import { deleteRegisteredModelRoute, getRegisteredModelRoute } from "@/lib/contracts/repository";
import { handleRoute } from "@/lib/http/handler";
import { deleteRegisteredModel, getRegisteredModel } from "@/lib/services/repository";

export const GET = handleRoute(getRegisteredModelRoute, ({ caller, params }) => getRegisteredModel(caller, params.namespace, params.name));

export const DELETE = handleRoute(deleteRegisteredModelRoute, ({ caller, params, query }) =>
  deleteRegisteredModel(caller, {
    namespace: params.namespace,
    model_name: params.name,
    delete_artifacts: query.deleteArtifacts,
    force: query.force,
  }),
);
