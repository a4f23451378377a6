// Rate limits: request counts in fixed windows (per second, minute, hour, day), tokens in fixed windows (reserved
// before a request, settled to the real usage after), and a burst bucket (the most requests admitted back to back,
// refilled at a steady rate). One decision checks every window at once and counts the request in all of them or in
// none. In process by default; with Redis, one Lua script per decision, so N replicas together admit what one would.
import Redis from "ioredis";

export interface LimitWindow {
  seconds: number;
  /** Requests admitted per window; null: not limited. */
  requests: number | null;
  /** Tokens per window; null: not limited. */
  tokens: number | null;
}

export interface LimitPolicy {
  windows: LimitWindow[];
  /** Capacity and refill per second of the burst bucket; null: none. */
  burst: { capacity: number; perSecond: number } | null;
}

/** What a decision counted, so the tokens can be settled in the same windows. */
export interface Reservation {
  at: number;
  tokens: number;
}

export interface Decision {
  admitted: boolean;
  /** For X-RateLimit-*: the shortest window that counts requests. */
  limit: number | null;
  remaining: number | null;
  resetSeconds: number | null;
  /** When refused: how long until a retry can succeed, and which limit refused. */
  retryAfterSeconds: number;
  refusedBy: string | null;
  reservation: Reservation;
}

export interface LimitStore {
  readonly kind: "memory" | "redis";
  /** Admits one request reserving `tokens`, or refuses it; an error means the store could not decide. */
  admit(subject: string, policy: LimitPolicy, tokens: number, now?: number): Promise<Decision>;
  /** Moves the reservation to the real token count (`actual`), in the windows it was counted in. */
  settle(subject: string, policy: LimitPolicy, reservation: Reservation, actual: number): Promise<void>;
  /** Whether it can decide now (readiness). */
  check(): Promise<void>;
  close(): Promise<void>;
}

export class LimitStoreUnavailable extends Error {}

const UNIT: Record<number, string> = { 1: "second", 60: "minute", 3600: "hour", 86_400: "day" };

export function describeWindow(window: LimitWindow, what: "requests" | "tokens"): string {
  const limit = what === "requests" ? window.requests : window.tokens;
  return `${limit} ${what} per ${UNIT[window.seconds] ?? `${window.seconds} s`}`;
}

function windowStart(now: number, seconds: number): number {
  const length = seconds * 1000;
  return Math.floor(now / length) * length;
}

/** Turns the counts a decision saw into its answer. `refused`: -1 none, 0 the burst bucket, i ≥ 1 window i. */
function decisionOf(
  policy: LimitPolicy,
  now: number,
  tokens: number,
  refused: number,
  refusedTokens: boolean,
  retryMs: number,
  used: number[],
): Decision {
  const admitted = refused < 0;
  const index = policy.windows.findIndex((window) => window.requests !== null);
  const counted = index >= 0 ? policy.windows[index] : undefined;
  const limit = counted?.requests ?? null;
  const remaining = counted && limit !== null ? Math.max(0, limit - used[index] - (admitted ? 1 : 0)) : null;
  const resetSeconds = counted ? Math.ceil((windowStart(now, counted.seconds) + counted.seconds * 1000 - now) / 1000) : null;
  let refusedBy: string | null = null;
  if (refused === 0) refusedBy = `the burst limit of ${policy.burst?.capacity} requests`;
  else if (refused > 0) refusedBy = describeWindow(policy.windows[refused - 1], refusedTokens ? "tokens" : "requests");
  return {
    admitted,
    limit,
    remaining,
    resetSeconds,
    retryAfterSeconds: admitted ? 0 : Math.max(1, Math.ceil(retryMs / 1000)),
    refusedBy,
    reservation: { at: now, tokens: admitted ? tokens : 0 },
  };
}

/** One window's counts for one subject: the window it counts (its start) and what was admitted in it. */
interface WindowCount {
  start: number;
  requests: number;
  tokens: number;
}

/** A subject's counters: per window length (seconds), the current window's counts; and its burst bucket. */
interface SubjectCounts {
  windows: Map<number, WindowCount>;
  bucket: { tokens: number; at: number } | null;
  usedAt: number;
}

