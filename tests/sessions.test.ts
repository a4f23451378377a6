// Sessions and tokens end when they should: a session cookie past its expiry or signed out is refused by routes and by
// next-auth's session check, signing out ends the issuer session too, and with OIDC_INTROSPECTION a bearer token
// revoked at the issuer stops working.
import { eq, sql } from "drizzle-orm";
import { decodeJwt } from "jose";
import NextAuth, { getServerSession } from "next-auth";
import { decode, encode, type JWT } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as logoutUrlRoute from "@/app/api/auth/logout-url/route";
import * as tenantsRoute from "@/app/api/v1/tenants/route";
import { getDatabase } from "@/db";
import { revokedSessions } from "@/db/schema";
import { callerFromBearer } from "@/lib/auth/bearer";
import { isCallerStillValid } from "@/lib/auth/caller-validity";
import { CookieJar, type TokenResponse } from "@/lib/auth/embedded-issuer/obtain-token";
import { INTROSPECTION_CACHE_SECONDS } from "@/lib/auth/introspection";
import { callerFromSessionCookie, getAuthOptions } from "@/lib/auth/next-auth";
import { getRuntime } from "@/lib/runtime";
import { call } from "./http";
import { ADMIN_TOKEN, databaseTargets, startHarness, type Harness } from "./harness";

const SESSION_COOKIE = "next-auth.session-token";
const PUBLIC_URL = "http://localhost:3000";

/** The session token next-auth's own jwt callback makes at sign-in, from the issuer's real tokens. */
async function sessionTokenFor(tokens: TokenResponse): Promise<JWT> {
  const profile = decodeJwt(tokens.id_token);
  const jwt = getAuthOptions().callbacks?.jwt;
  if (!jwt) throw new Error("no jwt callback");
  const account = { provider: "keycloak", type: "oauth" as const, providerAccountId: String(profile.sub), ...tokens };
  return jwt({ token: { sub: profile.sub, email: profile.email as string }, account, profile, user: { id: String(profile.sub) } });
}

async function sealed(token: JWT, maxAge?: number): Promise<string> {
  const secret = getRuntime().authSecret;
  // Without maxAge: exactly as next-auth encodes it on sign-in (through the options' encode).
  return maxAge === undefined
    ? (getAuthOptions().jwt?.encode ?? encode)({ token, secret, maxAge: 60 * 60 })
    : encode({ token, secret, maxAge });
}

function withCookie(path: string, cookie: string): NextRequest {
  return new NextRequest(new URL(path, PUBLIC_URL), { headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });
}

/** The sign-out button's first request: revokes the session and gives the identity provider's logout URL. */
function signOutAtPortal(cookie: string, origin: string | null = PUBLIC_URL): Promise<Response> {
  const headers: Record<string, string> = { cookie: `${SESSION_COOKIE}=${cookie}` };
  if (origin !== null) headers.origin = origin;
  return logoutUrlRoute.POST(new NextRequest(new URL("/api/auth/logout-url", PUBLIC_URL), { method: "POST", headers }));
}

async function listTenants(cookie: string): Promise<number> {
  return (await tenantsRoute.GET(withCookie("/api/v1/tenants", cookie), { params: Promise.resolve({}) })).status;
}

/** next-auth's own handler (the pages-router form of /api/auth/[...nextauth], which needs no request scope). */
async function nextAuth(
  action: string,
  options: { method?: "GET" | "POST"; cookies?: Record<string, string>; body?: Record<string, string> } = {},
) {
  const result = { status: 200, body: undefined as unknown, cookies: new Map<string, string>() };
  const headers = new Map<string, string | string[]>();
  const res = {
    status(code: number) {
      result.status = code;
      return res;
    },
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    setHeader(name: string, value: string | string[]) {
      headers.set(name.toLowerCase(), value);
      return res;
    },
    end: () => undefined,
    json: (body: unknown) => void (result.body = body),
    send: (body: unknown) => void (result.body = body),
  };
  const req = {
    method: options.method ?? "GET",
    query: { nextauth: [action] },
    body: options.body,
    cookies: options.cookies ?? {},
    headers: { host: "localhost:3000" },
  };
  await (NextAuth as unknown as (req: unknown, res: unknown, options: unknown) => Promise<void>)(req, res, getAuthOptions());
  for (const header of [headers.get("set-cookie") ?? []].flat()) {
    const [pair] = header.split(";");
    const separator = pair.indexOf("=");
    result.cookies.set(pair.slice(0, separator), pair.slice(separator + 1));
  }
  return result;
}

