// What each notification says: its severity, its one-line summary and its labelled details (pure, per kind).
import { redactLogFields } from "@/lib/observability/logger";
import type { Notification, NotificationEvent, Severity } from "./notifications";

// Storage this full is critical whatever the threshold: writes start failing soon after.
const CRITICAL_STORAGE_RATIO = 0.95;
const MAX_TEXT = 1000;
const MAX_TEXT_IN_SUMMARY = 300;

export function severityOf(event: NotificationEvent): Severity {
  switch (event.kind) {
    case "deployment.failed":
      return "critical";
    case "import.failed":
    case "quota.reached":
      return "warning";
    case "storage.threshold":
      return event.ratio >= CRITICAL_STORAGE_RATIO ? "critical" : "warning";
    default:
      return unknownKind(event);
  }
}

export function summaryOf(event: NotificationEvent): string {
  switch (event.kind) {
    case "deployment.failed": {
      const { namespace, name, backend } = event.deployment;
      const detail = event.message ? `${event.reason}: ${truncate(event.message, MAX_TEXT_IN_SUMMARY)}` : event.reason;
      return `Deployment ${namespace}/${name}${backend ? ` (${backend})` : ""} of tenant ${event.tenant} failed: ${detail}`;
    }
    case "import.failed":
      return `Import ${event.job.id}${event.source ? ` of ${event.source}` : ""} for tenant ${event.tenant} failed: ${truncate(event.error, MAX_TEXT_IN_SUMMARY)}`;
    case "storage.threshold":
      return `Weights storage ${event.storage} is ${percent(event.ratio)} full (${formatBytes(event.used)} of ${formatBytes(event.capacity)}; alerts from ${percent(event.threshold)})`;
    case "quota.reached":
      return `Tenant ${event.tenant} reached its ${event.resource} quota (${event.used} of ${event.hard})`;
    default:
      return unknownKind(event);
  }
}

/** The event's fields as labelled lines, for receivers that show a table (Slack's fields). */
export function detailsOf(notification: Notification): Array<{ label: string; value: string }> {
  const pairs = ((): Array<[string, string | number | undefined]> => {
    switch (notification.kind) {
      case "deployment.failed": {
        const { namespace, name, backend } = notification.deployment;
        return [
          ["Tenant", notification.tenant],
          ["Deployment", `${namespace}/${name}`],
          ["Backend", backend],
          ["Reason", notification.reason],
          ["Message", notification.message],
        ];
      }
      case "import.failed":
        return [
          ["Tenant", notification.tenant],
          ["Job", notification.job.kind ? `${notification.job.id} (${notification.job.kind})` : notification.job.id],
          ["Source", notification.source],
          ["Error", notification.error],
        ];
      case "storage.threshold":
        return [
          ["Storage", notification.storage],
          ["Used", `${formatBytes(notification.used)} of ${formatBytes(notification.capacity)}`],
          ["Share used", percent(notification.ratio)],
          ["Threshold", percent(notification.threshold)],
        ];
      case "quota.reached":
        return [
          ["Tenant", notification.tenant],
          ["Resource", notification.resource],
          ["Used", notification.used],
          ["Limit", notification.hard],
        ];
      default:
        return unknownKind(notification);
    }
  })();
  return pairs.filter(([, value]) => value !== undefined && value !== "").map(([label, value]) => ({ label, value: String(value) }));
}

/**
 * The event with its free text bounded and stripped of what must not leave the process: credentials after
 * Bearer/Basic, and user, password and query of a source given as a URL (a presigned S3 URL's signature).
 */
export function withSafeText(event: NotificationEvent): NotificationEvent {
  switch (event.kind) {
    case "deployment.failed":
      return { ...event, reason: safeText(event.reason), message: safeText(event.message) };
    case "import.failed":
      return { ...event, error: safeText(event.error), ...(event.source === undefined ? {} : { source: safeSource(event.source) }) };
    case "storage.threshold":
    case "quota.reached":
      return { ...event };
    default:
      return unknownKind(event);
  }
}

function safeText(text: string): string {
  return truncate(String(redactLogFields(text)), MAX_TEXT);
}

function safeSource(source: string): string {
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return safeText(source);
  }
  if (!url.username && !url.password && !url.search) return safeText(source);
  url.username = "";
  url.password = "";
  url.search = "";
  return safeText(url.toString());
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : Number(value.toFixed(1))} ${units[unit]}`;
}

function unknownKind(event: never): never {
  throw new Error(`unknown notification kind ${JSON.stringify((event as { kind?: unknown }).kind)}`);
}
