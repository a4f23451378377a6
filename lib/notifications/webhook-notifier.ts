// Delivers notifications to one webhook in order, from a bounded in-process queue, retrying with back-off; the
// only code here that touches the network. Logs name the webhook's host only: a Slack URL's path is its secret.
import { logger } from "@/lib/observability/logger";
import {
  describeRequestError,
  outcomeOfStatus,
  retryDelayMs,
  withoutUrlSecrets,
  type AttemptOutcome,
  type RetryTimings,
} from "./delivery-policy";
import { getNotificationMetrics } from "./notification-metrics";
import type { Notification } from "./notifications";
import { webhookBody, type WebhookTarget } from "./webhook-body";

export interface DeliveryOptions extends RetryTimings {
  /** One request's limit, its answer's body included. */
  timeoutMs: number;
  /** Attempts per notification, the first included. */
  maxAttempts: number;
  /** Notifications waiting (the one being delivered not counted); a new one pushes out the oldest. */
  queueSize: number;
  /** How long close() keeps delivering what is queued when not told otherwise. */
  stopDeadlineMs: number;
}

// 1 s, 2 s, 4 s, 8 s, 16 s between six attempts: a receiver down for half a minute still gets everything.
export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  timeoutMs: 5000,
  maxAttempts: 6,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 300_000,
  queueSize: 100,
  stopDeadlineMs: 5000,
};

const OVERFLOW_LOG_INTERVAL_MS = 10_000;
// Enough of a refusal's body to show why (Slack answers `invalid_payload`, `no_service`), never a whole page.
const ANSWER_EXCERPT_BYTES = 200;

export class WebhookNotifier {
  /** The webhook's host, the only part of its URL that may be logged. */
  readonly host: string;
  private readonly options: DeliveryOptions;
  private readonly queue: Notification[] = [];
  /** Aborted at close()'s deadline: ends the request in flight and any back-off. */
  private readonly stopping = new AbortController();
  private draining?: Promise<void>;
  private isClosed = false;
  private droppedAtStop = 0;
  private overflow = { loggedAt: 0, unlogged: 0 };

  constructor(
    private readonly target: WebhookTarget,
    options: Partial<DeliveryOptions> = {},
  ) {
    // A bad URL fails here, at start-up, and never in notify().
    this.host = new URL(target.url).host;
    this.options = { ...DEFAULT_DELIVERY_OPTIONS, ...options };
  }

  /** Queues a notification and starts delivering if idle; returns at once. */
  enqueue(notification: Notification): void {
    if (this.isClosed) {
      getNotificationMetrics().dropped.inc({ kind: notification.kind, reason: "stopped" });
      logger.debug("notification dropped: notifications are stopped", { id: notification.id, kind: notification.kind });
      return;
    }
    if (this.queue.length >= this.options.queueSize) {
      const oldest = this.queue.shift();
      if (oldest) this.dropForOverflow(oldest);
    }
    this.queue.push(notification);
    this.kick();
  }

