import { listResourceProfilesRoute } from "@/lib/contracts/deployments";
import { handleRoute } from "@/lib/http/handler";
import { listResourceProfiles } from "@/lib/services/resource-profiles";

export const GET = handleRoute(listResourceProfilesRoute, () => listResourceProfiles());
