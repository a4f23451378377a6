// When a webhook delivery is retried and after how long (pure): network errors, 5xx and 429 are retried with
// exponential back-off and jitter, or after the receiver's Retry-After; any other answer is final.

export interface RetryTimings {
  /** The first retry's delay; each next one doubles, ±20% jitter so many replicas do not retry in step. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A receiver's Retry-After is honoured up to this long. */
  maxRetryAfterMs: number;
}

export type AttemptOutcome =
  { delivered: true; status: number } | { delivered: false; retryable: boolean; reason: string; retryAfterMs?: number };

export function outcomeOfStatus(status: number, retryAfter: string | null, now: number = Date.now()): AttemptOutcome {
  if (status >= 200 && status < 300) return { delivered: true, status };
  const retryable = status === 429 || status >= 500;
  const retryAfterMs = retryable ? parseRetryAfter(retryAfter, now) : undefined;
  return { delivered: false, retryable, reason: `HTTP ${status}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}

/** Retry-After as delay-seconds or an HTTP date, in milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** How long to wait after failed attempt number `attempt` (1-based). */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  timings: RetryTimings,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, timings.maxRetryAfterMs);
  const nominal = Math.min(timings.baseDelayMs * 2 ** (attempt - 1), timings.maxDelayMs);
  return Math.min(timings.maxDelayMs, Math.round(nominal * (0.8 + 0.4 * random())));
}

/** Why a request got no answer, without the webhook's path or query (a Slack URL's path is its secret). */
export function describeRequestError(error: unknown, url: string, timeoutMs: number): string {
  if (error instanceof Error && error.name === "TimeoutError") return `no answer within ${timeoutMs} ms`;
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error ? (error.cause as { code?: unknown } | undefined)?.code : undefined;
  return withoutUrlSecrets(typeof code === "string" ? `${message} (${code})` : message, url);
}

export function withoutUrlSecrets(text: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return text.replaceAll(url, "[webhook]");
  }
  let safe = text.replaceAll(url, parsed.host).replaceAll(parsed.href, parsed.host);
  const secretPart = `${parsed.pathname}${parsed.search}`;
  if (secretPart.length > 1) safe = safe.replaceAll(secretPart, "[redacted]");
  for (const part of [parsed.pathname, parsed.search]) if (part.length > 1) safe = safe.replaceAll(part, "[redacted]");
  return safe;
}
