// The browser session's token (next-auth's encrypted cookie): read it, and decide whether it is still live.
import { decode, encode, type JWT, type JWTEncodeParams } from "next-auth/jwt";
import { getRuntime } from "@/lib/runtime";
import type { Caller } from "./caller";
import { isSessionRevoked } from "./session-revocation";

declare module "next-auth/jwt" {
  interface JWT {
    caller?: Caller;
    /** The session's id, set at sign-in and kept for its life; signing out revokes it. */
    sid?: string;
    /** The ID token from sign-in, sent as `id_token_hint` when signing out of the identity provider. */
    idToken?: string;
  }
}

// Roles are read from the identity provider at sign-in; one hour from then, never extended, bounds how long a
// removed role keeps working.
export const SESSION_MAX_AGE_SECONDS = 60 * 60;

/** Thrown from next-auth's jwt callback so its session endpoint clears the cookie instead of re-issuing it. */
export class SessionEndedError extends Error {
  constructor() {
    super("The session has expired or was signed out");
    this.name = "SessionEndedError";
  }
}

export interface CookieReader {
  get(name: string): { value: string } | undefined;
}

/** next-auth names the cookie `__Secure-…` on an HTTPS site; both sides derive it from MODELPORT_PUBLIC_URL. */
export function usesSecureCookies(): boolean {
  return getRuntime().config.publicUrl.startsWith("https://");
}

/**
 * next-auth stamps every token it re-encodes with a fresh `exp` (a session that slides forever while in use); this
 * keeps the `exp` set at sign-in, so the token's own expiry is the session's. New tokens (the session at sign-in,
 * next-auth's short-lived sign-in checks) keep the lifetime next-auth asks for.
 */
export function encodeSessionToken(params: JWTEncodeParams): Promise<string> {
  const exp = params.token?.exp;
  if (typeof exp !== "number") return encode({ ...params, maxAge: params.maxAge ?? SESSION_MAX_AGE_SECONDS });
  return encode({ ...params, maxAge: Math.max(0, exp - Math.floor(Date.now() / 1000)) });
}

/** The decrypted session token from the request's cookies (joined again if next-auth split it), or null. */
export async function readSessionToken(cookies: CookieReader): Promise<JWT | null> {
  const value = readSessionCookie(cookies);
  if (!value) return null;
  try {
    return await decode({ token: value, secret: getRuntime().authSecret });
  } catch {
    return null;
  }
}

/** The caller a session token stands for while it is live: issued with a session id, not expired, not signed out. */
export async function liveSessionCaller(token: JWT | null): Promise<Caller | null> {
  if (!token?.caller || typeof token.sid !== "string" || typeof token.exp !== "number") return null;
  // Checked here, not left to decode(): next-auth accepts a token up to 15 seconds past its `exp`.
  if (token.exp * 1000 <= Date.now()) return null;
  if (await isSessionRevoked(token.sid)) return null;
  return { ...token.caller, sessionId: token.sid, expiresAt: new Date(token.exp * 1000) };
}

function readSessionCookie(cookies: CookieReader): string | undefined {
  const name = `${usesSecureCookies() ? "__Secure-" : ""}next-auth.session-token`;
  const whole = cookies.get(name)?.value;
  if (whole) return whole;
  // A token too large for one cookie arrives as name.0, name.1, …
  const chunks: string[] = [];
  for (let index = 0; ; index += 1) {
    const chunk = cookies.get(`${name}.${index}`)?.value;
    if (chunk === undefined) break;
    chunks.push(chunk);
  }
  return chunks.length > 0 ? chunks.join("") : undefined;
}
