import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Counter } from "prom-client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseConfig } from "@/lib/config";
import { setLogLevel } from "@/lib/observability/logger";
import { outcomeOfStatus, parseRetryAfter, retryDelayMs, describeRequestError } from "./delivery-policy";
import { EdgeGuard } from "./edge-guard";
import { getNotificationMetrics } from "./notification-metrics";
import {
  createNotification,
  notify,
  notifyOnEdge,
  startNotifications,
  stopNotifications,
  type NotificationEvent,
  type QuotaReachedEvent,
} from "./notifications";
import { isSlackWebhookUrl, slackMessage, webhookBody, webhookTargetOf, type SlackMessage } from "./webhook-body";
import { WebhookNotifier, type DeliveryOptions } from "./webhook-notifier";

// Back-off in tens of milliseconds so retries take no time here; Retry-After is still honoured as sent.
const FAST: Partial<DeliveryOptions> = { baseDelayMs: 20, maxDelayMs: 100, timeoutMs: 2000, maxAttempts: 4 };
const SECRET_PATH = "/services/T000/B000/s3cr3tPath";
const SECRET_QUERY = "token=q5ecret";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const deploymentFailed: NotificationEvent = {
  kind: "deployment.failed",
  tenant: "tenant-a",
  deployment: { namespace: "tenant-a", name: "llama-8b", backend: "kubeai" },
  reason: "CrashLoopBackOff",
  message: "container vllm exited with code 1",
};

const quota = (used: number): QuotaReachedEvent => ({ kind: "quota.reached", tenant: "tenant-b", resource: "deployments", used, hard: 5 });

interface Received {
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  path: string;
  at: number;
}

interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
  /** Closes the connection without an answer. */
  hangUp?: boolean;
}

interface Receiver {
  url: string;
  received: Received[];
  waitFor(count: number): Promise<void>;
  close(): Promise<void>;
}

