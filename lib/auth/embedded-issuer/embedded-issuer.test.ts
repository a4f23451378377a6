// End-to-end tests of the embedded issuer: code + PKCE flow under /oidc, Keycloak claim shapes, key persistence.
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedIssuer } from "./index";
import { obtainTokenWithPassword, requestTokensWithPassword } from "./obtain-token";

const PASSWORD = "correct horse battery staple";
const AUDIENCE = "modelport";
const REDIRECT_URI = "http://127.0.0.1:3999/api/auth/callback/keycloak";
const CLIENT = {
  clientId: "modelport-portal",
  clientSecret: "portal-test-secret",
  redirectUris: [REDIRECT_URI],
  postLogoutRedirectUris: ["http://127.0.0.1:3999/"],
};

type Issuer = Awaited<ReturnType<typeof startEmbeddedIssuer>>;

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  jwks_uri: string;
  end_session_endpoint: string;
  code_challenge_methods_supported: string[];
  token_endpoint_auth_methods_supported: string[];
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  expect(response.status).toBe(200);
  return (await response.json()) as Discovery;
}

function signIn(issuer: string, username: string, password = PASSWORD) {
  return { issuer, clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret, redirectUri: REDIRECT_URI, username, password };
}

// Opens the login page by hand (no helper) so the page itself and a failed attempt can be inspected.
async function openLoginPage(discovery: Discovery) {
  const state = randomBytes(16).toString("base64url");
  const verifier = randomBytes(32).toString("base64url");
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: CLIENT.clientId,
    redirect_uri: REDIRECT_URI,
    scope: "openid email profile",
    state,
    nonce: randomBytes(16).toString("base64url"),
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  const authorization = await fetch(url, { redirect: "manual" });
  expect(authorization.status).toBe(303);
  const cookie = authorization.headers
    .getSetCookie()
    .map((header) => header.split(";")[0])
    .join("; ");
  const loginUrl = new URL(authorization.headers.get("location") ?? "", url);
  const page = await fetch(loginUrl, { headers: { cookie }, redirect: "manual" });
  return { page, html: await page.text(), loginUrl, cookie, state };
}

