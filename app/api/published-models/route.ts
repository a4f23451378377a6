import { seedListPublishedRoute } from "@/lib/contracts/publishing";
import { handleRoute } from "@/lib/http/handler";
import { listPublications } from "@/lib/services/publishing";

export const GET = handleRoute(seedListPublishedRoute, ({ caller }) => listPublications(caller));
