import { validateApiKeyRoute } from "@/lib/contracts/publishing";
import { handleRoute } from "@/lib/http/handler";
import { validateApiKey } from "@/lib/services/publishing";

export const POST = handleRoute(validateApiKeyRoute, ({ caller, body }) => validateApiKey(caller, body.apiKey));
