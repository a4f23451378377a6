import { watchDeploymentsRoute } from "@/lib/contracts/deployments";
import { handleRoute } from "@/lib/http/handler";
import { sseResponse } from "@/lib/http/sse";
import { WATCH_EVENTS } from "@/lib/schemas/deployment-watch";
import { watchDeployments } from "@/lib/services/deployment-watch";

export const dynamic = "force-dynamic";

// The wire format (event names and payloads) is lib/schemas/deployment-watch.ts.
export const GET = handleRoute(watchDeploymentsRoute, async ({ caller, query, request }) =>
  sseResponse(request, (send, close) =>
    watchDeployments(caller, query.namespace || undefined, {
      onChange: (change) => send(WATCH_EVENTS.change, change),
      onReady: () => send(WATCH_EVENTS.ready, {}),
      onEnd: (end) => {
        send(WATCH_EVENTS.closed, end);
        close();
      },
    }),
  ),
);