/** Signs out through next-auth's sign-out endpoint (with its CSRF token), as the sign-out button does. */
async function signOut(cookie: string): Promise<void> {
  const csrf = await nextAuth("csrf");
  const csrfCookie = csrf.cookies.get("next-auth.csrf-token") ?? "";
  const { csrfToken } = csrf.body as { csrfToken: string };
  const result = await nextAuth("signout", {
    method: "POST",
    cookies: { [SESSION_COOKIE]: cookie, "next-auth.csrf-token": decodeURIComponent(csrfCookie) },
    body: { csrfToken },
  });
  expect(result.cookies.get(SESSION_COOKIE)).toBe("");
}

/** What a page sees: next-auth's session check (getServerSession), which runs the jwt callback. */
function sessionOf(cookie: string) {
  const recorder = { getHeader: () => undefined, setHeader: () => undefined };
  return getServerSession(
    { headers: { host: "localhost:3000" }, cookies: { [SESSION_COOKIE]: cookie } } as never,
    recorder as never,
    getAuthOptions(),
  );
}

describe.each(databaseTargets())("browser sessions (%s)", (target) => {
  let harness: Harness;
  let alice: TokenResponse;

  beforeAll(async () => {
    harness = await startHarness(target);
    alice = await harness.signIn("alice");
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it("accepts a fresh session cookie, whose caller expires with the session", async () => {
    const token = await sessionTokenFor(alice);
    const cookie = await sealed(token);
    expect(await listTenants(cookie)).toBe(200);
    const caller = await callerFromSessionCookie(withCookie("/api/v1/tenants", cookie));
    const { exp } = (await decode({ token: cookie, secret: getRuntime().authSecret })) ?? {};
    expect(caller).toMatchObject({ subject: "alice", sessionId: token.sid });
    expect(caller?.expiresAt?.getTime()).toBe(Number(exp) * 1000);
    expect(Number(exp) - Date.now() / 1000).toBeGreaterThan(3590);
    expect(Number(exp) - Date.now() / 1000).toBeLessThanOrEqual(3600);
    expect((await sessionOf(cookie))?.caller?.subject).toBe("alice");
  });

  it("refuses a session cookie past its expiry, even within next-auth's 15-second clock tolerance", async () => {
    const token = await sessionTokenFor(alice);
    const justExpired = await sealed(token, -5);
    const longExpired = await sealed(token, -3600);
    expect(await listTenants(justExpired)).toBe(401);
    expect(await listTenants(longExpired)).toBe(401);
    expect(await sessionOf(justExpired)).toBeNull();
  });

  it("keeps the expiry set at sign-in when next-auth re-issues the cookie, instead of sliding it forward", async () => {
    const token = await sessionTokenFor(alice);
    const nearlyOver = await sealed(token, 120);
    const reissued = (await nextAuth("session", { cookies: { [SESSION_COOKIE]: nearlyOver } })).cookies.get(SESSION_COOKIE) ?? "";
    const secret = getRuntime().authSecret;
    const before = await decode({ token: nearlyOver, secret });
    const after = await decode({ token: reissued, secret });
    expect(after?.sid).toBe(token.sid);
    expect(after?.exp).toBe(before?.exp);
  });

  it("refuses the cookie, and any copy of it, once next-auth's sign-out (the second line) has run", async () => {
    const token = await sessionTokenFor(alice);
    const cookie = await sealed(token);
    const copy = cookie;
    const caller = await callerFromSessionCookie(withCookie("/api/v1/tenants", cookie));
    expect(caller && (await isCallerStillValid(caller))).toBe(true);

    await signOut(cookie);

    expect(await listTenants(copy)).toBe(401);
    expect(await sessionOf(copy)).toBeNull();
    expect(caller && (await isCallerStillValid(caller))).toBe(false);
    // Recorded in the database, which every replica reads, until the token would have expired anyway.
    const [row] = await getDatabase()
      .select()
      .from(revokedSessions)
      .where(eq(revokedSessions.id, String(token.sid)));
    const sealedToken = await decode({ token: cookie, secret: getRuntime().authSecret });
    expect(row?.expiresAt.getTime()).toBe(Number(sealedToken?.exp) * 1000);
    // The session endpoint no longer re-issues it: next-auth clears it instead.
    expect((await nextAuth("session", { cookies: { [SESSION_COOKIE]: copy } })).cookies.get(SESSION_COOKIE)).toBe("");
  });

  it("refuses a cookie from before session ids, which signing out could not revoke", async () => {
    const { sid: _sid, ...withoutSessionId } = await sessionTokenFor(alice);
    expect(await listTenants(await sealed(withoutSessionId))).toBe(401);
  });

  it("revokes the session in Modelport's own sign-out request and gives the identity provider's logout URL", async () => {
    const token = await sessionTokenFor(alice);
    const cookie = await sealed(token);
    const caller = await callerFromSessionCookie(withCookie("/api/v1/tenants", cookie));
    const live = await signOutAtPortal(cookie);
    expect(live.status).toBe(200);
    const url = new URL(((await live.json()) as { url: string }).url);
    expect(`${url.origin}${url.pathname}`).toBe(`${harness.issuerUrl}/protocol/openid-connect/logout`);
    expect(url.searchParams.get("client_id")).toBe("modelport");
    expect(url.searchParams.get("post_logout_redirect_uri")).toBe(`${PUBLIC_URL}/`);
    expect(url.searchParams.get("id_token_hint")).toBe(alice.id_token);

    // Revoked before next-auth's own sign-out runs (or if it never does).
    expect(await listTenants(cookie)).toBe(401);
    expect(await sessionOf(cookie)).toBeNull();
    expect(caller && (await isCallerStillValid(caller))).toBe(false);
    const [row] = await getDatabase()
      .select()
      .from(revokedSessions)
      .where(eq(revokedSessions.id, String(token.sid)));
    expect(row?.expiresAt.getTime()).toBe(caller?.expiresAt?.getTime());

    // Asked again with the ended cookie: still the URL, but no longer its ID token.
    const ended = await signOutAtPortal(cookie);
    expect(ended.status).toBe(200);
    const endedUrl = new URL(((await ended.json()) as { url: string }).url);
    expect(endedUrl.searchParams.get("client_id")).toBe("modelport");
    expect(endedUrl.searchParams.has("id_token_hint")).toBe(false);
  });

  it("refuses a sign-out posted from another site or without an Origin, leaving the session working", async () => {
    const cookie = await sealed(await sessionTokenFor(alice));
    for (const origin of ["https://evil.example", "null", null]) {
      const response = await signOutAtPortal(cookie, origin);
      expect(response.status, String(origin)).toBe(403);
    }
    expect(await listTenants(cookie)).toBe(200);
  });

  it("answers 503 and keeps the session when the revocation cannot be stored, so the browser does not pretend", async () => {
    const cookie = await sealed(await sessionTokenFor(alice));
    expect(await listTenants(cookie)).toBe(200);
    await getDatabase().execute(sql`alter table revoked_sessions rename to revoked_sessions_away`);
    let response: Response;
    try {
      response = await signOutAtPortal(cookie);
    } finally {
      await getDatabase().execute(sql`alter table revoked_sessions_away rename to revoked_sessions`);
    }
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: string }).error).toMatch(/could not be ended/);
    // Nothing was half done: the session is not recorded as revoked, and signing out again works.
    expect(await listTenants(cookie)).toBe(200);
    expect((await signOutAtPortal(cookie)).status).toBe(200);
    expect(await listTenants(cookie)).toBe(401);
  });

  it("stops a service account's caller once the account is revoked", async () => {
    const created = await call("POST", "/api/v1/tenants/tenant-a/service-accounts", {
      token: ADMIN_TOKEN,
      body: { name: "sessions-ci", role: "member" },
    });
    expect(created.status).toBe(201);
    const caller = await callerFromBearer(created.body.token);
    expect(caller.serviceAccountId).toBe(created.body.id);
    expect(await isCallerStillValid(caller)).toBe(true);
    expect((await call("DELETE", `/api/v1/tenants/tenant-a/service-accounts/${created.body.id}`, { token: ADMIN_TOKEN })).status).toBe(200);
    expect(await isCallerStillValid(caller)).toBe(false);
  });

  it("stops a bearer caller at its token's expiry and still refuses ID tokens", async () => {
    const caller = await callerFromBearer(alice.access_token);
    expect(caller.expiresAt?.getTime()).toBe(Number(decodeJwt(alice.access_token).exp) * 1000);
    expect(await isCallerStillValid(caller)).toBe(true);
    expect(await isCallerStillValid({ ...caller, expiresAt: new Date(Date.now() - 1000) })).toBe(false);
    expect((await call("GET", "/api/v1/tenants", { token: alice.id_token })).status).toBe(401);
  });
});

