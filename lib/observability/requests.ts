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

interface Series {
  count(): void;
  observe(seconds: number): void;
}

/** Each route, method and status's metric children, found once (prom-client hashes the labels on every call). */
const SERIES = new WeakMap<ReturnType<typeof getMetrics>, Map<string, Series>>();

function seriesOf(request: FinishedRequest): Series {
  const metrics = getMetrics();
  let known = SERIES.get(metrics);
  if (!known) SERIES.set(metrics, (known = new Map()));
  const key = `${request.route} ${request.method} ${request.status}`;
  let series = known.get(key);
  if (!series) {
    const counter = metrics.httpRequests.labels(request.route, request.method, String(request.status));
    const histogram = metrics.httpDuration.labels(request.route, request.method);
    series = { count: () => counter.inc(), observe: (seconds) => histogram.observe(seconds) };
    // Routes are patterns, so the keys are few; a flood of odd statuses cannot grow this without bound.
    if (known.size > 5000) known.clear();
    known.set(key, series);
  }
  return series;
}

export function recordRequest(request: FinishedRequest): void {
  const series = seriesOf(request);
  series.count();
  series.observe(request.seconds);
  const level = request.quiet && request.status < 400 ? "debug" : "info";
  if (!logger.enabled(level)) return;
  logger[level]("request", {
    requestId: request.requestId,
    method: request.method,
    route: request.route,
    status: request.status,
    ms: Math.round(request.seconds * 1000),
    caller: request.caller,
    ...request.extra,
  });
}
