import { deleteModelVersionRoute, getModelVersionRoute } from "@/lib/contracts/repository";
import { handleRoute } from "@/lib/http/handler";
import { deleteRegisteredModel, getModelVersion } from "@/lib/services/repository";

export const GET = handleRoute(getModelVersionRoute, ({ caller, params }) =>
  getModelVersion(caller, params.namespace, params.name, params.version),
);

export const DELETE = handleRoute(deleteModelVersionRoute, ({ caller, params, query }) =>
  deleteRegisteredModel(caller, {
    namespace: params.namespace,
    model_name: params.name,
    version: params.version,
    delete_artifacts: query.deleteArtifacts,
    force: query.force,
  }),
);
