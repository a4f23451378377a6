// What a MODELPORT_ROLE=worker process serves: its liveness and readiness probes, nothing else.
import type { IncomingMessage, ServerResponse } from "node:http";
import { checkReadiness } from "@/lib/services/readiness";

export function createWorkerListener() {
  return (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? "/").split("?")[0];
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
      response.end(JSON.stringify(body));
    };
    if (request.method !== "GET" && request.method !== "HEAD") return reply(405, { error: "Method not allowed" });
    if (path === "/api/healthz") return reply(200, { status: "ok", role: "worker" });
    if (path === "/api/readyz") {
      checkReadiness()
        .then((readiness) => reply(readiness.ready ? 200 : 503, readiness))
        .catch((error: unknown) => reply(503, { ready: false, error: String(error) }));
      return;
    }
    reply(404, { error: "A worker serves only /api/healthz and /api/readyz" });
  };
}
