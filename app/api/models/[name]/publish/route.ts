import { seedGetPublicationRoute, seedPublishRoute, seedUnpublishRoute, seedUpdatePublicationRoute } from "@/lib/contracts/publishing";
import { handleRoute } from "@/lib/http/handler";
import { getPublication, publishDeployment, seedNamespace, unpublishDeployment, updatePublication } from "@/lib/services/publishing";

export const POST = handleRoute(seedPublishRoute, async ({ caller, params, query, body }) => {
  const namespace = await seedNamespace(caller, query.namespace, body.config.tenantId);
  return { message: "Model published successfully", publishedModel: await publishDeployment(caller, namespace, params.name, body.config) };
});

export const PUT = handleRoute(seedUpdatePublicationRoute, async ({ caller, params, query, body }) => {
  const namespace = await seedNamespace(caller, query.namespace, body.config.tenantId);
  return {
    message: "Published model updated successfully",
    publishedModel: await updatePublication(caller, namespace, params.name, body.config),
  };
});

export const GET = handleRoute(seedGetPublicationRoute, async ({ caller, params, query }) =>
  getPublication(caller, await seedNamespace(caller, query.namespace), params.name),
);

export const DELETE = handleRoute(seedUnpublishRoute, async ({ caller, params, query }) =>
  unpublishDeployment(caller, await seedNamespace(caller, query.namespace), params.name),
);
