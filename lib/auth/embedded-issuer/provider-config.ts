// oidc-provider configuration that makes the embedded issuer behave like Modelport's Keycloak realm.
import { errors, type ClientLike, type Configuration, type KoaContext, type TokenLike } from "oidc-provider";
import { CLAIMS_BY_SCOPE, userClaims, type DevUser } from "./dev-users";
import { interactionUrl } from "./interactions";
import type { IssuerKeys } from "./keys";
import type { MemoryAdapterFactory } from "./memory-adapter";
import {
  PAGE_SECURITY_HEADERS,
  renderErrorPage,
  renderLogoutPage,
  renderMessagePage,
  renderSigningOutPage,
  SIGNING_OUT_SCRIPT_SOURCE,
} from "./pages";

export interface IssuerClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
}

export interface ProviderConfigInput {
  pathPrefix: string;
  users: DevUser[];
  clients: IssuerClient[];
  audience: string;
  resourceIndicator: string;
  keys: IssuerKeys;
  adapter: MemoryAdapterFactory;
}

// Keycloak's endpoint layout, so hand-built Keycloak URLs (e.g. the logout URL) also work here.
export const ROUTES = {
  authorization: "/protocol/openid-connect/auth",
  token: "/protocol/openid-connect/token",
  userinfo: "/protocol/openid-connect/userinfo",
  jwks: "/protocol/openid-connect/certs",
  end_session: "/protocol/openid-connect/logout",
  introspection: "/protocol/openid-connect/token/introspect",
  revocation: "/protocol/openid-connect/revoke",
  pushed_authorization_request: "/protocol/openid-connect/ext/par/request",
};

const SCOPES = ["openid", "email", "profile", "offline_access"];

// Seconds. Access and ID tokens are short-lived like Keycloak's; refresh tokens and sessions last a working day.
const TTL = {
  AccessToken: 15 * 60,
  IdToken: 15 * 60,
  AuthorizationCode: 60,
  Interaction: 10 * 60,
  RefreshToken: 10 * 60 * 60,
  Session: 10 * 60 * 60,
  Grant: 10 * 60 * 60,
};

function originOf(uri: string): string | undefined {
  try {
    return new URL(uri).origin;
  } catch {
    return undefined;
  }
}

function setPageHeaders(ctx: KoaContext): void {
  for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) ctx.set(name, value);
  ctx.type = "html";
}

/**
 * Like Keycloak, no confirmation when the relying party sends the signed-in account's own ID token as
 * `id_token_hint` (oidc-provider has already checked its signature and audience): only that relying party holds it.
 */
function isHintedBySignedInAccount(ctx: KoaContext): boolean {
  const subject = ctx.oidc?.entities.IdTokenHint?.payload.sub;
  return typeof subject === "string" && subject === ctx.oidc?.session?.accountId;
}

export function resourceIndicatorFor(audience: string): string {
  // Resource indicators must be absolute URIs; Keycloak audiences are usually bare client ids.
  return /^[a-z][a-z0-9+.-]*:/i.test(audience) ? audience : `urn:modelport:resource:${audience}`;
}

export function buildProviderConfiguration(input: ProviderConfigInput): Configuration {
  const { users, audience, resourceIndicator } = input;
  const findUserById = (accountId: string | undefined) => users.find((user) => user.username === accountId);

  return {
    adapter: input.adapter,
    clients: input.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: client.postLogoutRedirectUris ?? [],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    clientAuthMethods: ["client_secret_basic", "client_secret_post"],
    responseTypes: ["code"],
    scopes: SCOPES,
    claims: { ...CLAIMS_BY_SCOPE },
    // Keycloak puts the profile/email/group claims straight into the ID token; mapping code relies on that.
    conformIdTokenClaims: false,
    jwks: { keys: input.keys.signingKeys },
    // Mounted inside Modelport's own origin: namespaced names and a path scope keep the issuer's
    // cookies off the portal's requests.
    cookies: {
      keys: input.keys.cookieKeys,
      names: { session: "modelport_oidc_session", interaction: "modelport_oidc_interaction", resume: "modelport_oidc_resume" },
      long: { path: `${input.pathPrefix}/`, httpOnly: true, sameSite: "lax" },
    },
    pkce: { required: () => true },
    routes: ROUTES,
    ttl: TTL,
    interactions: { url: async (_ctx, interaction) => interactionUrl(input.pathPrefix, interaction.uid) },
    async findAccount(_ctx, sub) {
      const user = findUserById(sub);
      if (!user) return undefined;
      return { accountId: user.username, claims: async () => ({ ...userClaims(user) }) };
    },
    async issueRefreshToken(_ctx: KoaContext, client: ClientLike) {
      return client.grantTypeAllowed("refresh_token");
    },
    async extraTokenClaims(_ctx: KoaContext, token: TokenLike) {
      if (token.kind !== "AccessToken") return undefined;
      const user = findUserById(token.accountId);
      if (!user) return undefined;
      const { sub: _sub, ...claims } = userClaims(user);
      return { ...claims, azp: token.clientId, typ: "Bearer" };
    },
    clientBasedCORS(_ctx, origin, client) {
      return client.redirectUris.some((uri) => originOf(uri) === origin);
    },
    async renderError(ctx, out) {
      setPageHeaders(ctx);
      ctx.body = renderErrorPage(out.error, out.error_description);
    },
    features: {
      devInteractions: { enabled: false },
      // On by default from oidc-provider 9 on; enabled explicitly so DPoP-bound tokens stay available on 8.
      dPoP: { enabled: true },
      userinfo: { enabled: true },
      // JWT access tokens too: jwt-access-tokens.ts records them, so a revoked token or an ended session is inactive.
      introspection: {
        enabled: true,
        // Any confidential client (a resource server) may ask; a public one only about its own tokens.
        async allowedPolicy(ctx, client, token) {
          return client.clientAuthMethod !== "none" || token.clientId === client.clientId;
        },
      },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          setPageHeaders(ctx);
          if (isHintedBySignedInAccount(ctx)) {
            ctx.set(
              "Content-Security-Policy",
              `${PAGE_SECURITY_HEADERS["Content-Security-Policy"]}; script-src ${SIGNING_OUT_SCRIPT_SOURCE}`,
            );
            ctx.body = renderSigningOutPage(form);
            return;
          }
          ctx.body = renderLogoutPage(form);
        },
        async postLogoutSuccessSource(ctx) {
          setPageHeaders(ctx);
          ctx.body = renderMessagePage("Signed out", "You have been signed out of Modelport.");
        },
      },
      resourceIndicators: {
        enabled: true,
        // Every code flow gets a JWT access token for the Modelport API without asking for `resource`.
        async defaultResource() {
          return resourceIndicator;
        },
        async useGrantedResource() {
          return true;
        },
        async getResourceServerInfo(_ctx, resource) {
          if (resource !== resourceIndicator) throw new errors.InvalidTarget();
          return {
            scope: SCOPES.join(" "),
            audience,
            accessTokenTTL: TTL.AccessToken,
            accessTokenFormat: "jwt",
            jwt: { sign: { alg: "RS256" } },
          };
        },
      },
    },
  };
}
