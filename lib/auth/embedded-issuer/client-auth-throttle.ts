// Client secrets guessed at the issuer's token endpoint (and introspection, revocation) are throttled like passwords.
import type { IncomingMessage } from "node:http";
import type { KoaContext, KoaMiddleware } from "oidc-provider";
import { clientAddressOf, pause, retryAfterSeconds, type SignInThrottle } from "@/lib/auth/sign-in-throttle";
import { ROUTES } from "./provider-config";

// Counted under one pseudo-account per client address; no username can collide with it (it has a space).
const CLIENT_AUTHENTICATION = "client authentication";

function answersInvalidClient(ctx: KoaContext): boolean {
  const body = ctx.body as { error?: unknown } | undefined;
  return ctx.status === 401 && typeof body === "object" && body !== null && body.error === "invalid_client";
}

/**
 * Only failed client authentication counts, not invalid codes or refresh tokens: every code exchange of the
 * portal comes from its own address, and a made-up code sent through its callback must not lock everyone out.
 */
export function throttleClientAuthentication(throttle: SignInThrottle): KoaMiddleware {
  return async (ctx, next) => {
    // The sign-out form is a browser's POST, not a client authenticating.
    if (ctx.method !== "POST" || ctx.path === ROUTES.end_session) return next();
    const client = clientAddressOf((ctx as KoaContext & { req: IncomingMessage }).req);
    const lockedForMs = await throttle.lockedFor(client, CLIENT_AUTHENTICATION);
    if (lockedForMs > 0) {
      ctx.status = 429;
      ctx.set("Retry-After", retryAfterSeconds(lockedForMs));
      ctx.set("Cache-Control", "no-store");
      ctx.body = {
        error: "temporarily_unavailable",
        error_description: `Too many failed client authentications from your address; try again in ${retryAfterSeconds(lockedForMs)} seconds`,
      };
      return;
    }
    await next();
    if (answersInvalidClient(ctx)) await pause((await throttle.recordFailure(client, CLIENT_AUTHENTICATION)).delayMs);
  };
}
