import { validateDraftRoute } from "@/lib/contracts/catalog";
import { handleRoute } from "@/lib/http/handler";
import { checkDraft } from "@/lib/services/catalog-check";

export const POST = handleRoute(validateDraftRoute, ({ caller, body }) => checkDraft(caller, body, { yaml: false }));
