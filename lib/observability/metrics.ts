// Prometheus metrics: one registry per process, whichever bundle asks first creates it.
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { processSingleton } from "@/lib/runtime";

export interface Metrics {
  registry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method">;
  kubernetesCalls: Counter<"verb" | "resource">;
  kubernetesErrors: Counter<"verb" | "resource" | "code">;
}

/** This bundle's handle on the process's metrics (the singleton never changes once made): one lookup, not one a call. */
let metrics: Metrics | undefined;

export function getMetrics(): Metrics {
  return (metrics ??= createMetrics());
}

function createMetrics(): Metrics {
  return processSingleton("metrics", () => {
    const registry = new Registry();
    // The event loop's lag is sampled every 100 ms, not prom-client's default 10 ms: each sample wakes an idle process,
    // and on a VM a hundred wake-ups a second cost an idle replica 5–10 ms of CPU every second.
    collectDefaultMetrics({ register: registry, prefix: "modelport_", eventLoopMonitoringPrecision: 100 });
    return {
      registry,
      httpRequests: new Counter({
        name: "modelport_http_requests_total",
        help: "HTTP requests by route pattern, method and status",
        labelNames: ["route", "method", "status"],
        registers: [registry],
      }),
      httpDuration: new Histogram({
        name: "modelport_http_request_duration_seconds",
        help: "HTTP request duration by route pattern and method",
        labelNames: ["route", "method"],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers: [registry],
      }),
      kubernetesCalls: new Counter({
        name: "modelport_kubernetes_api_calls_total",
        help: "Calls to the Kubernetes API by verb and resource",
        labelNames: ["verb", "resource"],
        registers: [registry],
      }),
      kubernetesErrors: new Counter({
        name: "modelport_kubernetes_api_errors_total",
        help: "Failed calls to the Kubernetes API by verb, resource and HTTP code (0 = no answer)",
        labelNames: ["verb", "resource", "code"],
        registers: [registry],
      }),
    };
  });
}
