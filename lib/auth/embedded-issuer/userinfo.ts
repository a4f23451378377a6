// Userinfo for the issuer's JWT access tokens, which oidc-provider's own userinfo refuses because they carry an audience.
import { createLocalJWKSet, jwtVerify, type JWK } from "jose";
import type { KoaContext, KoaMiddleware } from "oidc-provider";
import { claimsForScopes, type DevUser } from "./dev-users";

export interface UserinfoOptions {
  path: string;
  issuer: string;
  audience: string;
  jwks: { keys: JWK[] };
  users: DevUser[];
}

function reject(ctx: KoaContext, issuer: string, status: number, error: string, description: string): void {
  ctx.status = status;
  ctx.set("WWW-Authenticate", `Bearer realm="${issuer}", error="${error}", error_description="${description}"`);
  ctx.body = { error, error_description: description };
}

export function createUserinfoMiddleware(options: UserinfoOptions): KoaMiddleware {
  const keySet = createLocalJWKSet(options.jwks);
  return async (ctx, next) => {
    if (ctx.path !== options.path || (ctx.method !== "GET" && ctx.method !== "POST")) return next();
    const bearer = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/i.exec(ctx.get("authorization"));
    // Without a bearer header oidc-provider still answers (form-body tokens, proper error responses).
    if (!bearer) return next();

    ctx.set("Cache-Control", "no-store");
    let subject: string | undefined;
    let scope: string;
    try {
      const { payload } = await jwtVerify(bearer[1], keySet, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ["RS256"],
        typ: "at+jwt",
      });
      subject = payload.sub;
      scope = typeof payload.scope === "string" ? payload.scope : "";
    } catch {
      reject(ctx, options.issuer, 401, "invalid_token", "invalid token provided");
      return;
    }
    const scopes = new Set(scope.split(" ").filter(Boolean));
    if (!scopes.has("openid")) {
      reject(ctx, options.issuer, 403, "insufficient_scope", "access token missing openid scope");
      return;
    }
    const user = options.users.find((candidate) => candidate.username === subject);
    if (!user) {
      reject(ctx, options.issuer, 401, "invalid_token", "token subject is no longer a known user");
      return;
    }
    ctx.status = 200;
    ctx.body = claimsForScopes(user, scopes);
  };
}
