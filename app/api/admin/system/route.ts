import { seedAdminSystemRoute } from "@/lib/contracts/admin";
import { handleRoute } from "@/lib/http/handler";
import { getSeedSystem } from "@/lib/services/cluster-view";

export const GET = handleRoute(seedAdminSystemRoute, ({ caller }) => getSeedSystem(caller));