/** Counters in this process: for one replica, or when no Redis is configured. */
export class MemoryLimitStore implements LimitStore {
  readonly kind = "memory";
  private readonly subjects = new Map<string, SubjectCounts>();
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    this.sweeper = setInterval(() => this.sweep(Date.now()), 60_000);
    this.sweeper.unref();
  }

  private subjectOf(subject: string, now: number): SubjectCounts {
    let counts = this.subjects.get(subject);
    if (!counts) this.subjects.set(subject, (counts = { windows: new Map(), bucket: null, usedAt: now }));
    counts.usedAt = now;
    return counts;
  }

  /** The counts of the window of `seconds` that holds `at`; a window that has ended starts again from zero. */
  private windowOf(counts: SubjectCounts, seconds: number, at: number): WindowCount {
    const start = windowStart(at, seconds);
    let window = counts.windows.get(seconds);
    if (!window || window.start < start) counts.windows.set(seconds, (window = { start, requests: 0, tokens: 0 }));
    return window;
  }

  async admit(subject: string, policy: LimitPolicy, tokens: number, now = Date.now()): Promise<Decision> {
    const counts = this.subjectOf(subject, now);
    let refused = -1;
    let refusedTokens = false;
    let retryMs = 0;
    let level = 0;
    if (policy.burst) {
      const stored = counts.bucket;
      const rate = policy.burst.perSecond / 1000;
      level = stored ? Math.min(policy.burst.capacity, stored.tokens + (now - stored.at) * rate) : policy.burst.capacity;
      if (level < 1) {
        refused = 0;
        retryMs = (1 - level) / rate;
      }
    }
    const windows = policy.windows.map((window) => this.windowOf(counts, window.seconds, now));
    const used = windows.map((window) => window.requests);
    policy.windows.forEach((window, index) => {
      const end = windows[index].start + window.seconds * 1000;
      const tokensUsed = windows[index].tokens;
      const overRequests = window.requests !== null && used[index] + 1 > window.requests;
      const overTokens = window.tokens !== null && (tokensUsed >= window.tokens || tokensUsed + tokens > window.tokens);
      if (overRequests || overTokens) {
        if (refused !== 0 && (refused < 0 || end - now > retryMs)) {
          refused = index + 1;
          refusedTokens = !overRequests;
        }
        retryMs = Math.max(retryMs, end - now);
      }
    });
    if (refused < 0) {
      policy.windows.forEach((window, index) => {
        windows[index].requests += 1;
        if (window.tokens !== null && tokens > 0) windows[index].tokens += tokens;
      });
      if (policy.burst) counts.bucket = { tokens: level - 1, at: now };
    }
    return decisionOf(policy, now, tokens, refused, refusedTokens, retryMs, used);
  }

  async settle(subject: string, policy: LimitPolicy, reservation: Reservation, actual: number): Promise<void> {
    const counts = this.subjects.get(subject);
    if (!counts) return;
    for (const window of policy.windows) {
      if (window.tokens === null) continue;
      // Only while the window the tokens were reserved in is still the current one.
      const current = counts.windows.get(window.seconds);
      if (current && current.start === windowStart(reservation.at, window.seconds)) current.tokens += actual - reservation.tokens;
    }
  }

  private sweep(now: number): void {
    for (const [subject, counts] of this.subjects) {
      for (const [seconds, window] of counts.windows) if (window.start + seconds * 1000 <= now) counts.windows.delete(seconds);
      if (counts.windows.size === 0 && now - counts.usedAt > 3_600_000) this.subjects.delete(subject);
    }
  }

  async check(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }
}

// KEYS: the burst bucket, then per window its request counter and its token counter.
// ARGV: now (ms), tokens to reserve, burst capacity (0: none), burst refill per ms, then per window: request limit
// (-1: none), token limit (-1: none), window end (ms). Counts in every window, or in none.
const ADMIT_SCRIPT = `
local now = tonumber(ARGV[1])
local reserve = tonumber(ARGV[2])
local capacity = tonumber(ARGV[3])
local rate = tonumber(ARGV[4])
local windows = (#KEYS - 1) / 2
local refused = -1
local refusedTokens = 0
local retry = 0
local level = capacity
if capacity > 0 then
  local stored = redis.call('HMGET', KEYS[1], 'tokens', 'at')
  if stored[1] then
    level = math.min(capacity, tonumber(stored[1]) + (now - tonumber(stored[2])) * rate)
  end
  if level < 1 then
    refused = 0
    retry = (1 - level) / rate
  end
end
local used = {}
for i = 1, windows do
  local requests = tonumber(ARGV[4 + (i - 1) * 3 + 1])
  local tokens = tonumber(ARGV[4 + (i - 1) * 3 + 2])
  local finish = tonumber(ARGV[4 + (i - 1) * 3 + 3])
  used[i] = tonumber(redis.call('GET', KEYS[1 + (i - 1) * 2 + 1]) or '0')
  local tokensUsed = tonumber(redis.call('GET', KEYS[1 + (i - 1) * 2 + 2]) or '0')
  local overRequests = requests >= 0 and used[i] + 1 > requests
  local overTokens = tokens >= 0 and (tokensUsed >= tokens or tokensUsed + reserve > tokens)
  if overRequests or overTokens then
    if refused ~= 0 and (refused < 0 or finish - now > retry) then
      refused = i
      refusedTokens = overRequests and 0 or 1
    end
    retry = math.max(retry, finish - now)
  end
end
if refused < 0 then
  for i = 1, windows do
    local finish = tonumber(ARGV[4 + (i - 1) * 3 + 3])
    local ttl = math.max(1, finish - now)
    redis.call('INCR', KEYS[1 + (i - 1) * 2 + 1])
    redis.call('PEXPIRE', KEYS[1 + (i - 1) * 2 + 1], ttl)
    if tonumber(ARGV[4 + (i - 1) * 3 + 2]) >= 0 and reserve > 0 then
      redis.call('INCRBY', KEYS[1 + (i - 1) * 2 + 2], reserve)
      redis.call('PEXPIRE', KEYS[1 + (i - 1) * 2 + 2], ttl)
    end
  end
  if capacity > 0 then
    redis.call('HSET', KEYS[1], 'tokens', tostring(level - 1), 'at', tostring(now))
    redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate) + 1000)
  end
end
local answer = { refused, refusedTokens, math.ceil(retry) }
for i = 1, windows do answer[3 + i] = used[i] end
return answer
`;

