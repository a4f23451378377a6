import { apiHandler } from "@/lib/http/handler";
import { sseResponse } from "@/lib/http/sse";
import { watchDeployments } from "@/lib/services/deployment-watch";

export const dynamic = "force-dynamic";

// Server-sent events: `ready` once the watches are open, then `change` with {type, deployment} per change.
export const GET = apiHandler("/api/v1/deployments/watch", async ({ caller, query, request }) =>
  sseResponse(request, (send, close) =>
    watchDeployments(caller, query.namespace || undefined, {
      onChange: (change) => send("change", change),
      onReady: () => send("ready", {}),
      onEnd: (error) => {
        if (error) send("closed", { error: "The cluster watch ended; reconnect" });
        close();
      },
    }),
  ),
);
