// Resolves `Authorization: Bearer …`: the admin bootstrap token, a service-account token, or an access token (a JWT)
// from the configured issuer, checked locally and, with OIDC_INTROSPECTION, then also at the issuer.
import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { AppError } from "@/lib/errors";
import { getRuntime, processSingleton } from "@/lib/runtime";
import { systemCaller, type Caller } from "./caller";
import { callerFromClaims } from "./claims";
import { introspectToken, rememberIntrospectedCaller } from "./introspection";
import { issuerMetadata } from "./issuer-discovery";
import { callerFromServiceAccountToken } from "./service-account-tokens";
import { SERVICE_ACCOUNT_TOKEN_PREFIX, secretsMatch } from "./secret-tokens";

const BOOTSTRAP_ADMIN = systemCaller("bootstrap-admin", "Bootstrap admin token");

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
  // Keycloak's (and the embedded issuer's) access tokens are JWTs; anything else is refused without asking anyone.
  if (token.split(".").length !== 3) throw unauthenticated();
  const claims = await verifyAccessToken(token);
  if (!config.OIDC_INTROSPECTION) return withExpiry(callerFromClaims(claims, config.MODELPORT_ADMIN_ROLE), claims.exp);
  // Only a token that passed local verification (signature, issuer, audience, expiry, access token) is introspected:
  // random or forged tokens then cost neither a request to the issuer nor an entry in the introspection cache.
  return callerFromIntrospection(token);
}

/** The issuer says whether the token is still active (a revoked token or an ended session is not), and what it claims. */
async function callerFromIntrospection(token: string): Promise<Caller> {
  const { config } = getRuntime();
  const claims = await introspectToken(token);
  if (!claims) throw unauthenticated("The bearer token has been revoked or has expired at the identity provider");
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
