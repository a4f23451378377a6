// oidc-provider stores no record of the JWT access tokens it issues, so it could neither introspect nor revoke them, and
// ending a session would leave them valid. Each one is recorded in the adapter instead (under its jti and grant, found
// through the JWT itself), and introspection, revocation and logout then treat it as they treat an opaque token.
import { createLocalJWKSet, jwtVerify } from "jose";
import type { IssuedToken, Provider } from "oidc-provider";
import { publicJwks, type IssuerKeys } from "./keys";
import type { AdapterPayload, MemoryAdapterFactory } from "./memory-adapter";

/** The `jti` of an access token this issuer signed, or undefined for anything else. */
export function jwtAccessTokenIdResolver(issuer: string, keys: IssuerKeys): (value: string) => Promise<string | undefined> {
  const keySet = createLocalJWKSet(publicJwks(keys));
  return async (value) => {
    try {
      const { payload } = await jwtVerify(value, keySet, { issuer, algorithms: ["RS256"], typ: "at+jwt" });
      return typeof payload.jti === "string" ? payload.jti : undefined;
    } catch {
      return undefined;
    }
  };
}

export function recordJwtAccessTokens(provider: Provider, adapter: MemoryAdapterFactory): void {
  provider.on("access_token.issued", (token: IssuedToken) => {
    if (token.format !== "jwt" || typeof token.jti !== "string") return;
    const now = Math.floor(Date.now() / 1000);
    // The fields oidc-provider itself would store for an opaque access token.
    const payload: AdapterPayload & { jti: string } = { jti: token.jti, iat: now, exp: now + token.expiration };
    for (const field of token.constructor.IN_PAYLOAD) {
      const value = token[field];
      if (value !== undefined && !(field in payload)) payload[field] = value;
    }
    adapter.rememberJwtAccessToken(payload, token.expiration);
  });
}
