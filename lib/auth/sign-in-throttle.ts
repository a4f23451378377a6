// Brute-force protection for sign-in: failures per account and client slow the answer down, then lock briefly.
import type { IncomingMessage } from "node:http";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

export interface SignInThrottleOptions {
  /** Failures in a row (per account and client) that lock the account for that client. */
  maxFailures?: number;
  /** How long a lockout lasts. */
  lockoutSeconds?: number;
  /** Added to the answer for each earlier failure in a row, so guessing gets slower before it gets refused. */
  slowdownMs?: number;
}

export interface FailureOutcome {
  /** How long to hold back the failed answer. */
  delayMs: number;
  /** Non-zero when this failure locked the account (or the client): refuse until then. */
  lockedForMs: number;
}

export interface SignInThrottle {
  /** Milliseconds until `account` may be tried again from `client`; 0 when it may be tried now. */
  lockedFor(client: string, account: string): Promise<number>;
  recordFailure(client: string, account: string): Promise<FailureOutcome>;
  /** A success clears the account's failures: people who sign in correctly are never slowed down. */
  recordSuccess(client: string, account: string): Promise<void>;
}

export const SIGN_IN_THROTTLE_DEFAULTS = { maxFailures: 5, lockoutSeconds: 60, slowdownMs: 250 } as const;

// Failures in a row are counted over this window; one client may fail this many times more across all accounts.
const FAILURE_WINDOW_SECONDS = 15 * 60;
const CLIENT_BUDGET_FACTOR = 4;
const MAX_DELAY_MS = 3_000;
const MAX_ACCOUNT_KEY_LENGTH = 256;

// rate-limiter-flexible rejects with a RateLimiterRes when the budget is spent; anything else is a real error.
async function consumeOne(limiter: RateLimiterMemory, key: string): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return rejection;
    throw rejection;
  }
}

function lockedMs(limiter: RateLimiterMemory, result: RateLimiterRes | null): number {
  return result && result.consumedPoints > limiter.points ? Math.max(result.msBeforeNext, 1) : 0;
}

export function createSignInThrottle(options: SignInThrottleOptions = {}): SignInThrottle {
  const { maxFailures, lockoutSeconds, slowdownMs } = { ...SIGN_IN_THROTTLE_DEFAULTS, ...options };
  // Blocked once consumption exceeds `points`: the maxFailures-th failure is the one that locks.
  const limiter = (points: number) =>
    new RateLimiterMemory({ points: points - 1, duration: FAILURE_WINDOW_SECONDS, blockDuration: lockoutSeconds });
  const perAccount = limiter(maxFailures);
  const perClient = limiter(maxFailures * CLIENT_BUDGET_FACTOR);
  const accountKey = (client: string, account: string) => `${client}\n${account.trim().toLowerCase().slice(0, MAX_ACCOUNT_KEY_LENGTH)}`;

  return {
    async lockedFor(client, account) {
      const [forAccount, forClient] = await Promise.all([perAccount.get(accountKey(client, account)), perClient.get(client)]);
      return Math.max(lockedMs(perAccount, forAccount), lockedMs(perClient, forClient));
    },
    async recordFailure(client, account) {
      const forAccount = await consumeOne(perAccount, accountKey(client, account));
      const forClient = await consumeOne(perClient, client);
      const lockedForMs = Math.max(lockedMs(perAccount, forAccount), lockedMs(perClient, forClient));
      const delayMs = lockedForMs > 0 ? 0 : Math.min(slowdownMs * (forAccount.consumedPoints - 1), MAX_DELAY_MS);
      return { delayMs, lockedForMs };
    },
    async recordSuccess(client, account) {
      await perAccount.delete(accountKey(client, account));
    },
  };
}

export function lockoutMessage(lockedForMs: number): string {
  const seconds = Math.max(1, Math.ceil(lockedForMs / 1000));
  return `Too many failed sign-in attempts from your address. Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
}

export function retryAfterSeconds(lockedForMs: number): string {
  return String(Math.max(1, Math.ceil(lockedForMs / 1000)));
}

export function pause(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

const CLIENT_ADDRESS = Symbol.for("modelport.clientAddress");
type WithClientAddress = IncomingMessage & { [CLIENT_ADDRESS]?: string };

/** Records the client the server in front resolved (forwarded headers from trusted proxies only). */
export function rememberClientAddress(req: IncomingMessage, address: string): void {
  (req as WithClientAddress)[CLIENT_ADDRESS] = address;
}

/**
 * The client a request comes from, as the server in front resolved it; else the socket's peer. Deliberately not a
 * header: a standalone issuer has nobody in front to overwrite one, so a client could pick its own address.
 */
export function clientAddressOf(req: IncomingMessage): string {
  const remembered = (req as WithClientAddress)[CLIENT_ADDRESS];
  if (remembered) return remembered;
  const peer = req.socket.remoteAddress ?? "unknown";
  return peer.startsWith("::ffff:") ? peer.slice("::ffff:".length) : peer;
}