/** A real webhook receiver on a free port; `reply` answers the n-th request (0-based). */
async function startReceiver(reply: (index: number) => Reply = () => ({})): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const index = received.length;
      received.push({
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
        headers: request.headers,
        path: request.url ?? "",
        at: Date.now(),
      });
      const answer = reply(index);
      if (answer.hangUp) return void request.socket.destroy();
      const send = () => response.writeHead(answer.status ?? 200, answer.headers).end(answer.body ?? "ok");
      if (!answer.delayMs) return void send();
      const timer = setTimeout(send, answer.delayMs);
      response.on("close", () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${SECRET_PATH}?${SECRET_QUERY}`,
    received,
    async waitFor(count) {
      const until = Date.now() + 5000;
      while (received.length < count && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(received.length).toBeGreaterThanOrEqual(count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function countOf(counter: Counter<string>, labels: Record<string, string>): Promise<number> {
  const { values } = await counter.get();
  return values
    .filter((value) => Object.entries(labels).every(([key, label]) => value.labels[key] === label))
    .reduce((sum, value) => sum + value.value, 0);
}

const receivers: Receiver[] = [];
const notifiers: WebhookNotifier[] = [];
let logLines: string[] = [];

async function receiver(reply?: (index: number) => Reply): Promise<Receiver> {
  const started = await startReceiver(reply);
  receivers.push(started);
  return started;
}

function notifier(url: string, options: Partial<DeliveryOptions> = {}, format: "slack" | "generic" = "generic"): WebhookNotifier {
  const created = new WebhookNotifier({ url, format }, { ...FAST, ...options });
  notifiers.push(created);
  return created;
}

beforeEach(() => {
  logLines = [];
  setLogLevel("debug");
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
      logLines.push(String(chunk));
      return true;
    });
  }
});

afterEach(async () => {
  await stopNotifications(0);
  await Promise.all(notifiers.splice(0).map((created) => created.close(0)));
  await Promise.all(receivers.splice(0).map((started) => started.close()));
  vi.restoreAllMocks();
  setLogLevel("info");
});

describe("notifications", () => {
  it("posts the generic JSON body: id, kind, time, severity, summary and the event's own fields", async () => {
    const hook = await receiver();
    startNotifications({ NOTIFY_WEBHOOK_URL: hook.url, SLACK_WEBHOOK_URL: undefined }, FAST);
    notify(deploymentFailed);
    await hook.waitFor(1);
    const [{ body, headers, path }] = hook.received;
    expect(headers["content-type"]).toBe("application/json");
    expect(path).toBe(`${SECRET_PATH}?${SECRET_QUERY}`);
    expect(Object.keys(body).slice(0, 5)).toEqual(["id", "kind", "at", "severity", "summary"]);
    expect(body).toEqual({
      id: expect.stringMatching(UUID),
      kind: "deployment.failed",
      at: expect.any(String),
      severity: "critical",
      summary: "Deployment tenant-a/llama-8b (kubeai) of tenant tenant-a failed: CrashLoopBackOff: container vllm exited with code 1",
      tenant: "tenant-a",
      deployment: { namespace: "tenant-a", name: "llama-8b", backend: "kubeai" },
      reason: "CrashLoopBackOff",
      message: "container vllm exited with code 1",
    });
    expect(new Date(String(body.at)).toISOString()).toBe(body.at);
  });

  it("returns from notify before the receiver answers, and stop waits for the answer", async () => {
    const hook = await receiver(() => ({ delayMs: 1000 }));
    const sent = await countOf(getNotificationMetrics().sent, { kind: "deployment.failed" });
    startNotifications({ NOTIFY_WEBHOOK_URL: hook.url, SLACK_WEBHOOK_URL: undefined }, FAST);
    const before = performance.now();
    notify(deploymentFailed);
    expect(performance.now() - before).toBeLessThan(50);
    await hook.waitFor(1);
    expect(await countOf(getNotificationMetrics().sent, { kind: "deployment.failed" })).toBe(sent);
    await stopNotifications(3000);
    expect(await countOf(getNotificationMetrics().sent, { kind: "deployment.failed" })).toBe(sent + 1);
    notify(deploymentFailed);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hook.received).toHaveLength(1);
  });

  it("never throws from notify, whatever it is given", async () => {
    const hook = await receiver();
    startNotifications({ NOTIFY_WEBHOOK_URL: hook.url, SLACK_WEBHOOK_URL: undefined }, FAST);
    expect(() => notify({ kind: "model.exploded" } as unknown as NotificationEvent)).not.toThrow();
    notify(quota(5));
    await hook.waitFor(1);
    expect(hook.received.map((request) => request.body.kind)).toEqual(["quota.reached"]);
    expect(logLines.join("")).toMatch(/notification not queued/);
  });

  it("sends SLACK_WEBHOOK_URL's notifications in Slack's format when NOTIFY_WEBHOOK_URL is unset", async () => {
    const hook = await receiver();
    startNotifications({ NOTIFY_WEBHOOK_URL: undefined, SLACK_WEBHOOK_URL: hook.url }, FAST);
    notify(quota(5));
    await hook.waitFor(1);
    const body = hook.received[0]?.body as unknown as SlackMessage;
    expect(body.text).toBe("Tenant tenant-b reached its deployments quota (5 of 5)");
    expect(body.blocks[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: `:warning: ${body.text}` } });
    expect(body).not.toHaveProperty("kind");
  });

  it("retries a 500 with back-off, sending the same id, until the receiver accepts it", async () => {
    const hook = await receiver((index) => (index < 2 ? { status: 500 } : {}));
    const { sent, failed } = getNotificationMetrics();
    const [sentBefore, failedBefore] = [await countOf(sent, { kind: "import.failed" }), await countOf(failed, { kind: "import.failed" })];
    const webhook = notifier(hook.url);
    webhook.enqueue(createNotification({ kind: "import.failed", tenant: "tenant-a", job: { id: "job-1" }, error: "hub said 404" }));
    await webhook.idle();
    expect(hook.received).toHaveLength(3);
    expect(new Set(hook.received.map((request) => request.body.id)).size).toBe(1);
    // 20 ms then 40 ms nominal, ±20% jitter.
    expect(hook.received[1]!.at - hook.received[0]!.at).toBeGreaterThanOrEqual(15);
    expect(hook.received[2]!.at - hook.received[1]!.at).toBeGreaterThanOrEqual(30);
    expect(await countOf(sent, { kind: "import.failed" })).toBe(sentBefore + 1);
    expect(await countOf(failed, { kind: "import.failed" })).toBe(failedBefore);
  });

  it("waits as long as a 429's Retry-After says", async () => {
    const hook = await receiver((index) => (index === 0 ? { status: 429, headers: { "retry-after": "1" } } : {}));
    const webhook = notifier(hook.url);
    webhook.enqueue(createNotification(quota(5)));
    await webhook.idle();
    expect(hook.received).toHaveLength(2);
    expect(hook.received[1]!.at - hook.received[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it("does not retry a 400, counting the notification as failed and logging why", async () => {
    const hook = await receiver(() => ({ status: 400, body: "invalid_payload" }));
    const failed = await countOf(getNotificationMetrics().failed, { kind: "quota.reached" });
    const webhook = notifier(hook.url);
    webhook.enqueue(createNotification(quota(5)));
    await webhook.idle();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hook.received).toHaveLength(1);
    expect(await countOf(getNotificationMetrics().failed, { kind: "quota.reached" })).toBe(failed + 1);
    expect(logLines.find((line) => line.includes("notification not delivered"))).toMatch(/HTTP 400: invalid_payload/);
  });

  it("gives up after the last attempt when the receiver keeps failing", async () => {
    const hook = await receiver(() => ({ status: 503 }));
    const failed = await countOf(getNotificationMetrics().failed, { kind: "quota.reached" });
    const webhook = notifier(hook.url, { maxAttempts: 3 });
    webhook.enqueue(createNotification(quota(5)));
    await webhook.idle();
    expect(hook.received).toHaveLength(3);
    expect(await countOf(getNotificationMetrics().failed, { kind: "quota.reached" })).toBe(failed + 1);
  });

  it("retries when the connection drops or the receiver does not answer in time", async () => {
    const hook = await receiver((index) => [{ hangUp: true }, { delayMs: 1000 }, {}][index] ?? {});
    const webhook = notifier(hook.url, { timeoutMs: 200 });
    webhook.enqueue(createNotification(deploymentFailed));
    await webhook.idle();
    expect(hook.received).toHaveLength(3);
    expect(new Set(hook.received.map((request) => request.body.id)).size).toBe(1);
    const retries = logLines.filter((line) => line.includes("notification will be retried")).join("");
    expect(retries).toMatch(/no answer within 200 ms/);
  });

  it("logs the webhook's host, never its path or query", async () => {
    const hook = await receiver(() => ({ status: 404, body: `no hook at ${SECRET_PATH}?${SECRET_QUERY}` }));
    const refused = notifier(hook.url);
    refused.enqueue(createNotification(quota(5)));
    await refused.idle();
    await hook.close();
    const unreachable = notifier(hook.url, { maxAttempts: 2 });
    unreachable.enqueue(createNotification(quota(5)));
    await unreachable.idle();
    const logs = logLines.join("");
    const host = new URL(hook.url).host;
    expect(logs).toContain(`"target":"${host}"`);
    expect(logs).toMatch(/ECONNREFUSED/);
    expect(logs).not.toContain("s3cr3tPath");
    expect(logs).not.toContain("q5ecret");
  });

  it("delivers in order and, when the queue is full, drops the oldest waiting, counting them and logging once", async () => {
    const hook = await receiver((index) => (index === 0 ? { delayMs: 300 } : {}));
    const dropped = await countOf(getNotificationMetrics().dropped, { kind: "quota.reached", reason: "overflow" });
    const webhook = notifier(hook.url, { queueSize: 2 });
    webhook.enqueue(createNotification(quota(1)));
    await hook.waitFor(1);
    for (const used of [2, 3, 4, 5]) webhook.enqueue(createNotification(quota(used)));
    await webhook.idle();
    // 1 was on its way (its answer held) when 2 and 3 were pushed out by 4 and 5.
    expect(hook.received.map((request) => request.body.used)).toEqual([1, 4, 5]);
    expect(await countOf(getNotificationMetrics().dropped, { kind: "quota.reached", reason: "overflow" })).toBe(dropped + 2);
    expect(logLines.filter((line) => line.includes("notification queue full"))).toHaveLength(1);
  });

  it("on stop delivers what is queued within the deadline", async () => {
    const hook = await receiver(() => ({ delayMs: 100 }));
    const sent = await countOf(getNotificationMetrics().sent, { kind: "quota.reached" });
    const webhook = notifier(hook.url);
    for (const used of [1, 2, 3]) webhook.enqueue(createNotification(quota(used)));
    await webhook.close(5000);
    expect(hook.received.map((request) => request.body.used)).toEqual([1, 2, 3]);
    expect(await countOf(getNotificationMetrics().sent, { kind: "quota.reached" })).toBe(sent + 3);
  });

  it("on stop gives up at the deadline, dropping what is left, and takes nothing more", async () => {
    const hook = await receiver(() => ({ delayMs: 60_000 }));
    const stopped = { kind: "quota.reached", reason: "stopped" };
    const dropped = await countOf(getNotificationMetrics().dropped, stopped);
    const webhook = notifier(hook.url);
    for (const used of [1, 2, 3]) webhook.enqueue(createNotification(quota(used)));
    await hook.waitFor(1);
    const before = performance.now();
    await webhook.close(200);
    expect(performance.now() - before).toBeLessThan(1500);
    expect(await countOf(getNotificationMetrics().dropped, stopped)).toBe(dropped + 3);
    expect(logLines.join("")).toMatch(/notifications dropped undelivered at stop.*"count":3/);
    webhook.enqueue(createNotification(quota(4)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hook.received).toHaveLength(1);
    expect(await countOf(getNotificationMetrics().dropped, stopped)).toBe(dropped + 4);
  });

  it("notifies once per edge of a condition checked again and again", async () => {
    const hook = await receiver();
    startNotifications({ NOTIFY_WEBHOOK_URL: hook.url, SLACK_WEBHOOK_URL: undefined }, FAST);
    const event = vi.fn((): NotificationEvent => ({
      kind: "storage.threshold",
      storage: "modelport-weights",
      used: 87,
      capacity: 100,
      ratio: 0.87,
      threshold: 0.85,
    }));
    const checks = [true, true, true, false, false, true, true].map((isActive) =>
      notifyOnEdge("storage:modelport-weights", isActive, event),
    );
    expect(checks).toEqual([true, false, false, false, false, true, false]);
    expect(event).toHaveBeenCalledTimes(2);
    expect(notifyOnEdge("quota:tenant-b:deployments", true, quota(5))).toBe(true);
    await stopNotifications(3000);
    expect(hook.received.map((request) => request.body.kind)).toEqual(["storage.threshold", "storage.threshold", "quota.reached"]);
  });
});

describe("EdgeGuard", () => {
  it("fires when a condition becomes true and re-arms when it becomes false, per key", () => {
    const guard = new EdgeGuard(() => 0);
    expect([false, true, true, false, true].map((isActive) => guard.update("a", isActive))).toEqual([false, true, false, false, true]);
    expect(guard.update("b", true)).toBe(true);
  });

  it("stays quiet for quietMs after firing, even when the condition flaps", () => {
    let now = 0;
    const guard = new EdgeGuard(() => now);
    const at = (time: number, isActive: boolean) => {
      now = time;
      return guard.update("k", isActive, 100);
    };
    expect(at(0, true)).toBe(true);
    expect(at(10, false)).toBe(false);
    expect(at(20, true)).toBe(false);
    expect(at(200, true)).toBe(false);
    expect(at(210, false)).toBe(false);
    expect(at(220, true)).toBe(true);
  });
});

describe("notification text", () => {
  it("says what happened in one line, with a severity per kind", () => {
    const storage = (ratio: number) =>
      createNotification({
        kind: "storage.threshold",
        storage: "w",
        used: ratio * 100 * 2 ** 30,
        capacity: 100 * 2 ** 30,
        ratio,
        threshold: 0.85,
      });
    expect(storage(0.87)).toMatchObject({
      severity: "warning",
      summary: "Weights storage w is 87% full (87 GiB of 100 GiB; alerts from 85%)",
    });
    expect(storage(0.96).severity).toBe("critical");
    expect(createNotification(deploymentFailed).severity).toBe("critical");
    const failedImport = createNotification({
      kind: "import.failed",
      tenant: "t",
      job: { id: "j1", kind: "hf" },
      source: "hf://org/m",
      error: "gone",
    });
    expect(failedImport).toMatchObject({ severity: "warning", summary: "Import j1 of hf://org/m for tenant t failed: gone" });
    expect(createNotification(quota(5))).toMatchObject({
      severity: "warning",
      summary: "Tenant tenant-b reached its deployments quota (5 of 5)",
    });
  });

  it("keeps credentials and signatures out of what is sent, and bounds free text", () => {
    const notification = createNotification({
      kind: "import.failed",
      tenant: "t",
      job: { id: "j1" },
      source: "s3://AKIAXX:hunter2@bucket/model?X-Amz-Signature=abc123",
      error: `upstream refused Authorization: Bearer abcdefghijklmnop ${"x".repeat(2000)}`,
    });
    const wire = JSON.stringify(notification);
    expect(notification).toMatchObject({ source: "s3://bucket/model" });
    expect(wire).not.toMatch(/hunter2|AKIAXX|abc123|abcdefghijklmnop/);
    expect(notification.kind === "import.failed" && notification.error.length).toBe(1000);
    expect(notification.summary.length).toBeLessThan(400);
  });
});

describe("webhook body", () => {
  it("recognises a Slack URL by its host", () => {
    expect(isSlackWebhookUrl("https://hooks.slack.com/services/T/B/X")).toBe(true);
    expect(isSlackWebhookUrl("https://example.com/hooks.slack.com/services")).toBe(false);
    expect(isSlackWebhookUrl("not a url")).toBe(false);
    expect(webhookTargetOf({ NOTIFY_WEBHOOK_URL: "https://hooks.slack.com/services/T/B/X", SLACK_WEBHOOK_URL: undefined })?.format).toBe(
      "slack",
    );
    expect(webhookTargetOf({ NOTIFY_WEBHOOK_URL: "https://alerts.example.com/in", SLACK_WEBHOOK_URL: undefined })?.format).toBe("generic");
    expect(webhookTargetOf({ NOTIFY_WEBHOOK_URL: undefined, SLACK_WEBHOOK_URL: "https://chat.example.com/hook" })).toEqual({
      url: "https://chat.example.com/hook",
      format: "slack",
    });
    expect(
      webhookTargetOf({ NOTIFY_WEBHOOK_URL: "https://alerts.example.com/in", SLACK_WEBHOOK_URL: "https://hooks.slack.com/x" })?.url,
    ).toBe("https://alerts.example.com/in");
    expect(webhookTargetOf({ NOTIFY_WEBHOOK_URL: undefined, SLACK_WEBHOOK_URL: undefined })).toBeUndefined();
  });

  it("builds Slack's incoming-webhook message for a hooks.slack.com URL, escaping Slack's markup", () => {
    const target = webhookTargetOf({ NOTIFY_WEBHOOK_URL: "https://hooks.slack.com/services/T/B/X", SLACK_WEBHOOK_URL: undefined });
    const notification = createNotification({ ...deploymentFailed, message: "OOM <@here> & co" });
    const message = webhookBody(notification, target!.format) as SlackMessage;
    expect(message).toEqual(slackMessage(notification));
    expect(message.text).toBe(
      "Deployment tenant-a/llama-8b (kubeai) of tenant tenant-a failed: CrashLoopBackOff: OOM &lt;@here&gt; &amp; co",
    );
    expect(message.blocks).toEqual([
      { type: "section", text: { type: "mrkdwn", text: `:rotating_light: ${message.text}` } },
      {
        type: "section",
        fields: [
          { type: "mrkdwn", text: "*Tenant*\ntenant-a" },
          { type: "mrkdwn", text: "*Deployment*\ntenant-a/llama-8b" },
          { type: "mrkdwn", text: "*Backend*\nkubeai" },
          { type: "mrkdwn", text: "*Reason*\nCrashLoopBackOff" },
          { type: "mrkdwn", text: "*Message*\nOOM &lt;@here&gt; &amp; co" },
        ],
      },
      {
        type: "context",
        elements: [{ type: "mrkdwn", text: `critical · \`deployment.failed\` · ${notification.at} · id ${notification.id}` }],
      },
    ]);
    expect(webhookBody(notification, "generic")).toBe(notification);
  });

  it("delivers Slack's message to a webhook whose target says slack", async () => {
    const hook = await receiver();
    const webhook = notifier(hook.url, {}, "slack");
    const notification = createNotification(quota(5));
    webhook.enqueue(notification);
    await webhook.idle();
    expect(hook.received[0]?.body).toEqual(JSON.parse(JSON.stringify(slackMessage(notification))));
  });
});

