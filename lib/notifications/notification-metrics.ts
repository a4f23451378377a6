// Notification counters by kind, on the process's one metrics registry (served at /metrics).
import { Counter } from "prom-client";
import { getMetrics } from "@/lib/observability/metrics";
import { processSingleton } from "@/lib/runtime";

export type DropReason = "overflow" | "stopped";

export interface NotificationMetrics {
  sent: Counter<"kind">;
  /** Given up: a final answer (4xx other than 429) or every attempt failed. */
  failed: Counter<"kind">;
  /** Never attempted to the end: pushed out of a full queue, or still queued when notifications stopped. */
  dropped: Counter<"kind" | "reason">;
}

export function getNotificationMetrics(): NotificationMetrics {
  return processSingleton("notification-metrics", () => {
    const { registry } = getMetrics();
    return {
      sent: new Counter({
        name: "modelport_notifications_sent_total",
        help: "Webhook notifications the receiver accepted, by kind",
        labelNames: ["kind"],
        registers: [registry],
      }),
      failed: new Counter({
        name: "modelport_notifications_failed_total",
        help: "Webhook notifications given up after a final refusal or the last retry, by kind",
        labelNames: ["kind"],
        registers: [registry],
      }),
      dropped: new Counter({
        name: "modelport_notifications_dropped_total",
        help: "Webhook notifications dropped undelivered, by kind and reason (overflow: queue full; stopped: shutting down)",
        labelNames: ["kind", "reason"],
        registers: [registry],
      }),
    };
  });
}
