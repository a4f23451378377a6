// Whether a caller resolved earlier may still act: long-lived work (streams) asks this again and again.
import { AppError, isAppError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import type { Caller } from "./caller";
import { isIntrospectedCallerActive } from "./introspection";
import { isServiceAccountActive } from "./service-account-tokens";
import { isSessionRevoked } from "./session-revocation";

/**
 * False once the caller's credential has expired, its browser session was signed out, its service account was
 * revoked (or its tenant deleted), or, for a token resolved by introspection, the issuer no longer calls it active.
 * Costs at most one indexed lookup or one introspection request, and session and introspection answers are cached
 * for a few seconds.
 *
 * False is only ever a definite "no". When the check cannot be made (the database or the identity provider does not
 * answer) it throws an AppError "unavailable" instead: the caller may well be fine, so a stream ends as something
 * to retry, not as a revocation the browser would take as final.
 */
export async function isCallerStillValid(caller: Caller): Promise<boolean> {
  if (caller.expiresAt && caller.expiresAt.getTime() <= Date.now()) return false;
  try {
    return await checkCredential(caller);
  } catch (error) {
    logger.warn("could not re-check a caller", { caller: caller.subject, error: error instanceof Error ? error.message : String(error) });
    if (isAppError(error) && error.code === "unavailable") throw error;
    throw new AppError("unavailable", "Could not check whether your access is still valid; try again shortly");
  }
}

async function checkCredential(caller: Caller): Promise<boolean> {
  switch (caller.kind) {
    case "bootstrap":
      return true;
    case "service-account":
      return caller.serviceAccountId !== undefined && (await isServiceAccountActive(caller.serviceAccountId));
    case "user":
      if (caller.sessionId !== undefined) return !(await isSessionRevoked(caller.sessionId));
      return (await isIntrospectedCallerActive(caller)) ?? true;
    default: {
      const unknown: never = caller.kind;
      throw new Error(`Unknown caller kind ${String(unknown)}`);
    }
  }
}
