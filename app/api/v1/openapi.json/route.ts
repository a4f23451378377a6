import { openApiRoute } from "@/lib/contracts/operations";
import { handlePublicRoute } from "@/lib/http/handler";
import { openApiDocument } from "@/lib/openapi/document";

export const GET = handlePublicRoute(openApiRoute, async () => openApiDocument() as unknown as Record<string, unknown>);
