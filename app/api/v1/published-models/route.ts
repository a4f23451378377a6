import { listPublishedModelsRoute } from "@/lib/contracts/publishing";
import { handleRoute } from "@/lib/http/handler";
import { listPublications } from "@/lib/services/publishing";

export const GET = handleRoute(listPublishedModelsRoute, ({ caller }) => listPublications(caller));
