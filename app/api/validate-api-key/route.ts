import { seedValidateApiKeyRoute } from "@/lib/contracts/publishing";
import { handleRoute } from "@/lib/http/handler";
import { validateApiKey } from "@/lib/services/publishing";

export const POST = handleRoute(seedValidateApiKeyRoute, ({ caller, body }) => validateApiKey(caller, body.apiKey));
