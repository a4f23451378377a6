// Secrets Modelport issues (service-account tokens, published models' API keys): generated once, shown once, stored
// only as a SHA-256 hash with a recognisable prefix and the last four characters for display.
import { createHmac, hash, randomBytes, timingSafeEqual } from "node:crypto";

export const SERVICE_ACCOUNT_TOKEN_PREFIX = "mp_sa_";
export const API_KEY_PREFIX = "mp_pk_";

export interface IssuedToken {
  token: string;
  hash: string;
  prefix: string;
  lastFour: string;
}

export function hashToken(token: string): string {
  // One call, no Hash object: the gateway hashes every request's key.
  return hash("sha256", token, "hex");
}

function issued(token: string): IssuedToken {
  return { token, hash: hashToken(token), prefix: token.slice(0, 10), lastFour: token.slice(-4) };
}

export function issueServiceAccountToken(): IssuedToken {
  return issued(`${SERVICE_ACCOUNT_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`);
}

/**
 * A new API key: random, or — for a retried request that names the same `replay` (an Idempotency-Key) — derived from
 * it with the server's secret, so the retry yields the very key the first attempt made and nothing needs storing.
 */
export function issueApiKey(replay?: { secret: string; scope: string }): IssuedToken {
  const body = replay ? createHmac("sha256", replay.secret).update(`api-key:${replay.scope}`).digest() : randomBytes(32);
  return issued(`${API_KEY_PREFIX}${body.toString("base64url")}`);
}

/** How a secret is shown after it was issued: its prefix and last four characters. */
export function secretDisplay(prefix: string, lastFour: string): string {
  return `${prefix}…${lastFour}`;
}

/** Constant-time comparison of a presented secret with a configured one (hashed first so lengths match). */
export function secretsMatch(presented: string, expected: string): boolean {
  return timingSafeEqual(Buffer.from(hashToken(presented), "hex"), Buffer.from(hashToken(expected), "hex"));
}
