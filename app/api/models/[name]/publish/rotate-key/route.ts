import { seedRotateKeyRoute } from "@/lib/contracts/publishing";
import { handleRoute } from "@/lib/http/handler";
import { seedPublishing } from "@/lib/services/publishing";

export const POST = handleRoute(seedRotateKeyRoute, ({ caller, params, query, body, request }) =>
  seedPublishing.rotate(caller, params.name, query.namespace, {
    ...body,
    idempotencyKey: request.headers.get("idempotency-key") ?? undefined,
  }),
);
