// Minimal typings for the parts of oidc-provider 8 (which ships none) that the embedded issuer uses.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export interface KoaContext {
    method: string;
    path: string;
    status: number;
    body: unknown;
    type: string;
    mountPath?: string;
    /** oidc-provider's request context; set only on the routes it serves. */
    oidc?: OidcContext;
    get(field: string): string;
    set(field: string, value: string): void;
    remove(field: string): void;
  }

  export interface OidcContext {
    /** `IdTokenHint` is the decoded (and, by then, validated) `id_token_hint` of an end-session request. */
    entities: { IdTokenHint?: { payload: { sub?: unknown } } };
    session?: { accountId?: string };
  }

  /** An access token as the `access_token.issued` event hands it over (JWT access tokens are not saved). */
  export interface IssuedToken {
    jti?: string;
    format?: string;
    /** Lifetime in seconds. */
    expiration: number;
    constructor: { IN_PAYLOAD: string[] };
    [field: string]: unknown;
  }

  export type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>>;
  }

  export interface ClientMetadata {
    client_id: string;
    client_secret: string;
    redirect_uris: string[];
    post_logout_redirect_uris?: string[];
    grant_types?: string[];
    response_types?: string[];
    token_endpoint_auth_method?: string;
  }

  export interface ClientLike {
    clientId: string;
    redirectUris: string[];
    grantTypeAllowed(grantType: string): boolean;
  }

  export interface TokenLike {
    kind: string;
    accountId?: string;
    clientId?: string;
  }

  export interface ResourceServerInfo {
    scope: string;
    audience?: string;
    accessTokenTTL?: number;
    accessTokenFormat?: "opaque" | "jwt";
    jwt?: { sign?: { alg?: string } };
  }

  export interface ErrorOut {
    error: string;
    error_description?: string;
  }

  export interface InteractionLike {
    uid: string;
  }

  export interface Configuration {
    adapter: (model: string) => object;
    clients: ClientMetadata[];
    findAccount(ctx: KoaContext, sub: string, token?: TokenLike): Promise<Account | undefined>;
    jwks: { keys: object[] };
    cookies: {
      keys: string[];
      names?: { session?: string; interaction?: string; resume?: string };
      long?: { path?: string; httpOnly?: boolean; sameSite?: "lax" | "strict" | "none" };
    };
    claims: Record<string, string[] | null>;
    scopes: string[];
    conformIdTokenClaims: boolean;
    responseTypes: string[];
    clientAuthMethods: string[];
    clientDefaults?: Partial<ClientMetadata> & { id_token_signed_response_alg?: string };
    pkce: { required(ctx: KoaContext, client: ClientLike): boolean };
    routes: Record<string, string>;
    ttl: Record<string, number>;
    interactions: { url(ctx: KoaContext, interaction: InteractionLike): Promise<string> };
    issueRefreshToken(ctx: KoaContext, client: ClientLike, code: TokenLike): Promise<boolean>;
    extraTokenClaims(ctx: KoaContext, token: TokenLike): Promise<Record<string, unknown> | undefined>;
    clientBasedCORS(ctx: KoaContext, origin: string, client: ClientLike): boolean;
    renderError(ctx: KoaContext, out: ErrorOut, error: Error): Promise<void>;
    features: {
      devInteractions: { enabled: boolean };
      dPoP: { enabled: boolean };
      introspection: {
        enabled: boolean;
        allowedPolicy(ctx: KoaContext, client: ClientLike & { clientAuthMethod: string }, token: TokenLike): Promise<boolean>;
      };
      revocation: { enabled: boolean };
      rpInitiatedLogout: {
        enabled: boolean;
        logoutSource(ctx: KoaContext, form: string): Promise<void>;
        postLogoutSuccessSource(ctx: KoaContext): Promise<void>;
      };
      resourceIndicators: {
        enabled: boolean;
        defaultResource(ctx: KoaContext, client: ClientLike, oneOf?: string[]): Promise<string | string[] | undefined>;
        useGrantedResource(ctx: KoaContext, model: TokenLike): Promise<boolean>;
        getResourceServerInfo(ctx: KoaContext, resource: string, client: ClientLike): Promise<ResourceServerInfo>;
      };
      userinfo: { enabled: boolean };
    };
  }

  export interface PromptDetails {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  }

  export interface InteractionDetails {
    uid: string;
    returnTo: string;
    prompt: { name: string; reasons: string[]; details: PromptDetails };
    params: Record<string, unknown>;
    session?: { accountId: string; uid?: string; cookie?: string };
    grantId?: string;
  }

  export interface InteractionResults {
    login?: { accountId: string; remember?: boolean };
    consent?: { grantId?: string };
    error?: string;
    error_description?: string;
  }

  export class Grant {
    constructor(properties: { accountId: string; clientId: string });
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface GrantModel {
    new (properties: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  }

  export class Provider {
    constructor(issuer: string, configuration: Configuration);
    readonly issuer: string;
    proxy: boolean;
    readonly Grant: GrantModel;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    use(middleware: KoaMiddleware): this;
    on(event: "access_token.issued", listener: (token: IssuedToken) => void): this;
    on(event: string, listener: (ctx: KoaContext, error: Error) => void): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
  }

  export const errors: {
    InvalidTarget: new (description?: string) => Error;
  };

  export default Provider;
}
