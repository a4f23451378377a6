import { createS3VersionRoute } from "@/lib/contracts/repository";
import { handleRoute } from "@/lib/http/handler";
import { createS3Version } from "@/lib/services/repository";

export const POST = handleRoute(createS3VersionRoute, ({ caller, params, body }) =>
  createS3Version(caller, params.namespace, params.name, body),
);
