// Where notifications go and what is POSTed there: Slack's incoming-webhook message for a Slack URL, else the
// notification itself as JSON (pure).
import { detailsOf } from "./notification-text";
import type { Notification, NotificationSettings } from "./notifications";

export type WebhookFormat = "slack" | "generic";

export interface WebhookTarget {
  url: string;
  format: WebhookFormat;
}

// Slack's incoming webhooks, commercial and GovSlack.
const SLACK_HOSTS = new Set(["hooks.slack.com", "hooks.slack-gov.com"]);

export function isSlackWebhookUrl(url: string): boolean {
  try {
    return SLACK_HOSTS.has(new URL(url).hostname.toLowerCase());
  } catch {
    return false;
  }
}

/** NOTIFY_WEBHOOK_URL (Slack's format when it is a Slack URL), else SLACK_WEBHOOK_URL (always Slack's format). */
export function webhookTargetOf(settings: NotificationSettings): WebhookTarget | undefined {
  if (settings.NOTIFY_WEBHOOK_URL) {
    return { url: settings.NOTIFY_WEBHOOK_URL, format: isSlackWebhookUrl(settings.NOTIFY_WEBHOOK_URL) ? "slack" : "generic" };
  }
  if (settings.SLACK_WEBHOOK_URL) return { url: settings.SLACK_WEBHOOK_URL, format: "slack" };
  return undefined;
}

type SlackText = { type: "mrkdwn"; text: string };

export type SlackBlock =
  { type: "section"; text: SlackText } | { type: "section"; fields: SlackText[] } | { type: "context"; elements: SlackText[] };

/** Slack's incoming-webhook message: `text` is what its notifications show, the blocks what the channel shows. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

// Slack refuses a section's text over 3000 characters and a field over 2000; it allows at most 10 fields.
const SLACK_SECTION_MAX = 3000;
const SLACK_FIELD_MAX = 2000;
const SLACK_FIELDS_MAX = 10;

export function webhookBody(notification: Notification, format: WebhookFormat): Notification | SlackMessage {
  return format === "slack" ? slackMessage(notification) : notification;
}

export function slackMessage(notification: Notification): SlackMessage {
  const icon = notification.severity === "critical" ? ":rotating_light:" : ":warning:";
  const summary = escapeMrkdwn(notification.summary);
  const fields = detailsOf(notification)
    .slice(0, SLACK_FIELDS_MAX)
    .map(({ label, value }): SlackText => ({ type: "mrkdwn", text: bounded(`*${label}*\n${escapeMrkdwn(value)}`, SLACK_FIELD_MAX) }));
  const blocks: SlackBlock[] = [{ type: "section", text: { type: "mrkdwn", text: bounded(`${icon} ${summary}`, SLACK_SECTION_MAX) } }];
  if (fields.length > 0) blocks.push({ type: "section", fields });
  blocks.push({
    type: "context",
    elements: [
      { type: "mrkdwn", text: `${notification.severity} · \`${notification.kind}\` · ${notification.at} · id ${notification.id}` },
    ],
  });
  return { text: summary, blocks };
}

/** Slack reads &, < and > as markup (links, mentions); everything else in mrkdwn is safe to show as is. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