describe("delivery policy", () => {
  it("retries network errors, 5xx and 429, and takes any other answer as final", () => {
    for (const status of [200, 202, 204]) expect(outcomeOfStatus(status, null)).toEqual({ delivered: true, status });
    for (const status of [302, 400, 401, 403, 404, 409, 413, 422])
      expect(outcomeOfStatus(status, null)).toMatchObject({ retryable: false });
    for (const status of [429, 500, 502, 503, 504]) expect(outcomeOfStatus(status, null)).toMatchObject({ retryable: true });
    expect(outcomeOfStatus(503, "7")).toMatchObject({ retryable: true, retryAfterMs: 7000 });
    expect(outcomeOfStatus(400, "7")).not.toHaveProperty("retryAfterMs");
  });

  it("reads Retry-After as seconds or as a date", () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Tue, 01 Jan 2030 00:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("Mon, 31 Dec 2029 23:00:00 GMT", now)).toBe(0);
    for (const bad of [null, "", "soon", "-1", "1.5"]) expect(parseRetryAfter(bad, now)).toBeUndefined();
  });

  it("doubles the delay per attempt with ±20% jitter up to the cap, and honours Retry-After up to its own cap", () => {
    const timings = { baseDelayMs: 1000, maxDelayMs: 60_000, maxRetryAfterMs: 300_000 };
    expect([1, 2, 3, 4, 7, 10].map((attempt) => retryDelayMs(attempt, undefined, timings, () => 0.5))).toEqual([
      1000, 2000, 4000, 8000, 60_000, 60_000,
    ]);
    expect(retryDelayMs(1, undefined, timings, () => 0)).toBe(800);
    expect(retryDelayMs(1, undefined, timings, () => 1)).toBe(1200);
    expect(retryDelayMs(9, undefined, timings, () => 1)).toBe(60_000);
    expect(retryDelayMs(1, 30_000, timings)).toBe(30_000);
    expect(retryDelayMs(1, 86_400_000, timings)).toBe(300_000);
  });

  it("describes a failed request without the webhook's path", () => {
    const url = `https://hooks.slack.com${SECRET_PATH}`;
    const error = new TypeError(`Failed to parse URL from ${url}`, { cause: { code: "ERR_INVALID_URL" } });
    expect(describeRequestError(error, url, 5000)).toBe("Failed to parse URL from hooks.slack.com (ERR_INVALID_URL)");
    expect(describeRequestError(new DOMException("timed out", "TimeoutError"), url, 5000)).toBe("no answer within 5000 ms");
  });
});