describe("embedded issuer", () => {
  let dir: string;
  let keysPath: string;
  let issuer: Issuer;
  let discovery: Discovery;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "embedded-issuer-"));
    keysPath = path.join(dir, "nested", "issuer-keys.json");
    issuer = await startEmbeddedIssuer({ password: PASSWORD, clients: [CLIENT], audience: AUDIENCE, keysPath, pathPrefix: "/oidc" });
    discovery = await discover(issuer.issuer);
  });

  afterAll(async () => {
    await issuer?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("serves discovery and JWKS under the /oidc path prefix", async () => {
    expect(issuer.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oidc$/);
    expect(discovery.issuer).toBe(issuer.issuer);
    for (const endpoint of [
      discovery.authorization_endpoint,
      discovery.token_endpoint,
      discovery.jwks_uri,
      discovery.userinfo_endpoint,
      discovery.end_session_endpoint,
    ]) {
      expect(endpoint.startsWith(`${issuer.issuer}/`)).toBe(true);
    }
    expect(discovery.code_challenge_methods_supported).toEqual(["S256"]);
    expect(discovery.token_endpoint_auth_methods_supported).toEqual(expect.arrayContaining(["client_secret_basic", "client_secret_post"]));
    const jwks = (await (await fetch(discovery.jwks_uri)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig" });
    expect(jwks.keys[0]).not.toHaveProperty("d");
  });

  it("renders a self-contained login page and rejects a wrong password without redirecting", async () => {
    const { page, html, loginUrl, cookie } = await openLoginPage(discovery);
    expect(page.status).toBe(200);
    expect(loginUrl.pathname.startsWith("/oidc/interaction/")).toBe(true);
    expect(html).toContain("<title>Sign in to Modelport</title>");
    expect(html).toMatch(/<label for="username">Username<\/label>/);
    expect(html).toMatch(/<label for="password">Password<\/label>/);
    expect(html).toMatch(/<input id="username" name="username"/);
    expect(html).toMatch(/<input id="password" name="password" type="password"/);
    expect(html).toMatch(/<button type="submit">Sign in<\/button>/);
    expect(html).toContain("MODELPORT_DEV_PASSWORD");
    for (const username of ["admin", "alice", "bob", "victor"]) expect(html).toContain(`<code>${username}</code>`);
    expect(html).not.toContain(PASSWORD);
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);

    const post = (password: string) =>
      fetch(loginUrl, {
        method: "POST",
        redirect: "manual",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: "alice", password }).toString(),
      });
    const wrong = await post("not-the-password");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("location")).toBeNull();
    expect(wrong.headers.getSetCookie().some((header) => header.startsWith("modelport_oidc_session="))).toBe(false);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain("Invalid username or password.");
    expect(wrongHtml).not.toContain("not-the-password");

    // The same sign-in attempt can be retried with the right password.
    const right = await post(PASSWORD);
    expect(right.status).toBe(303);
    expect(right.headers.get("location")).toMatch(/\/oidc\/protocol\/openid-connect\/auth\//);
  });

  it("issues alice a Keycloak-shaped JWT access token and ID token", async () => {
    const { accessToken, idToken } = await obtainTokenWithPassword(signIn(issuer.issuer, "alice"));
    const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));

    expect(decodeProtectedHeader(accessToken).alg).toBe("RS256");
    const { payload: at } = await jwtVerify(accessToken, jwks, { issuer: issuer.issuer, audience: AUDIENCE });
    expect(at).toMatchObject({
      iss: issuer.issuer,
      sub: "alice",
      aud: AUDIENCE,
      azp: CLIENT.clientId,
      preferred_username: "alice",
      email: "alice@modelport.local",
      name: "Alice (tenant-a member)",
      groups: ["/tenants/tenant-a/member"],
      realm_access: { roles: [] },
    });
    expect(typeof at.exp).toBe("number");
    expect(typeof at.iat).toBe("number");
    expect(String(at.scope).split(" ")).toEqual(expect.arrayContaining(["openid", "email", "profile"]));

    const { payload: id } = await jwtVerify(idToken, jwks, { issuer: issuer.issuer, audience: CLIENT.clientId });
    expect(id).toMatchObject({
      sub: "alice",
      email: "alice@modelport.local",
      email_verified: true,
      name: "Alice (tenant-a member)",
      preferred_username: "alice",
      groups: ["/tenants/tenant-a/member"],
      realm_access: { roles: [] },
    });
  });

  it("gives admin the modelport-admin realm role and victor the viewer group", async () => {
    const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
    const admin = await obtainTokenWithPassword(signIn(issuer.issuer, "admin"));
    const { payload } = await jwtVerify(admin.accessToken, jwks, { issuer: issuer.issuer, audience: AUDIENCE });
    expect(payload.realm_access).toEqual({ roles: ["modelport-admin"] });
    expect(payload.groups).toEqual([]);
    const { payload: adminId } = await jwtVerify(admin.idToken, jwks, { issuer: issuer.issuer, audience: CLIENT.clientId });
    expect(adminId.realm_access).toEqual({ roles: ["modelport-admin"] });

    const victor = await obtainTokenWithPassword(signIn(issuer.issuer, "Victor"));
    const { payload: victorAt } = await jwtVerify(victor.accessToken, jwks, { issuer: issuer.issuer, audience: AUDIENCE });
    expect(victorAt.groups).toEqual(["/tenants/tenant-a/viewer"]);
  });

  it("refuses a wrong password in the headless helper", async () => {
    await expect(obtainTokenWithPassword(signIn(issuer.issuer, "bob", "wrong"))).rejects.toThrow(/invalid username or password/);
    await expect(obtainTokenWithPassword(signIn(issuer.issuer, "mallory"))).rejects.toThrow(/invalid username or password/);
  });

  it("answers userinfo for the JWT access token and rejects a bad token", async () => {
    const { accessToken } = await obtainTokenWithPassword(signIn(issuer.issuer, "bob"));
    const response = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      sub: "bob",
      email: "bob@modelport.local",
      email_verified: true,
      name: "Bob (tenant-b member)",
      preferred_username: "bob",
      groups: ["/tenants/tenant-b/member"],
      realm_access: { roles: [] },
    });
    const forged = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${accessToken.slice(0, -4)}AAAA` } });
    expect(forged.status).toBe(401);
  });

  it("accepts client_secret_post and refreshes tokens", async () => {
    const tokens = await requestTokensWithPassword({ ...signIn(issuer.issuer, "alice"), clientAuth: "client_secret_post" });
    expect(tokens.refresh_token).toBeTruthy();
    const basic = Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString("base64");
    const response = await fetch(discovery.token_endpoint, {
      method: "POST",
      headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: tokens.refresh_token ?? "" }).toString(),
    });
    expect(response.status).toBe(200);
    const refreshed = (await response.json()) as { access_token: string; id_token?: string };
    const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
    const { payload } = await jwtVerify(refreshed.access_token, jwks, { issuer: issuer.issuer, audience: AUDIENCE });
    expect(payload).toMatchObject({ sub: "alice", azp: CLIENT.clientId, groups: ["/tenants/tenant-a/member"] });
  });

  it("rejects a code exchange with the wrong client secret", async () => {
    await expect(requestTokensWithPassword({ ...signIn(issuer.issuer, "alice"), clientSecret: "wrong-secret" })).rejects.toThrow(
      /invalid_client/,
    );
  });

  it("serves the end-session endpoint with a self-contained page", async () => {
    const url = new URL(discovery.end_session_endpoint);
    url.searchParams.set("client_id", CLIENT.clientId);
    url.searchParams.set("post_logout_redirect_uri", CLIENT.postLogoutRedirectUris[0] ?? "");
    const response = await fetch(url, { redirect: "manual" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
  });

  it("works without a path prefix too", async () => {
    const rootIssuer = await startEmbeddedIssuer({ password: PASSWORD, clients: [CLIENT], audience: AUDIENCE });
    try {
      expect(rootIssuer.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const { accessToken } = await obtainTokenWithPassword(signIn(rootIssuer.issuer, "bob"));
      const jwks = createRemoteJWKSet(new URL((await discover(rootIssuer.issuer)).jwks_uri));
      const { payload } = await jwtVerify(accessToken, jwks, { issuer: rootIssuer.issuer, audience: AUDIENCE });
      expect(payload.groups).toEqual(["/tenants/tenant-b/member"]);
    } finally {
      await rootIssuer.close();
    }
  });

  it("keeps signing keys in keysPath so tokens survive a restart", async () => {
    const { accessToken } = await obtainTokenWithPassword(signIn(issuer.issuer, "alice"));
    expect((await stat(keysPath)).mode & 0o777).toBe(0o600);
    const port = Number(new URL(issuer.issuer).port);
    await issuer.close();

    issuer = await startEmbeddedIssuer({ password: PASSWORD, clients: [CLIENT], audience: AUDIENCE, keysPath, pathPrefix: "/oidc", port });
    const restartedDiscovery = await discover(issuer.issuer);
    const jwks = createRemoteJWKSet(new URL(restartedDiscovery.jwks_uri));
    const { payload } = await jwtVerify(accessToken, jwks, { issuer: issuer.issuer, audience: AUDIENCE });
    expect(payload.preferred_username).toBe("alice");
    await issuer.close();

    // Without keysPath a restart generates fresh keys, so the old token no longer verifies.
    issuer = await startEmbeddedIssuer({ password: PASSWORD, clients: [CLIENT], audience: AUDIENCE, pathPrefix: "/oidc", port });
    const freshJwks = createRemoteJWKSet(new URL((await discover(issuer.issuer)).jwks_uri));
    await expect(jwtVerify(accessToken, freshJwks, { issuer: issuer.issuer, audience: AUDIENCE })).rejects.toThrow();
  });
});
