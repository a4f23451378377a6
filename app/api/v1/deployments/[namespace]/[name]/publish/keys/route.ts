import { createKeyRoute, listKeysRoute } from "@/lib/contracts/publishing";
import { handleRoute } from "@/lib/http/handler";
import { createKey, listKeys } from "@/lib/services/publishing";

export const GET = handleRoute(listKeysRoute, ({ caller, params }) => listKeys(caller, params.namespace, params.name));

export const POST = handleRoute(createKeyRoute, ({ caller, params, body }) => createKey(caller, params.namespace, params.name, body));
