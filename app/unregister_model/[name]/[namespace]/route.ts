import { apiHandler } from "@/lib/http/handler";
import { unregisterModel } from "@/lib/services/installer";

export const DELETE = apiHandler<{ name: string; namespace: string }>(
  "/unregister_model/{name}/{namespace}",
  async ({ caller, params }) => ({ body: await unregisterModel(caller, params.name, params.namespace) }),
);
