// RFC 7662 token introspection at the issuer (OIDC_INTROSPECTION=1): whether a bearer token is still active, and its claims.
import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { getRuntime, processSingleton } from "@/lib/runtime";
import type { Caller } from "./caller";
import type { IdentityClaims } from "./claims";
import { issuerMetadata } from "./issuer-discovery";

/** How long an answer is reused: a token revoked at the issuer stops working within this many seconds. */
export const INTROSPECTION_CACHE_SECONDS = 5;
const CACHE_MAX_ENTRIES = 10_000;
const REQUEST_TIMEOUT_MS = 5_000;

/** The introspection response of an active token: RFC 7662's fields plus the token's own claims (groups, realm_access…). */
export type IntrospectedClaims = IdentityClaims & Record<string, unknown> & { active: true };

const responseSchema = z.looseObject({ active: z.boolean() });

interface CacheEntry {
  answer: Promise<IntrospectedClaims | null>;
  until: number;
}

// Keyed by a hash of the token, so the cache never holds a usable credential.
const cache = () => processSingleton("introspection-cache", () => new Map<string, CacheEntry>());
// The token behind a caller resolved by introspection, for re-checks by long-lived streams; kept off the Caller
// object itself so that logging or serialising a caller can never leak it.
const callerTokens = () => processSingleton("introspected-callers", () => new WeakMap<Caller, string>());

/**
 * The token's claims when the issuer says it is active, else null. Throws `unavailable` when the issuer cannot answer.
 * Only tokens that passed local verification get here, so only a token the issuer signed can cost a request.
 */
export function introspectToken(token: string): Promise<IntrospectedClaims | null> {
  const entries = cache();
  const key = createHash("sha256").update(token).digest("base64url");
  const now = Date.now();
  const cached = entries.get(key);
  if (cached && cached.until > now) return cached.answer;
  const answer = askIssuer(token);
  entries.delete(key);
  // A Map iterates in insertion order: when full, the oldest entry makes room, in constant time per insert.
  const oldest = entries.keys().next();
  if (entries.size >= CACHE_MAX_ENTRIES && !oldest.done) entries.delete(oldest.value);
  const entry = { answer, until: now + INTROSPECTION_CACHE_SECONDS * 1000 };
  entries.set(key, entry);
  // A failure is not an answer: the next request asks again (unless a newer answer has replaced this one).
  answer.catch(() => entries.get(key) === entry && entries.delete(key));
  return answer;
}

export function rememberIntrospectedCaller(caller: Caller, token: string): void {
  callerTokens().set(caller, token);
}

/** Re-introspects the token a caller was resolved from; undefined when the caller did not come from introspection. */
export async function isIntrospectedCallerActive(caller: Caller): Promise<boolean | undefined> {
  const token = callerTokens().get(caller);
  if (token === undefined) return undefined;
  return (await introspectToken(token)) !== null;
}

async function askIssuer(token: string): Promise<IntrospectedClaims | null> {
  const { config } = getRuntime();
  const { introspection_endpoint: endpoint } = await issuerMetadata(config.issuer);
  if (!endpoint) {
    throw new AppError("unavailable", `The identity provider at ${config.issuer} offers no token introspection; unset OIDC_INTROSPECTION`);
  }
  // RFC 6749 §2.3.1: the client id and secret are form-encoded before they are joined for HTTP Basic.
  const credentials = `${formEncode(config.clientId)}:${formEncode(config.clientSecret)}`;
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(credentials).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    },
    body: new URLSearchParams({ token, token_type_hint: "access_token" }).toString(),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  }).catch(() => undefined);
  if (!response) throw new AppError("unavailable", `The identity provider at ${config.issuer} did not answer the introspection request`);
  if (!response.ok) {
    await response.body?.cancel();
    throw new AppError(
      "unavailable",
      `The identity provider refused the introspection request (HTTP ${response.status}); check KEYCLOAK_CLIENT_ID and KEYCLOAK_CLIENT_SECRET`,
    );
  }
  const parsed = responseSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new AppError("unavailable", "The identity provider sent a malformed introspection response");
  return parsed.data.active ? (parsed.data as IntrospectedClaims) : null;
}

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, "+");
}
