import { seedGetPublicationRoute, seedPublishRoute, seedUnpublishRoute, seedUpdatePublicationRoute } from "@/lib/contracts/publishing";
import { handleRoute } from "@/lib/http/handler";
import { seedPublishing } from "@/lib/services/publishing";

export const POST = handleRoute(seedPublishRoute, ({ caller, params, query, body }) =>
  seedPublishing.publish(caller, params.name, query.namespace, body.config),
);

export const PUT = handleRoute(seedUpdatePublicationRoute, ({ caller, params, query, body }) =>
  seedPublishing.update(caller, params.name, query.namespace, body.config),
);

export const GET = handleRoute(seedGetPublicationRoute, ({ caller, params, query }) =>
  seedPublishing.get(caller, params.name, query.namespace),
);

export const DELETE = handleRoute(seedUnpublishRoute, ({ caller, params, query }) =>
  seedPublishing.unpublish(caller, params.name, query.namespace),
);
