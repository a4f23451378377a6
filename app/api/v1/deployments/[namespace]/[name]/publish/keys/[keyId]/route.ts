import { revokeKeyRoute } from "@/lib/contracts/publishing";
import { handleRoute } from "@/lib/http/handler";
import { revokeKey } from "@/lib/services/publishing";

export const DELETE = handleRoute(revokeKeyRoute, ({ caller, params }) => revokeKey(caller, params.namespace, params.name, params.keyId));