/** Counters in Redis shared by every replica; a command that cannot be sent fails at once (no offline queue). */
export class RedisLimitStore implements LimitStore {
  readonly kind = "redis";
  private readonly client: Redis;

  constructor(url: string, onError: (error: Error) => void) {
    this.client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
      commandTimeout: 1000,
      retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    });
    this.client.on("error", onError);
    this.client.defineCommand("modelportAdmit", { lua: ADMIT_SCRIPT });
  }

  /** Waits briefly for a connection that is being made (at start, or after Redis came back), else fails fast. */
  private async connected(): Promise<void> {
    if (this.client.status === "ready") return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.client.off("ready", onReady);
        reject(new LimitStoreUnavailable(`Redis is not connected (${this.client.status})`));
      }, 500);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      this.client.once("ready", onReady);
    });
  }

  private keys(subject: string, policy: LimitPolicy, at: number): string[] {
    // The subject in braces keeps one subject's keys in one slot of a Redis Cluster.
    const base = `modelport:rl:{${subject}}`;
    return [
      `${base}:burst`,
      ...policy.windows.flatMap((window) => {
        const start = windowStart(at, window.seconds);
        return [`${base}:r:${window.seconds}:${start}`, `${base}:t:${window.seconds}:${start}`];
      }),
    ];
  }

  async admit(subject: string, policy: LimitPolicy, tokens: number, now = Date.now()): Promise<Decision> {
    const args = [
      now,
      tokens,
      policy.burst?.capacity ?? 0,
      (policy.burst?.perSecond ?? 0) / 1000,
      ...policy.windows.flatMap((window) => [
        window.requests ?? -1,
        window.tokens ?? -1,
        windowStart(now, window.seconds) + window.seconds * 1000,
      ]),
    ];
    const keys = this.keys(subject, policy, now);
    let answer: number[];
    try {
      await this.connected();
      answer = (await (this.client as unknown as { modelportAdmit: (...args: unknown[]) => Promise<number[]> }).modelportAdmit(
        keys.length,
        ...keys,
        ...args,
      )) as number[];
    } catch (error) {
      throw new LimitStoreUnavailable(`Redis did not answer (${error instanceof Error ? error.message : String(error)})`);
    }
    const [refused, refusedTokens, retryMs, ...used] = answer.map(Number);
    return decisionOf(policy, now, tokens, refused, refusedTokens === 1, retryMs, used);
  }

  async settle(subject: string, policy: LimitPolicy, reservation: Reservation, actual: number): Promise<void> {
    const delta = actual - reservation.tokens;
    if (delta === 0) return;
    await this.connected();
    const keys = this.keys(subject, policy, reservation.at);
    const pipeline = this.client.pipeline();
    policy.windows.forEach((window, index) => {
      const end = windowStart(reservation.at, window.seconds) + window.seconds * 1000;
      if (window.tokens !== null && end > Date.now()) {
        pipeline.incrby(keys[2 + index * 2], delta);
        pipeline.pexpireat(keys[2 + index * 2], end);
      }
    });
    await pipeline.exec();
  }

  async check(): Promise<void> {
    try {
      await this.connected();
      await this.client.ping();
    } catch (error) {
      throw new LimitStoreUnavailable(`Redis did not answer (${error instanceof Error ? error.message : String(error)})`);
    }
  }

  async close(): Promise<void> {
    this.client.disconnect();
  }
}
