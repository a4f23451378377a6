import { seedAdminTenantsRoute } from "@/lib/contracts/admin";
import { handleRoute } from "@/lib/http/handler";
import { listSeedTenants } from "@/lib/services/cluster-view";

export const GET = handleRoute(seedAdminTenantsRoute, ({ caller }) => listSeedTenants(caller));
