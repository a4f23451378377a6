// Resolves `Authorization: Bearer …`: the admin bootstrap token, a service-account token, or a token from the configured
// issuer (a JWT checked locally and, with OIDC_INTROSPECTION, also at the issuer; an opaque token only there).
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { AppError } from "@/lib/errors";
import { getRuntime, processSingleton } from "@/lib/runtime";
import type { Caller } from "./caller";
import { callerFromClaims } from "./claims";
import { introspectToken, rememberIntrospectedCaller, type IntrospectedClaims } from "./introspection";
import { issuerMetadata } from "./issuer-discovery";
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
  const isJwt = token.split(".").length === 3;
  if (!config.OIDC_INTROSPECTION) {
    if (!isJwt) throw unauthenticated();
    const claims = await verifyAccessToken(token);
    return withExpiry(callerFromClaims(claims, config.MODELPORT_ADMIN_ROLE), claims.exp);
  }
  // A JWT is still checked here first, so an ID token or another audience's token is refused without asking the issuer.
  if (isJwt) await verifyAccessToken(token);
  return callerFromIntrospection(token, isJwt);
}

/** The issuer says whether the token is still active (a revoked token or an ended session is not), and what it claims. */
async function callerFromIntrospection(token: string, checkedLocally: boolean): Promise<Caller> {
  const { config } = getRuntime();
  const claims = await introspectToken(token);
  if (!claims) throw unauthenticated("The bearer token has been revoked or has expired at the identity provider");
  if (!checkedLocally && !isIntrospectedAccessToken(claims)) throw unauthenticated("Send an access token, not an ID or refresh token");
  if (!hasAudience(claims.aud, config.audience)) throw unauthenticated("The bearer token is not valid for this issuer and audience");
  const caller = withExpiry(callerFromClaims(claims, config.MODELPORT_ADMIN_ROLE), claims.exp);
  rememberIntrospectedCaller(caller, token);
  return caller;
}

async function verifyAccessToken(token: string): Promise<JWTPayload> {
  const { config } = getRuntime();
  try {
    const { payload, protectedHeader } = await jwtVerify(token, issuerKeys(config.issuer), {
      issuer: config.issuer,
      audience: config.audience,
      requiredClaims: ["exp", "sub"],
    });
    if (!isAccessToken(payload.typ, protectedHeader.typ)) throw unauthenticated("Send an access token, not an ID token");
    return payload;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unauthenticated("The bearer token is not valid for this issuer and audience");
  }
}

function withExpiry(caller: Caller, exp: unknown): Caller {
  return typeof exp === "number" ? { ...caller, expiresAt: new Date(exp * 1000) } : caller;
}

function hasAudience(aud: unknown, audience: string): boolean {
  return aud === audience || (Array.isArray(aud) && aud.includes(audience));
}

/** Keycloak echoes the token's `typ` (`Bearer`, `ID`, `Refresh`); other issuers say `token_type: Bearer` for access tokens. */
function isIntrospectedAccessToken(claims: IntrospectedClaims): boolean {
  if (claims.typ !== undefined) return claims.typ === "Bearer";
  return typeof claims.token_type === "string" && /^(bearer|dpop)$/i.test(claims.token_type);
}

/** Keycloak marks access tokens `typ: "Bearer"` (ID tokens `"ID"`); RFC 9068 issuers mark the header `at+jwt`. */
function isAccessToken(claimType: unknown, headerType: string | undefined): boolean {
  if (claimType === "Bearer") return true;
  return /^(application\/)?at\+jwt$/i.test(headerType ?? "") && claimType !== "ID";
}

/** The issuer's signing keys, found through its discovery document (jose refetches them on unknown key ids). */
function issuerKeys(issuer: string): JWTVerifyGetKey {
  const resolved = processSingleton(`jwks:${issuer}`, () => ({ keys: undefined as JWTVerifyGetKey | undefined }));
  return async (header, token) => {
    if (!resolved.keys) {
      const { jwks_uri: jwksUri } = await issuerMetadata(issuer);
      if (!jwksUri) throw new AppError("unavailable", `The identity provider at ${issuer} publishes no jwks_uri`);
      resolved.keys = createRemoteJWKSet(new URL(jwksUri));
    }
    return resolved.keys(header, token);
  };
}
