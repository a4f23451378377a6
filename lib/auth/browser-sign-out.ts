// Signing a browser out in Modelport's own request, before next-auth clears the cookie: the session is revoked for
// every replica and the identity provider's logout URL handed back, or the sign-out fails visibly.
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { identityProviderLogoutUrl } from "./identity-logout";
import { revokeSession } from "./session-revocation";
import { liveSessionCaller, readSessionToken, type CookieReader } from "./session-token";

/**
 * Revokes the live session in the cookie, if there is one, and returns where the browser goes next (the identity
 * provider's logout URL, with the ID token only for a session that was live). Throws `unavailable` when the
 * revocation cannot be stored, so the browser does not act as signed out while the cookie, or a copy of it, still
 * works. next-auth's signOut event revokes again as a second line, but next-auth swallows its errors.
 *
 * Another replica that found this session "not revoked" within the last REVOCATION_CACHE_SECONDS (5 s) may accept it
 * for up to that long; this replica refuses it at once.
 */
export async function signOutBrowserSession(cookies: CookieReader): Promise<string | null> {
  const token = await readSessionToken(cookies);
  const live = await unavailableOnFailure("check the session", () => liveSessionCaller(token));
  // The logout URL first: if the issuer cannot be reached, nothing has been half done.
  const url = await identityProviderLogoutUrl(live ? token?.idToken : undefined);
  if (live?.sessionId && live.expiresAt) {
    const { sessionId, expiresAt } = live;
    await unavailableOnFailure("revoke the session", () => revokeSession(sessionId, expiresAt));
  }
  return url;
}

async function unavailableOnFailure<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isAppError(error)) throw error;
    logger.warn(`could not ${what} at sign-out`, { error: error instanceof Error ? error.message : String(error) });
    throw new AppError("unavailable", "Signing out failed: the session could not be ended on the server; try again");
  }
}
