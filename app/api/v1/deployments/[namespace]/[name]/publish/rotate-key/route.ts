import { rotateKeyRoute } from "@/lib/contracts/publishing";
import { handleRoute } from "@/lib/http/handler";
import { rotateKey } from "@/lib/services/publishing";

export const POST = handleRoute(rotateKeyRoute, ({ caller, params, body, request }) =>
  rotateKey(caller, params.namespace, params.name, { ...body, idempotencyKey: request.headers.get("idempotency-key") ?? undefined }),
);
