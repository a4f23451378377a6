// The embedded issuer ends what it issued: introspection and revocation of its JWT access tokens, and RP-initiated
// logout that ends the whole issuer session without a confirmation when the relying party sends its ID token.
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedIssuer } from "./index";
import { CookieJar, requestTokensWithPassword } from "./obtain-token";

const PASSWORD = "correct horse battery staple";
const REDIRECT_URI = "http://127.0.0.1:3999/api/auth/callback/keycloak";
const POST_LOGOUT_URI = "http://127.0.0.1:3999/";
const CLIENT = {
  clientId: "modelport-portal",
  clientSecret: "portal-test-secret",
  redirectUris: [REDIRECT_URI],
  postLogoutRedirectUris: [POST_LOGOUT_URI],
};
const OTHER = { clientId: "other-app", clientSecret: "other-app-secret", redirectUris: ["http://127.0.0.1:3998/cb"] };

type Issuer = Awaited<ReturnType<typeof startEmbeddedIssuer>>;

interface Discovery {
  authorization_endpoint: string;
  introspection_endpoint: string;
  revocation_endpoint: string;
  end_session_endpoint: string;
}

function basic(client: { clientId: string; clientSecret: string }): string {
  return `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`;
}

async function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form).toString(),
    redirect: "manual",
  });
}