  /** Resolves once everything queued so far is delivered or given up. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Takes no more notifications, delivers what is queued until the deadline, then drops the rest. */
  async close(deadlineMs: number = this.options.stopDeadlineMs): Promise<void> {
    this.isClosed = true;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)));
    await Promise.race([this.idle(), deadline]);
    clearTimeout(timer);
    if (this.draining) {
      this.stopping.abort();
      await this.idle();
    }
    for (const left of this.queue.splice(0)) this.dropAtStop(left);
    if (this.droppedAtStop > 0) {
      logger.warn("notifications dropped undelivered at stop", { count: this.droppedAtStop, target: this.host, deadlineMs });
    }
  }

  private kick(): void {
    if (this.draining || this.stopping.signal.aborted) return;
    // From the next turn of the event loop: building and starting the request is no work for notify()'s caller.
    const nextTurn = new Promise<void>((resolve) => setImmediate(resolve));
    this.draining = nextTurn
      .then(() => this.drain())
      .finally(() => {
        this.draining = undefined;
        if (this.queue.length > 0) this.kick();
      });
  }

  private async drain(): Promise<void> {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      if (this.stopping.signal.aborted) this.dropAtStop(next);
      else await this.deliver(next).catch((error: unknown) => this.logUnexpected(next, error));
    }
  }

  private async deliver(notification: Notification): Promise<void> {
    const metrics = getNotificationMetrics();
    const { id, kind } = notification;
    const body = JSON.stringify(webhookBody(notification, this.target.format));
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(body);
      if (outcome.delivered) {
        metrics.sent.inc({ kind });
        logger.debug("notification delivered", { id, kind, target: this.host, attempts: attempt });
        return;
      }
      if (this.stopping.signal.aborted) return this.dropAtStop(notification);
      if (!outcome.retryable || attempt >= this.options.maxAttempts) {
        metrics.failed.inc({ kind });
        logger.warn("notification not delivered", { id, kind, target: this.host, attempts: attempt, reason: outcome.reason });
        return;
      }
      const delayMs = retryDelayMs(attempt, outcome.retryAfterMs, this.options);
      logger.debug("notification will be retried", { id, kind, target: this.host, attempt, reason: outcome.reason, delayMs });
      await sleep(delayMs, this.stopping.signal);
      if (this.stopping.signal.aborted) return this.dropAtStop(notification);
    }
  }

  private async attempt(body: string): Promise<AttemptOutcome> {
    try {
      const response = await fetch(this.target.url, {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "Modelport" },
        body,
        // A webhook that redirects is misconfigured: the notification is not sent on to another address.
        redirect: "manual",
        signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(this.options.timeoutMs)]),
      });
      const outcome = outcomeOfStatus(response.status, response.headers.get("retry-after"));
      if (outcome.delivered) {
        await response.body?.cancel().catch(() => undefined);
        return outcome;
      }
      const excerpt = withoutUrlSecrets(await answerExcerpt(response), this.target.url);
      return excerpt ? { ...outcome, reason: `${outcome.reason}: ${excerpt}` } : outcome;
    } catch (error) {
      return { delivered: false, retryable: true, reason: describeRequestError(error, this.target.url, this.options.timeoutMs) };
    }
  }

  private dropForOverflow(notification: Notification): void {
    getNotificationMetrics().dropped.inc({ kind: notification.kind, reason: "overflow" });
    this.overflow.unlogged += 1;
    // One line per interval however many are dropped: a storm of events must not become a storm of logs.
    if (Date.now() - this.overflow.loggedAt < OVERFLOW_LOG_INTERVAL_MS) return;
    logger.warn("notification queue full: dropped the oldest", {
      id: notification.id,
      kind: notification.kind,
      dropped: this.overflow.unlogged,
      queueSize: this.options.queueSize,
      target: this.host,
    });
    this.overflow = { loggedAt: Date.now(), unlogged: 0 };
  }

  private dropAtStop(notification: Notification): void {
    getNotificationMetrics().dropped.inc({ kind: notification.kind, reason: "stopped" });
    this.droppedAtStop += 1;
  }

  private logUnexpected(notification: Notification, error: unknown): void {
    getNotificationMetrics().failed.inc({ kind: notification.kind });
    const message = withoutUrlSecrets(error instanceof Error ? error.message : String(error), this.target.url);
    logger.error("notification delivery failed unexpectedly", { id: notification.id, kind: notification.kind, error: message });
  }
}

/** The start of a refusal's body as one line; empty when there is none or it cannot be read. */
async function answerExcerpt(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < ANSWER_EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // An answer cut short still says what it managed to.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const text = Buffer.concat(chunks).toString("utf8", 0, Math.min(size, ANSWER_EXCERPT_BYTES));
  return text.replace(/\s+/g, " ").trim();
}

/** Waits `ms`, or less when `signal` aborts; never keeps the process alive on its own. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref?.();
    signal.addEventListener("abort", done, { once: true });
  });
}
