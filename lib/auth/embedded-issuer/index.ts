// Embedded OpenID Connect issuer: a Keycloak-compatible development identity provider built on oidc-provider.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Provider, type KoaContext } from "oidc-provider";
import { createSignInThrottle, type SignInThrottleOptions } from "@/lib/auth/sign-in-throttle";
import { throttleClientAuthentication } from "./client-auth-throttle";
import { DEV_USERS, type DevUser } from "./dev-users";
import { handleInteraction, matchInteractionPath } from "./interactions";
import { jwtAccessTokenIdResolver, recordJwtAccessTokens } from "./jwt-access-tokens";
import { loadOrCreateKeys, publicJwks } from "./keys";
import { createMemoryAdapter } from "./memory-adapter";
import { PAGE_SECURITY_HEADERS, renderMessagePage } from "./pages";
import { buildProviderConfiguration, resourceIndicatorFor, ROUTES, type IssuerClient } from "./provider-config";
import { createUserinfoMiddleware } from "./userinfo";

export { DEV_USERS, type DevUser } from "./dev-users";
export { obtainTokenWithPassword } from "./obtain-token";

export interface EmbeddedIssuerOptions {
  issuer: string;
  users?: DevUser[];
  password: string;
  clients: IssuerClient[];
  audience: string;
  keysPath?: string;
  /** Failed passwords and client secrets slow down, then lock briefly (defaults: 5 failures, 60 s). */
  signInThrottle?: SignInThrottleOptions;
}

export interface EmbeddedIssuer {
  issuer: string;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

export type StartEmbeddedIssuerOptions = Omit<EmbeddedIssuerOptions, "issuer"> & {
  port?: number;
  host?: string;
  pathPrefix?: string;
};

function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, "");
  if (trimmed === "") return "";
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

// Accepts both a full URL (/oidc/token) and one the caller already stripped (/token).
function stripPrefix(url: string, prefix: string): string {
  if (prefix && (url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`))) {
    const rest = url.slice(prefix.length);
    return rest.startsWith("/") ? rest : `/${rest}`;
  }
  return url;
}

// Drops the error page's headers and body; with no body, koa answers 404 with a plain-text "Not Found".
function respondNotFound(ctx: KoaContext): void {
  for (const name of Object.keys(PAGE_SECURITY_HEADERS)) ctx.remove(name);
  ctx.body = undefined;
  ctx.status = 404;
}

function failInteraction(res: ServerResponse, error: unknown): void {
  console.error(`embedded issuer: interaction failed: ${error instanceof Error ? error.message : String(error)}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const html = renderMessagePage("Sign-in error", "The sign-in could not be completed. Go back to Modelport and try again.");
  res.statusCode = 500;
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.end(html);
}

export async function createEmbeddedIssuer(options: EmbeddedIssuerOptions): Promise<EmbeddedIssuer> {
  if (!options.password) throw new Error("embedded issuer: a development password is required");
  if (options.clients.length === 0) throw new Error("embedded issuer: at least one client is required");
  // Kept verbatim: relying parties compare the `iss` claim with the configured issuer string exactly.
  const issuer = options.issuer;
  const pathPrefix = normalizePrefix(new URL(issuer).pathname);
  const users = options.users ?? DEV_USERS;
  const keys = await loadOrCreateKeys(options.keysPath);
  const resourceIndicator = resourceIndicatorFor(options.audience);
  const adapter = createMemoryAdapter({ jwtAccessTokenId: jwtAccessTokenIdResolver(issuer, keys) });

  const provider = new Provider(
    issuer,
    buildProviderConfiguration({
      pathPrefix,
      users,
      clients: options.clients,
      audience: options.audience,
      resourceIndicator,
      keys,
      adapter,
    }),
  );
  recordJwtAccessTokens(provider, adapter);
  // Behind an ingress or reverse proxy the public scheme and host arrive as X-Forwarded-* headers.
  provider.proxy = true;
  provider.use(async (ctx, next) => {
    // oidc-provider builds its absolute URLs from the mount path; the handler below strips it from req.url.
    ctx.mountPath = pathPrefix;
    await next();
    // No route matched (oidc-provider sets ctx.oidc on every route it serves): oidc-provider 8 answers with an
    // invalid_request error (JSON, or the HTML error page for browsers); answer a plain 404 Not Found instead.
    if (ctx.status === 404 && ctx.oidc === undefined) respondNotFound(ctx);
  });
  provider.use(createUserinfoMiddleware({ path: ROUTES.userinfo, issuer, audience: options.audience, jwks: publicJwks(keys), users }));
  provider.on("server_error", (_ctx, error) => {
    console.error(`embedded issuer: server error: ${error.message}`);
  });

  const throttle = createSignInThrottle(options.signInThrottle);
  provider.use(throttleClientAuthentication(throttle));

  const callback = provider.callback();
  const interactionContext = { provider, users, password: options.password, pathPrefix, throttle };

  return {
    issuer,
    handle(req, res) {
      const url = stripPrefix(req.url ?? "/", pathPrefix);
      req.url = url;
      const carrier = req as IncomingMessage & { originalUrl?: string };
      if (carrier.originalUrl !== undefined) carrier.originalUrl = `${pathPrefix}${url}`;

      const uid = matchInteractionPath(url.split("?")[0] ?? "/");
      if (uid) {
        handleInteraction(interactionContext, req, res, uid).catch((error: unknown) => failInteraction(res, error));
        return;
      }
      void callback(req, res);
    },
  };
}

function hostForUrl(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

export async function startEmbeddedIssuer(options: StartEmbeddedIssuerOptions): Promise<EmbeddedIssuer & { close(): Promise<void> }> {
  const { port = 0, host = "127.0.0.1", pathPrefix = "", ...issuerOptions } = options;
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => {
    if (handler) {
      handler(req, res);
      return;
    }
    res.statusCode = 503;
    res.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const closeServer = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });

  try {
    const { port: boundPort } = server.address() as AddressInfo;
    const issuer = await createEmbeddedIssuer({
      ...issuerOptions,
      issuer: `http://${hostForUrl(host)}:${boundPort}${normalizePrefix(pathPrefix)}`,
    });
    handler = issuer.handle;
    return { ...issuer, close: closeServer };
  } catch (error) {
    await closeServer();
    throw error;
  }
}
