// The limits every caller meets: a published model's per key (requests per minute, hour and day, a burst, tokens per
// hour and day) and the management API's per caller (RATE_LIMIT_REQUESTS a minute, RATE_LIMIT_BURST a second), with
// the X-RateLimit-* headers both paths answer with. One limiter for both; what happens when Redis is gone is decided
// here once (RATE_LIMIT_FAILURE_MODE).
import { AppError } from "@/lib/errors";
import { LimitStoreUnavailable, type Decision, type LimitPolicy, type Reservation } from "@/lib/gateway/limits";
import { logger } from "@/lib/observability/logger";
import { getRuntime } from "@/lib/runtime";
import type { RateLimiting } from "@/lib/schemas/publishing";

export function publishedPolicy(limits: RateLimiting): LimitPolicy {
  return {
    windows: [
      { seconds: 60, requests: limits.requestsPerMinute, tokens: null },
      { seconds: 3600, requests: limits.requestsPerHour, tokens: limits.tokensPerHour },
      { seconds: 86_400, requests: limits.requestsPerDay, tokens: limits.tokensPerDay },
    ],
    burst: { capacity: limits.burstLimit, perSecond: limits.requestsPerMinute / 60 },
  };
}

export function managementPolicy(): LimitPolicy {
  const { RATE_LIMIT_REQUESTS, RATE_LIMIT_BURST } = getRuntime().config;
  return {
    windows: [
      { seconds: 60, requests: RATE_LIMIT_REQUESTS, tokens: null },
      { seconds: 1, requests: RATE_LIMIT_BURST, tokens: null },
    ],
    burst: null,
  };
}

/**
 * Admits a request or throws a 429 naming the limit (with Retry-After). When the store cannot decide: a 503 naming
 * the cause (closed), or admission without a decision (open), logged either way.
 */
export async function admitRequest(subject: string, policy: LimitPolicy, tokens = 0): Promise<Decision | null> {
  const { config, limits } = getRuntime();
  let decision: Decision;
  try {
    decision = await limits.admit(subject, policy, tokens);
  } catch (error) {
    if (!(error instanceof LimitStoreUnavailable)) throw error;
    logger.warn("rate limit not decided", { subject, mode: config.RATE_LIMIT_FAILURE_MODE, error: error.message });
    if (config.RATE_LIMIT_FAILURE_MODE === "open") return null;
    throw new AppError("unavailable", `Rate limiting is unavailable: ${error.message}; try again shortly`, { retryAfterSeconds: 1 });
  }
  if (!decision.admitted) {
    throw new AppError("too_many_requests", `Rate limit reached: ${decision.refusedBy}; retry in ${decision.retryAfterSeconds} s`, {
      retryAfterSeconds: decision.retryAfterSeconds,
      rateLimitHeaders: rateLimitHeaders(decision),
    });
  }
  return decision;
}

/** Settles a reservation to the real token count, off the request's path; a failure only loses precision. */
export function settleTokens(subject: string, policy: LimitPolicy, reservation: Reservation, actual: number): void {
  if (reservation.tokens === actual) return;
  getRuntime()
    .limits.settle(subject, policy, reservation, actual)
    .catch((error: unknown) => logger.warn("rate limit tokens not settled", { subject, error: String(error) }));
}

export function rateLimitHeaders(decision: Decision | null): Record<string, string> {
  if (!decision || decision.limit === null) return {};
  return {
    "x-ratelimit-limit": String(decision.limit),
    "x-ratelimit-remaining": String(decision.remaining ?? 0),
    "x-ratelimit-reset": String(decision.resetSeconds ?? 0),
  };
}
