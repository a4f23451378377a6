import { clusterViewRoute } from "@/lib/contracts/admin";
import { handleRoute } from "@/lib/http/handler";
import { getClusterView } from "@/lib/services/cluster-view";

export const GET = handleRoute(clusterViewRoute, ({ caller }) => getClusterView(caller));