describe("configuration", () => {
  it("reads NOTIFY_WEBHOOK_URL and SLACK_WEBHOOK_URL as optional http(s) URLs, never echoing a bad one", () => {
    for (const env of [{}, { NOTIFY_WEBHOOK_URL: " ", SLACK_WEBHOOK_URL: "" }]) {
      const unset = parseConfig(env);
      expect([unset.NOTIFY_WEBHOOK_URL, unset.SLACK_WEBHOOK_URL, webhookTargetOf(unset)]).toEqual([undefined, undefined, undefined]);
    }
    expect(parseConfig({ NOTIFY_WEBHOOK_URL: " https://alerts.example.com/in " }).NOTIFY_WEBHOOK_URL).toBe("https://alerts.example.com/in");
    const config = parseConfig({ SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T/B/X" });
    expect(webhookTargetOf(config)).toEqual({ url: "https://hooks.slack.com/services/T/B/X", format: "slack" });
    for (const name of ["NOTIFY_WEBHOOK_URL", "SLACK_WEBHOOK_URL"]) {
      expect(() => parseConfig({ [name]: "hooks.slack.com/services/s3cr3t" })).toThrow(new RegExp(`${name}: `));
      expect(() => parseConfig({ [name]: "hooks.slack.com/services/s3cr3t" })).not.toThrow(/s3cr3t/);
      expect(() => parseConfig({ [name]: "ftp://example.com/hook" })).toThrow(new RegExp(name));
    }
  });
});
