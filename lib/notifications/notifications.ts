// Webhook notifications: the events Modelport tells operators about, their one wire shape, and the process-wide
// notify() that queues them for delivery without ever making its caller wait for, or fail because of, the network.
import { randomUUID } from "node:crypto";
import type { Config } from "@/lib/config";
import { logger } from "@/lib/observability/logger";
import { processSingleton } from "@/lib/runtime";
import { EdgeGuard } from "./edge-guard";
import { severityOf, summaryOf, withSafeText } from "./notification-text";
import { webhookTargetOf } from "./webhook-body";
import { WebhookNotifier, type DeliveryOptions } from "./webhook-notifier";

/** A deployment's status turned Failed. */
export interface DeploymentFailedEvent {
  kind: "deployment.failed";
  tenant: string;
  deployment: { namespace: string; name: string; backend?: string };
  /** A short machine-ish reason (`CrashLoopBackOff`, `InsufficientGPU`). */
  reason: string;
  message: string;
}

/** A background import job failed for good (after its own retries). */
export interface ImportFailedEvent {
  kind: "import.failed";
  tenant: string;
  job: { id: string; kind?: string };
  /** Where the weights came from, as shown to users (`hf://org/model`, `s3://bucket/prefix`). */
  source?: string;
  error: string;
}

/** Weights storage is used past PVC_ALERT_THRESHOLD. Bytes, and the used share (0–1). */
export interface StorageThresholdEvent {
  kind: "storage.threshold";
  storage: string;
  used: number;
  capacity: number;
  ratio: number;
  threshold: number;
}

/** A tenant reached one of its limits: numbers for counts, Kubernetes quantities (`"32Gi"`) as written. */
export interface QuotaReachedEvent {
  kind: "quota.reached";
  tenant: string;
  resource: string;
  used: number | string;
  hard: number | string;
}

export type NotificationEvent = DeploymentFailedEvent | ImportFailedEvent | StorageThresholdEvent | QuotaReachedEvent;
export type NotificationKind = NotificationEvent["kind"];
export type Severity = "warning" | "critical";

/** What a receiver gets (the generic JSON body is exactly this). `id` is the same on every retry, for de-duplication. */
export type Notification = { id: string; at: string; severity: Severity; summary: string } & NotificationEvent;

export function createNotification(event: NotificationEvent, now: Date = new Date()): Notification {
  const safe = withSafeText(event);
  // Object.assign keeps `kind` second, where a receiver reading the JSON looks first.
  return Object.assign(
    { id: randomUUID(), kind: safe.kind, at: now.toISOString(), severity: severityOf(safe), summary: summaryOf(safe) },
    safe,
  );
}

/** The two settings that say where notifications go (the rest of the configuration is not needed). */
export type NotificationSettings = Pick<Config, "NOTIFY_WEBHOOK_URL" | "SLACK_WEBHOOK_URL">;

interface NotificationSlot {
  notifier?: WebhookNotifier;
  edges: EdgeGuard;
}

// On globalThis: the custom server starts notifications, and Next's bundles (their own copy of this module) notify.
function slot(): NotificationSlot {
  return processSingleton("notifications", (): NotificationSlot => ({ edges: new EdgeGuard() }));
}

/** Start-up: notifications go to the configured webhook from now on (nowhere when neither URL is set). */
export function startNotifications(settings: NotificationSettings, options: Partial<DeliveryOptions> = {}): void {
  const current = slot();
  const previous = current.notifier;
  const target = webhookTargetOf(settings);
  current.notifier = target ? new WebhookNotifier(target, options) : undefined;
  current.edges = new EdgeGuard();
  if (previous) void previous.close();
  if (current.notifier) logger.info("notifications go to a webhook", { target: current.notifier.host, format: target?.format });
}

/** Queues a notification and returns at once; never throws, whatever the event or the webhook. */
export function notify(event: NotificationEvent): void {
  try {
    const notifier = slot().notifier;
    if (!notifier) {
      logger.debug("notification not sent: no webhook configured", { kind: event.kind });
      return;
    }
    notifier.enqueue(createNotification(event));
  } catch (error) {
    logger.warn("notification not queued", { kind: event?.kind, error: error instanceof Error ? error.message : String(error) });
  }
}

export interface EdgeOptions {
  /** After firing, the same key stays quiet this long even if its condition clears and returns (flapping). */
  quietMs?: number;
}

/**
 * For conditions checked again and again (storage above its threshold, a tenant at its quota): notifies when the
 * condition under `key` becomes true, not while it stays true, and re-arms once it is false again. Returns whether it
 * notified. Each process keeps its own edges, so a restart (or every replica) reports a condition still true once.
 */
export function notifyOnEdge(
  key: string,
  isActive: boolean,
  event: NotificationEvent | (() => NotificationEvent),
  options: EdgeOptions = {},
): boolean {
  try {
    if (!slot().edges.update(key, isActive, options.quietMs)) return false;
    notify(typeof event === "function" ? event() : event);
    return true;
  } catch (error) {
    logger.warn("notification not queued", { key, error: error instanceof Error ? error.message : String(error) });
    return false;
  }
}

/** The runtime is stopping: delivers what is queued until the deadline, then drops the rest; later notify() calls are ignored. */
export async function stopNotifications(deadlineMs?: number): Promise<void> {
  const current = slot();
  const notifier = current.notifier;
  current.notifier = undefined;
  current.edges = new EdgeGuard();
  await notifier?.close(deadlineMs);
}
