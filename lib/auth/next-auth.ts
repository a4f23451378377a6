// next-auth options: sign-in through Keycloak, or through the embedded issuer speaking the same protocol and claims.
import { randomUUID } from "node:crypto";
import { decodeJwt } from "jose";
import type { Account, AuthOptions, Profile } from "next-auth";
import type { JWT } from "next-auth/jwt";
import { cookies } from "next/headers";
import type { NextRequest } from "next/server";
import KeycloakProvider from "next-auth/providers/keycloak";
import { logger } from "@/lib/observability/logger";
import { getRuntime } from "@/lib/runtime";
import type { Caller } from "./caller";
import { callerFromClaims, type IdentityClaims } from "./claims";
import { revokeSession } from "./session-revocation";
import {
  encodeSessionToken,
  liveSessionCaller,
  readSessionToken,
  SESSION_MAX_AGE_SECONDS,
  SessionEndedError,
  usesSecureCookies,
} from "./session-token";

declare module "next-auth" {
  interface Session {
    caller?: Caller;
  }
}

let cached: { key: string; options: AuthOptions } | undefined;

export function getAuthOptions(): AuthOptions {
  const { config, authSecret } = getRuntime();
  const key = `${config.issuer}|${config.clientId}|${config.publicUrl}|${authSecret}`;
  if (cached?.key === key) return cached.options;
  const options: AuthOptions = {
    secret: authSecret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // The cookie is next-auth's JWE (dir + A256GCM): the ID token kept in it for signing out is encrypted, not just signed.
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS, encode: encodeSessionToken },
    useSecureCookies: usesSecureCookies(),
    pages: { signIn: "/signin" },
    providers: [
      KeycloakProvider({
        name: config.identity === "keycloak" ? "Keycloak" : "Modelport development sign-in",
        issuer: config.issuer,
        clientId: config.clientId,
        clientSecret: config.clientSecret,
      }),
    ],
    callbacks: {
      async jwt({ token, account, profile }) {
        if (account) return signedInToken(token, account, profile, config.MODELPORT_ADMIN_ROLE);
        if (!(await liveSessionCaller(token))) throw new SessionEndedError();
        return token;
      },
      session({ session, token }) {
        session.caller = token.caller;
        if (typeof token.exp === "number") session.expires = new Date(token.exp * 1000).toISOString();
        return session;
      },
    },
    events: {
      // A second line: the sign-out button has already revoked the session through /api/auth/logout-url, which can
      // fail visibly; next-auth swallows errors thrown here. Every replica refuses the cookie, and any copy, from now on.
      async signOut({ token }) {
        if (typeof token?.sid === "string" && typeof token.exp === "number") {
          await revokeSession(token.sid, new Date(token.exp * 1000));
        }
      },
    },
    logger: {
      error(code, metadata) {
        // An ended session at next-auth's session endpoint is expected; next-auth clears its cookie.
        if (metadata instanceof SessionEndedError) return;
        const error = metadata instanceof Error ? metadata : metadata?.error;
        logger.error("next-auth error", { code, error: error instanceof Error ? error.message : undefined });
      },
      warn(code) {
        logger.warn("next-auth warning", { code });
      },
      debug() {},
    },
  };
  cached = { key, options };
  return options;
}

// Keycloak puts realm roles in the access token and groups where a mapper says; read both, as the embedded issuer does.
function signedInToken(token: JWT, account: Account, profile: Profile | undefined, adminRole: string): JWT {
  const accessClaims = account.access_token ? safeDecode(account.access_token) : {};
  const claims: IdentityClaims = { ...accessClaims, ...(profile as IdentityClaims | undefined) };
  if (!claims.groups) claims.groups = accessClaims.groups;
  if (!claims.realm_access) claims.realm_access = accessClaims.realm_access;
  token.caller = callerFromClaims(claims, adminRole);
  token.sid = randomUUID();
  token.idToken = account.id_token;
  return token;
}

function safeDecode(token: string): IdentityClaims {
  try {
    return decodeJwt(token) as IdentityClaims;
  } catch {
    return {};
  }
}

/** The signed-in browser user in a page or layout (Next's request scope), or null once the session has ended. */
export async function callerFromSession(): Promise<Caller | null> {
  return liveSessionCaller(await readSessionToken(await cookies()));
}

/** The signed-in browser user behind a route handler's request, read from the session cookie, or null. */
export async function callerFromSessionCookie(request: NextRequest): Promise<Caller | null> {
  return liveSessionCaller(await readSessionToken(request.cookies));
}
