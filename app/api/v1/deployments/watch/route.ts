import { watchDeploymentsRoute } from "@/lib/contracts/deployments";
import { handleRoute } from "@/lib/http/handler";
import { sseResponse } from "@/lib/http/sse";
import { watchDeployments } from "@/lib/services/deployment-watch";

export const dynamic = "force-dynamic";

// Server-sent events: `ready` once the watches are open, then `change` with {type, deployment} per change.
export const GET = handleRoute(watchDeploymentsRoute, async ({ caller, query, request }) =>
  sseResponse(request, (send, close) =>
    watchDeployments(caller, query.namespace || undefined, {
      onChange: (change) => send("change", change),
      onReady: () => send("ready", {}),
      onEnd: (end) => {
        send("closed", end);
        close();
      },
    }),
  ),
);
