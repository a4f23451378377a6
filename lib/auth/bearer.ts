// Resolves `Authorization: Bearer …`: the admin bootstrap token, a service-account token, or a JWT from the configured issuer.
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import { AppError } from "@/lib/errors";
import { getRuntime, processSingleton } from "@/lib/runtime";
import type { Caller } from "./caller";
import { callerFromClaims } from "./claims";
import { callerFromServiceAccountToken } from "./service-account-tokens";
import { SERVICE_ACCOUNT_TOKEN_PREFIX, secretsMatch } from "./secret-tokens";

const BOOTSTRAP_ADMIN: Caller = {
  kind: "bootstrap",
  subject: "bootstrap-admin",
  email: null,
  displayName: "Bootstrap admin token",
  isAdmin: true,
  tenantRoles: {},
};

function unauthenticated(message = "A valid bearer token is required"): AppError {
  return new AppError("unauthenticated", message);
}

export function bearerTokenOf(authorization: string | null): string | null {
  const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  return match ? match[1] : null;
}

export async function callerFromBearer(token: string): Promise<Caller> {
  const { config } = getRuntime();
  if (config.MODELPORT_ADMIN_TOKEN && secretsMatch(token, config.MODELPORT_ADMIN_TOKEN)) return BOOTSTRAP_ADMIN;
  if (token.startsWith(SERVICE_ACCOUNT_TOKEN_PREFIX)) {
    const caller = await callerFromServiceAccountToken(token);
    if (!caller) throw unauthenticated("The service-account token is unknown or revoked");
    return caller;
  }
  if (token.split(".").length !== 3) throw unauthenticated();
  try {
    const { payload, protectedHeader } = await jwtVerify(token, issuerKeys(config.issuer), {
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ["exp", "sub"],
    });
    if (!isAccessToken(payload.typ, protectedHeader.typ)) throw unauthenticated("Send an access token, not an ID token");
    return callerFromClaims(payload, config.MODELPORT_ADMIN_ROLE);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unauthenticated("The bearer token is not valid for this issuer and audience");
  }
}

/** Keycloak marks access tokens `typ: "Bearer"` (ID tokens `"ID"`); RFC 9068 issuers mark the header `at+jwt`. */
function isAccessToken(claimType: unknown, headerType: string | undefined): boolean {
  if (claimType === "Bearer") return true;
  return /^(application\/)?at\+jwt$/i.test(headerType ?? "") && claimType !== "ID";
}

/** The issuer's signing keys, found through its discovery document and cached (jose refetches on unknown key ids). */
function issuerKeys(issuer: string): JWTVerifyGetKey {
  const resolved = processSingleton(`jwks:${issuer}`, () => ({ keys: undefined as JWTVerifyGetKey | undefined }));
  return async (header, token) => {
    if (!resolved.keys) {
      const response = await fetch(`${issuer}/.well-known/openid-configuration`).catch(() => undefined);
      if (!response?.ok) throw new AppError("unavailable", `The identity provider at ${issuer} did not answer`);
      const discovery = (await response.json()) as { jwks_uri?: string };
      if (!discovery.jwks_uri) throw new AppError("unavailable", `The identity provider at ${issuer} publishes no jwks_uri`);
      resolved.keys = createRemoteJWKSet(new URL(discovery.jwks_uri));
    }
    return resolved.keys(header, token);
  };
}
