// next-auth options: sign-in through Keycloak, or through the embedded issuer speaking the same protocol and claims.
import { decodeJwt } from "jose";
import type { AuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import KeycloakProvider from "next-auth/providers/keycloak";
import { getRuntime } from "@/lib/runtime";
import type { Caller } from "./caller";
import { callerFromClaims, type IdentityClaims } from "./claims";

declare module "next-auth" {
  interface Session {
    caller?: Caller;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    caller?: Caller;
  }
}

let cached: { key: string; options: AuthOptions } | undefined;

export function getAuthOptions(): AuthOptions {
  const { config, authSecret } = getRuntime();
  const key = `${config.issuer}|${config.clientId}|${authSecret}`;
  if (cached?.key === key) return cached.options;
  const options: AuthOptions = {
    secret: authSecret,
    // Roles are read from the identity provider at sign-in; one hour bounds how long a removed role keeps working.
    session: { strategy: "jwt", maxAge: 60 * 60 },
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
      // Keycloak puts realm roles in the access token and groups where a mapper says; read both, as the embedded issuer does.
      jwt({ token, account, profile }) {
        if (account) {
          const accessClaims = account.access_token ? safeDecode(account.access_token) : {};
          const claims: IdentityClaims = { ...accessClaims, ...(profile as IdentityClaims | undefined) };
          if (!claims.groups) claims.groups = accessClaims.groups;
          if (!claims.realm_access) claims.realm_access = accessClaims.realm_access;
          token.caller = callerFromClaims(claims, config.MODELPORT_ADMIN_ROLE);
        }
        return token;
      },
      session({ session, token }) {
        session.caller = token.caller;
        return session;
      },
    },
  };
  cached = { key, options };
  return options;
}

function safeDecode(token: string): IdentityClaims {
  try {
    return decodeJwt(token) as IdentityClaims;
  } catch {
    return {};
  }
}

/** The signed-in browser user in a page or layout (Next's request scope), or null. */
export async function callerFromSession(): Promise<Caller | null> {
  const session = await getServerSession(getAuthOptions());
  return session?.caller ?? null;
}

/** The signed-in browser user behind a route handler's request, read from the session cookie, or null. */
export async function callerFromSessionCookie(request: NextRequest): Promise<Caller | null> {
  const token = await getToken({ req: request, secret: getRuntime().authSecret });
  return token?.caller ?? null;
}