describe("embedded issuer: introspection, revocation and logout", () => {
  let dir: string;
  let issuer: Issuer;
  let discovery: Discovery;

  const signIn = (username: string, cookieJar?: CookieJar) =>
    requestTokensWithPassword({
      issuer: issuer.issuer,
      clientId: CLIENT.clientId,
      clientSecret: CLIENT.clientSecret,
      redirectUri: REDIRECT_URI,
      username,
      password: PASSWORD,
      cookieJar,
    });

  const introspect = async (token: string, client: { clientId: string; clientSecret: string } = CLIENT) => {
    const response = await postForm(discovery.introspection_endpoint, { token }, { authorization: basic(client) });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };

  // Where an authorization request with the browser's cookies goes: straight back to the client, or to a login form.
  const authorizationLandsOn = async (jar: CookieJar): Promise<"client" | "login form"> => {
    const url = new URL(discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: "code",
      client_id: CLIENT.clientId,
      redirect_uri: REDIRECT_URI,
      scope: "openid",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
    }).toString();
    let next: URL = url;
    for (let step = 0; step < 5; step += 1) {
      const response = await fetch(next, { headers: { cookie: jar.header() }, redirect: "manual" });
      jar.store(response);
      const location = response.headers.get("location");
      if (!location) return (await response.text()).includes('name="password"') ? "login form" : "client";
      await response.body?.cancel();
      next = new URL(location, next);
      if (next.toString().startsWith(REDIRECT_URI)) return "client";
    }
    throw new Error("authorization did not settle");
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "issuer-session-end-"));
    issuer = await startEmbeddedIssuer({
      password: PASSWORD,
      clients: [CLIENT, OTHER],
      audience: "modelport",
      keysPath: path.join(dir, "keys.json"),
      pathPrefix: "/oidc",
    });
    discovery = (await (await fetch(`${issuer.issuer}/.well-known/openid-configuration`)).json()) as Discovery;
  });

  afterAll(async () => {
    await issuer?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("publishes Keycloak's introspection and revocation paths", () => {
    expect(discovery.introspection_endpoint).toBe(`${issuer.issuer}/protocol/openid-connect/token/introspect`);
    expect(discovery.revocation_endpoint).toBe(`${issuer.issuer}/protocol/openid-connect/revoke`);
  });

  it("introspects its JWT access token with the claims Keycloak would return", async () => {
    const tokens = await signIn("alice");
    const claims = await introspect(tokens.access_token);
    expect(claims).toMatchObject({
      active: true,
      sub: "alice",
      client_id: CLIENT.clientId,
      aud: "modelport",
      typ: "Bearer",
      token_type: "Bearer",
      iss: issuer.issuer,
      email: "alice@modelport.local",
      groups: ["/tenants/tenant-a/member"],
    });
    expect(claims.exp).toBe(decodeJwt(tokens.access_token).exp);
    // Another confidential client (a resource server) may introspect it too.
    expect((await introspect(tokens.access_token, OTHER)).active).toBe(true);
  });

  it("refuses introspection without the client's credentials and answers inactive for anything it did not issue as an access token", async () => {
    const tokens = await signIn("bob");
    const anonymous = await postForm(discovery.introspection_endpoint, { token: tokens.access_token });
    expect(anonymous.status).toBe(400);
    const wrongSecret = await postForm(
      discovery.introspection_endpoint,
      { token: tokens.access_token },
      { authorization: basic({ ...CLIENT, clientSecret: "guess" }) },
    );
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).not.toHaveProperty("active");
    expect((await introspect(tokens.id_token)).active).toBe(false);
    // The record behind a JWT is found through the JWT only, not through its bare jti.
    expect((await introspect(String(decodeJwt(tokens.access_token).jti))).active).toBe(false);
    const [header, payload] = tokens.access_token.split(".");
    expect((await introspect(`${header}.${payload}.${"A".repeat(342)}`)).active).toBe(false);
  });

  it("makes a revoked access token inactive at once, and only that token", async () => {
    const first = await signIn("alice");
    const second = await signIn("alice");
    const revoked = await postForm(
      discovery.revocation_endpoint,
      { token: first.access_token, token_type_hint: "access_token" },
      { authorization: basic(CLIENT) },
    );
    expect(revoked.status).toBe(200);
    expect((await introspect(first.access_token)).active).toBe(false);
    expect((await introspect(second.access_token)).active).toBe(true);
  });

  it("signs out without asking when sent the signed-in account's ID token, ending the issuer session and its tokens", async () => {
    const jar = new CookieJar();
    const tokens = await signIn("victor", jar);
    expect(await authorizationLandsOn(jar)).toBe("client");

    const url = new URL(discovery.end_session_endpoint);
    url.search = new URLSearchParams({
      client_id: CLIENT.clientId,
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: POST_LOGOUT_URI,
    }).toString();
    const page = await fetch(url, { headers: { cookie: jar.header() }, redirect: "manual" });
    jar.store(page);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Signing out");
    expect(html).not.toContain("Stay signed in");
    // The page submits itself: the CSP allows exactly its one inline script.
    const script = /<script>([^<]+)<\/script>/.exec(html)?.[1] ?? "";
    expect(page.headers.get("content-security-policy")).toContain(
      `script-src 'sha256-${createHash("sha256").update(script).digest("base64")}'`,
    );

    const action = /<form id="op.logoutForm" method="post" action="([^"]+)">/.exec(html)?.[1] ?? "";
    const fields = Object.fromEntries(
      [...html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"\/>/g)].map((match) => [match[1], match[2]]),
    );
    expect(fields.logout).toBe("yes");
    const confirmed = await postForm(new URL(action, url).toString(), fields, { cookie: jar.header() });
    jar.store(confirmed);
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("location")).toBe(POST_LOGOUT_URI);

    expect((await introspect(tokens.access_token)).active).toBe(false);
    expect(await authorizationLandsOn(jar)).toBe("login form");
  });

  it("still asks for confirmation when no ID token is sent", async () => {
    const jar = new CookieJar();
    await signIn("admin", jar);
    const url = new URL(discovery.end_session_endpoint);
    url.search = new URLSearchParams({ client_id: CLIENT.clientId, post_logout_redirect_uri: POST_LOGOUT_URI }).toString();
    const page = await fetch(url, { headers: { cookie: jar.header() } });
    const html = await page.text();
    expect(html).toContain("Sign out of Modelport?");
    expect(html).toContain("Stay signed in");
    expect(html).not.toContain("<script>");
  });
});
