import { profileRecommendationsRoute } from "@/lib/contracts/sizing";
import { handleRoute } from "@/lib/http/handler";
import { profileRecommendations } from "@/lib/services/sizing";

export const GET = handleRoute(profileRecommendationsRoute, ({ params }) => profileRecommendations(params.profile));