describe("bearer tokens with OIDC_INTROSPECTION=1", () => {
  let harness: Harness;
  let revocationEndpoint: string;

  const revokeAtIssuer = async (token: string) => {
    const response = await fetch(revocationEndpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from("modelport:harness-secret").toString("base64")}`,
      },
      body: new URLSearchParams({ token, token_type_hint: "access_token" }).toString(),
    });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    harness = await startHarness(databaseTargets()[0] ?? "pglite", { OIDC_INTROSPECTION: "1" });
    const discovery = (await (await fetch(`${harness.issuerUrl}/.well-known/openid-configuration`)).json()) as {
      revocation_endpoint: string;
    };
    revocationEndpoint = discovery.revocation_endpoint;
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it("accepts an active access token, with its roles from the introspection response", async () => {
    const { access_token: token } = await harness.signIn("alice");
    const tenants = await call("GET", "/api/v1/tenants", { token });
    expect(tenants.status).toBe(200);
    expect(tenants.body.items.map((tenant: { name: string }) => tenant.name)).toEqual(["tenant-a"]);
  });

  it("refuses a token revoked at the issuer at once, and one in use within the cache's few seconds", async () => {
    const unused = await harness.signIn("bob");
    await revokeAtIssuer(unused.access_token);
    expect((await call("GET", "/api/v1/tenants", { token: unused.access_token })).status).toBe(401);

    const inUse = await harness.signIn("bob");
    expect((await call("GET", "/api/v1/tenants", { token: inUse.access_token })).status).toBe(200);
    const caller = await callerFromBearer(inUse.access_token);
    await revokeAtIssuer(inUse.access_token);
    await new Promise((resolve) => setTimeout(resolve, INTROSPECTION_CACHE_SECONDS * 1000 + 200));
    expect((await call("GET", "/api/v1/tenants", { token: inUse.access_token })).status).toBe(401);
    expect(await isCallerStillValid(caller)).toBe(false);
  });

  it("still refuses ID tokens", async () => {
    const { id_token: idToken } = await harness.signIn("alice");
    expect((await call("GET", "/api/v1/tenants", { token: idToken })).status).toBe(401);
  });

  it("signs out of the issuer too: its tokens stop working and the next sign-in asks who is signing in", async () => {
    const jar = new CookieJar();
    const tokens = await harness.signIn("alice", jar);
    const cookie = await sealed(await sessionTokenFor(tokens));
    const { url } = (await (await signOutAtPortal(cookie)).json()) as { url: string };
    await signOut(cookie);

    // The browser follows the logout URL: the issuer's page submits itself and sends it back to the portal.
    const page = await fetch(url, { headers: { cookie: jar.header() }, redirect: "manual" });
    jar.store(page);
    const html = await page.text();
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)">/.exec(html)?.[1] ?? "";
    const fields = Object.fromEntries(
      [...html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"\/>/g)].map((match) => [match[1], match[2]]),
    );
    const confirmed = await fetch(new URL(action, url), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
      body: new URLSearchParams(fields).toString(),
      redirect: "manual",
    });
    jar.store(confirmed);
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get("location")).toBe(`${PUBLIC_URL}/`);

    expect((await call("GET", "/api/v1/tenants", { token: tokens.access_token })).status).toBe(401);
    // With the issuer session gone, the same browser signs in as someone else.
    const bob = await harness.signIn("bob", jar);
    expect(decodeJwt(bob.id_token).sub).toBe("bob");
  });
});
