// What every HTTP request leaves behind, on both of the server's paths (Next's route handlers and the gateway's fast
// path): a request id (the client's, when it is a sane one), a count and a duration in the metrics, and a log line.
import { randomUUID } from "node:crypto";
import { logger } from "./logger";
import { getMetrics } from "./metrics";

/** The client's X-Request-Id when it is a plain token of sensible length, else a new one. */
export function requestIdFrom(offered: string | null | undefined): string {
  return offered && /^[\w.-]{1,128}$/.test(offered) ? offered : randomUUID();
}

export interface FinishedRequest {
  requestId: string;
  method: string;
  /** The route's pattern (e.g. `/api/v1/deployments/{namespace}`), not the path, so metrics stay few. */
  route: string;
  status: number;
  seconds: number;
  caller?: string;
  /** Successes go to the debug log (probes, polling). */
  quiet?: boolean;
  /** More fields for the log line. */
  extra?: Record<string, unknown>;
}

export function recordRequest(request: FinishedRequest): void {
  const metrics = getMetrics();
  metrics.httpRequests.inc({ route: request.route, method: request.method, status: String(request.status) });
  metrics.httpDuration.observe({ route: request.route, method: request.method }, request.seconds);
  const log = request.quiet && request.status < 400 ? logger.debug : logger.info;
  log("request", {
    requestId: request.requestId,
    method: request.method,
    route: request.route,
    status: request.status,
    ms: Math.round(request.seconds * 1000),
    caller: request.caller,
    ...request.extra,
  });
}
