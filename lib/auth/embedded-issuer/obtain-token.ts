// Headless authorization code + PKCE sign-in against the embedded issuer's login form, for tests and tooling.
import { createHash, randomBytes } from "node:crypto";
import { decodeJwt } from "jose";

export interface PasswordSignInOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  username: string;
  password: string;
  scope?: string;
  /** "client_secret_basic" (default) or "client_secret_post" at the token endpoint. */
  clientAuth?: "client_secret_basic" | "client_secret_post";
  /** The browser's cookies: pass one to keep the issuer session (and sign out of it later). */
  cookieJar?: CookieJar;
}

export interface TokenResponse {
  access_token: string;
  id_token: string;
  token_type: string;
  expires_in?: number;
  refresh_token?: string;
  scope?: string;
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
}

const MAX_STEPS = 12;

function random(): string {
  return randomBytes(32).toString("base64url");
}

function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, "+");
}

/** A browser's cookies for one origin, as far as the issuer's flows need them. */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(";");
      const separator = pair?.indexOf("=") ?? -1;
      if (!pair || separator <= 0) continue;
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      // The issuer deletes cookies by expiring them with an empty value.
      if (value === "" || /;\s*max-age=0/i.test(header) || /expires=Thu, 01 Jan 1970/i.test(header)) {
        this.#cookies.delete(name);
      } else {
        this.#cookies.set(name, value);
      }
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

function decodeHtmlAttribute(value: string): string {
  return value.replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}

function matchesRedirectUri(location: URL, redirectUri: URL): boolean {
  return location.origin === redirectUri.origin && location.pathname === redirectUri.pathname;
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery failed with HTTP ${response.status}`);
  return (await response.json()) as Discovery;
}

// Walks the browser part of the flow: authorization request, login form, consent, redirect to the client.
async function authorize(
  options: PasswordSignInOptions,
  discovery: Discovery,
  verifier: string,
  state: string,
  nonce: string,
): Promise<string> {
  const authorizationUrl = new URL(discovery.authorization_endpoint);
  authorizationUrl.search = new URLSearchParams({
    response_type: "code",
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    scope: options.scope ?? "openid email profile",
    state,
    nonce,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();

  const jar = options.cookieJar ?? new CookieJar();
  const redirectUri = new URL(options.redirectUri);
  let request: { url: URL; init: RequestInit } = { url: authorizationUrl, init: { method: "GET" } };
  let submitted = false;

  for (let step = 0; step < MAX_STEPS; step += 1) {
    const headers = new Headers(request.init.headers);
    const cookie = jar.header();
    if (cookie) headers.set("Cookie", cookie);
    const response = await fetch(request.url, { ...request.init, headers, redirect: "manual" });
    jar.store(response);

    const location = response.headers.get("location");
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, request.url);
      if (matchesRedirectUri(next, redirectUri)) {
        const error = next.searchParams.get("error");
        if (error) throw new Error(`authorization failed: ${error} ${next.searchParams.get("error_description") ?? ""}`.trim());
        if (next.searchParams.get("state") !== state) throw new Error("authorization response state mismatch");
        const code = next.searchParams.get("code");
        if (!code) throw new Error("authorization response carries no code");
        return code;
      }
      request = { url: next, init: { method: "GET" } };
      continue;
    }

    const html = await response.text();
    const action = /<form[^>]*\baction="([^"]+)"/i.exec(html)?.[1];
    if (submitted || !action || !/name="password"/.test(html)) {
      const invalid = html.includes("Invalid username or password.");
      throw new Error(invalid ? "sign-in rejected: invalid username or password" : `unexpected HTTP ${response.status} during sign-in`);
    }
    submitted = true;
    request = {
      url: new URL(decodeHtmlAttribute(action), request.url),
      init: {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: options.username, password: options.password }).toString(),
      },
    };
  }
  throw new Error("sign-in did not reach the redirect URI");
}

/** Runs the full code flow and returns the raw token endpoint response (including any refresh token). */
export async function requestTokensWithPassword(options: PasswordSignInOptions): Promise<TokenResponse> {
  const discovery = await discover(options.issuer);
  const verifier = random();
  const state = random();
  const nonce = random();
  const code = await authorize(options, discovery, verifier, state, nonce);

  const body = new URLSearchParams({
    grant_type: "authorization_code",
    code,
    redirect_uri: options.redirectUri,
    code_verifier: verifier,
  });
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" };
  if (options.clientAuth === "client_secret_post") {
    body.set("client_id", options.clientId);
    body.set("client_secret", options.clientSecret);
  } else {
    const credentials = `${formEncode(options.clientId)}:${formEncode(options.clientSecret)}`;
    headers.Authorization = `Basic ${Buffer.from(credentials).toString("base64")}`;
  }
  const response = await fetch(discovery.token_endpoint, { method: "POST", headers, body: body.toString() });
  const tokens = (await response.json()) as Partial<TokenResponse> & { error?: string };
  if (!response.ok || !tokens.access_token || !tokens.id_token) {
    throw new Error(`token request failed with HTTP ${response.status}: ${tokens.error ?? "no tokens returned"}`);
  }
  if (decodeJwt(tokens.id_token).nonce !== nonce) throw new Error("id_token nonce mismatch");
  return tokens as TokenResponse;
}

export async function obtainTokenWithPassword(
  options: Omit<PasswordSignInOptions, "scope" | "clientAuth">,
): Promise<{ accessToken: string; idToken: string }> {
  const tokens = await requestTokensWithPassword(options);
  return { accessToken: tokens.access_token, idToken: tokens.id_token };
}
