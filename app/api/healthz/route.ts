import { healthRoute } from "@/lib/contracts/operations";
import { handlePublicRoute } from "@/lib/http/handler";
import { getRuntime } from "@/lib/runtime";

export const dynamic = "force-dynamic";

export const GET = handlePublicRoute(healthRoute, async () => {
  const { cluster, database, config } = getRuntime();
  return { status: "ok" as const, cluster: cluster.kind, database: database.kind, identity: config.identity };
});
