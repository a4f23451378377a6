// Bearer secrets Modelport issues (service-account tokens): generated once, stored only as a SHA-256 hash.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const SERVICE_ACCOUNT_TOKEN_PREFIX = "mp_sa_";

export interface IssuedToken {
  token: string;
  hash: string;
  prefix: string;
  lastFour: string;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function issueServiceAccountToken(): IssuedToken {
  const token = `${SERVICE_ACCOUNT_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashToken(token), prefix: token.slice(0, 10), lastFour: token.slice(-4) };
}

/** Constant-time comparison of a presented secret with a configured one (hashed first so lengths match). */
export function secretsMatch(presented: string, expected: string): boolean {
  return timingSafeEqual(Buffer.from(hashToken(presented), "hex"), Buffer.from(hashToken(expected), "hex"));
}
