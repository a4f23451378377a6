import { seedRotateKeyRoute } from "@/lib/contracts/publishing";
import { handleRoute } from "@/lib/http/handler";
import { rotateKey, seedNamespace } from "@/lib/services/publishing";

export const POST = handleRoute(seedRotateKeyRoute, async ({ caller, params, query, body, request }) =>
  rotateKey(caller, await seedNamespace(caller, query.namespace), params.name, {
    ...body,
    idempotencyKey: request.headers.get("idempotency-key") ?? undefined,
  }),
);
