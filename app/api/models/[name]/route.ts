import { deleteManagementModelRoute, getManagementModelRoute, updateManagementModelRoute } from "@/lib/contracts/management-models";
import { handleRoute } from "@/lib/http/handler";
import { deleteManagementModel, getManagementModel, updateManagementModel } from "@/lib/services/management-models";

export const GET = handleRoute(getManagementModelRoute, ({ caller, params, query }) =>
  getManagementModel(caller, params.name, query.namespace),
);

export const PUT = handleRoute(updateManagementModelRoute, ({ caller, params, query, body }) =>
  updateManagementModel(caller, params.name, query.namespace, body),
);

export const DELETE = handleRoute(deleteManagementModelRoute, ({ caller, params, query }) =>
  deleteManagementModel(caller, params.name, query.namespace),
);
