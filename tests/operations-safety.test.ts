// Safe operation: sign-in throttling, forwarded headers only from trusted proxies, no framing, readiness without
// internals, a token-protected /metrics. The custom server's request handling runs for real, with the embedded
// issuer mounted under /oidc and a stand-in for Next's handler that shows what reached it.
import fs from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmbeddedIssuer, obtainTokenWithPassword, type EmbeddedIssuer } from "@/lib/auth/embedded-issuer";
import { parseConfig } from "@/lib/config";
import { createProxyTrust } from "@/lib/server/forwarded-headers";
import { createRequestListener } from "@/lib/server/request-listener";
import { startRuntime, type StartedRuntime } from "@/lib/server/start-runtime";
import { callRaw } from "./http";

const PASSWORD = "operations-safety-password";
const CLIENT = { clientId: "modelport", clientSecret: "operations-safety-client-secret", redirectUri: "http://localhost/callback" };
const MAX_FAILURES = 3;
const LOCKOUT_SECONDS = 1;

// What Next would have seen: the request's headers after the server's forwarding policy.
function echoHeaders(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(req.headers));
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

describe("the custom server's request handling", () => {
  let issuer: EmbeddedIssuer;
  let direct: { server: Server; url: string };
  let behindProxy: { server: Server; url: string };

  beforeAll(async () => {
    // Two servers share one issuer: one trusts nobody (the default), one trusts 127.0.0.1 as its proxy.
    const servers = [createServer(), createServer()];
    const [directUrl, proxiedUrl] = await Promise.all(servers.map(listen));
    issuer = await createEmbeddedIssuer({
      issuer: `${directUrl}/oidc`,
      password: PASSWORD,
      audience: "modelport",
      clients: [{ clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret, redirectUris: [CLIENT.redirectUri] }],
      signInThrottle: { maxFailures: MAX_FAILURES, lockoutSeconds: LOCKOUT_SECONDS, slowdownMs: 10 },
    });
    const mount = { path: "/oidc", handle: issuer.handle };
    servers[0]?.on("request", createRequestListener({ trust: createProxyTrust([]), issuer: mount, handleNext: echoHeaders }));
    servers[1]?.on("request", createRequestListener({ trust: createProxyTrust(["127.0.0.1"]), issuer: mount, handleNext: echoHeaders }));
    direct = { server: servers[0] as Server, url: directUrl ?? "" };
    behindProxy = { server: servers[1] as Server, url: proxiedUrl ?? "" };
  });

  afterAll(async () => {
    await Promise.all([direct, behindProxy].filter(Boolean).map(({ server }) => close(server)));
  });

  const forged = {
    "x-forwarded-for": "203.0.113.9",
    "x-forwarded-host": "evil.example",
    "x-forwarded-proto": "https",
    "x-forwarded-port": "443",
    forwarded: "for=203.0.113.9;host=evil.example",
    "x-real-ip": "203.0.113.9",
    "x-modelport-client-ip": "198.51.100.1",
  };

  it("drops forwarding headers from a peer that is not a trusted proxy, and names the real client", async () => {
    const seen = (await (await fetch(`${direct.url}/deployments`, { headers: forged })).json()) as Record<string, string>;
    for (const name of ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded", "x-real-ip"]) {
      expect(seen, name).not.toHaveProperty(name);
    }
    expect(seen["x-modelport-client-ip"]).toBe("127.0.0.1");
  });

  it("keeps forwarding headers from a trusted proxy and takes the client from X-Forwarded-For", async () => {
    const seen = (await (await fetch(`${behindProxy.url}/deployments`, { headers: forged })).json()) as Record<string, string>;
    expect(seen).toMatchObject({
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "https",
      "x-modelport-client-ip": "203.0.113.9",
    });
  });

  it("forbids framing the issuer's endpoints and pages, which Next's headers do not reach", async () => {
    const discovery = await fetch(`${direct.url}/oidc/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect(discovery.headers.get("x-frame-options")).toBe("DENY");
    expect(discovery.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(discovery.headers.get("x-content-type-options")).toBe("nosniff");
    const { page } = await openLoginPage(direct.url);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("locks a username after repeated wrong passwords, refusing even the right one until the lockout ends", async () => {
    const login = await openLoginPage(direct.url);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < MAX_FAILURES; attempt += 1) statuses.push((await login.post(direct.url, "victor", "wrong")).status);
    expect(statuses).toEqual([...Array<number>(MAX_FAILURES - 1).fill(401), 429]);

    const refused = await login.post(direct.url, "victor", PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe(String(LOCKOUT_SECONDS));
    expect(await refused.text()).toContain("Too many failed sign-in attempts from your address. Try again in 1 second.");
    // Another user from the same address is not locked out.
    expect((await (await openLoginPage(direct.url)).post(direct.url, "bob", PASSWORD)).status).toBe(303);

    await new Promise((resolve) => setTimeout(resolve, LOCKOUT_SECONDS * 1000 + 100));
    expect((await login.post(direct.url, "victor", PASSWORD)).status).toBe(303);
  });

  it("tells clients behind a trusted proxy apart by X-Forwarded-For", async () => {
    const login = await openLoginPage(direct.url);
    const from = (address: string) => ({ "x-forwarded-for": address });
    for (let attempt = 0; attempt < MAX_FAILURES; attempt += 1) await login.post(behindProxy.url, "admin", "wrong", from("203.0.113.7"));
    expect((await login.post(behindProxy.url, "admin", "wrong", from("203.0.113.7"))).status).toBe(429);
    expect((await login.post(behindProxy.url, "admin", "wrong", from("203.0.113.8"))).status).toBe(401);
    // Without a trusted proxy in front, a client cannot pick a fresh address to dodge its lockout.
    for (let attempt = 0; attempt < MAX_FAILURES; attempt += 1)
      await login.post(direct.url, "admin", "wrong", from(`203.0.113.${20 + attempt}`));
    expect((await login.post(direct.url, "admin", "wrong", from("203.0.113.99"))).status).toBe(429);
  });

  it("never slows down or locks out people who sign in with the right password", async () => {
    const started = Date.now();
    for (let attempt = 0; attempt < MAX_FAILURES * 3; attempt += 1) {
      await expect(
        obtainTokenWithPassword({ issuer: issuer.issuer, ...CLIENT, username: "alice", password: PASSWORD }),
      ).resolves.toHaveProperty("accessToken");
    }
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((await (await openLoginPage(direct.url)).post(direct.url, "alice", "wrong")).status).toBe(401);
  });

  it("throttles client secrets guessed at the token endpoint, but not made-up codes from the portal", async () => {
    const token = (secret: string, code = "made-up-code") =>
      fetch(`${direct.url}/oidc/protocol/openid-connect/token`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `Basic ${Buffer.from(`${CLIENT.clientId}:${secret}`).toString("base64")}`,
        },
        body: new URLSearchParams({
          grant_type: "authorization_code",
          code,
          redirect_uri: CLIENT.redirectUri,
          code_verifier: "x".repeat(43),
        }).toString(),
      });
    for (let attempt = 0; attempt < MAX_FAILURES + 2; attempt += 1) {
      const response = await token(CLIENT.clientSecret);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe("invalid_grant");
    }
    const guesses: number[] = [];
    for (let attempt = 0; attempt < MAX_FAILURES + 1; attempt += 1) guesses.push((await token(`guess-${attempt}`)).status);
    expect(guesses).toEqual([...Array<number>(MAX_FAILURES).fill(401), 429]);
    const refused = await token(CLIENT.clientSecret);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe(String(LOCKOUT_SECONDS));
    expect(await refused.json()).toMatchObject({ error: "temporarily_unavailable" });
  });
});

describe("operational endpoints", () => {
  const metricsToken = "operations-safety-metrics-token-0123456789";
  let dataDir: string;
  let started: StartedRuntime;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "modelport-ops-"));
    const config = parseConfig({
      MODELPORT_DATA_DIR: dataDir,
      MODELPORT_CLUSTER: "sandbox",
      METRICS_TOKEN: metricsToken,
      LOG_LEVEL: "error",
    });
    started = await startRuntime(config, { pgliteDir: null, embeddedIssuer: false });
  });

  afterAll(async () => {
    await started?.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const scrape = (authorization?: string) => callRaw("GET", "/metrics", { headers: authorization ? { authorization } : {} });

  it("serves /metrics only with METRICS_TOKEN as a bearer token when it is set", async () => {
    for (const authorization of [undefined, "Bearer wrong", `Basic ${metricsToken}`, `Bearer ${metricsToken}x`]) {
      const response = await scrape(authorization);
      expect(response.status, authorization).toBe(401);
      expect(await response.text()).not.toContain("modelport_");
    }
    const allowed = await scrape(`Bearer ${metricsToken}`);
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain("modelport_");
  });

  it("answers readiness with what fails, never where or why", async () => {
    const ready = await callRaw("GET", "/api/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, checks: { database: "ok", cluster: "ok" } });

    await started.sandbox?.close();
    const failing = await callRaw("GET", "/api/readyz");
    expect(failing.status).toBe(503);
    const text = await failing.text();
    expect(JSON.parse(text)).toEqual({ ready: false, checks: { database: "ok", cluster: "failing" } });
    expect(text).not.toMatch(/https?:|127\.0\.0\.1|localhost|ECONNREFUSED|connect/i);
  });
});

// Opens the embedded issuer's login form through `baseUrl`; `post` submits it (to any of the servers).
async function openLoginPage(baseUrl: string) {
  const url = new URL(`${baseUrl}/oidc/protocol/openid-connect/auth`);
  url.search = new URLSearchParams({
    response_type: "code",
    client_id: CLIENT.clientId,
    redirect_uri: CLIENT.redirectUri,
    scope: "openid",
    state: randomBytes(16).toString("base64url"),
    code_challenge: createHash("sha256").update(randomBytes(32).toString("base64url")).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  const authorization = await fetch(url, { redirect: "manual" });
  expect(authorization.status).toBe(303);
  const cookie = authorization.headers
    .getSetCookie()
    .map((header) => header.split(";")[0])
    .join("; ");
  const loginPath = new URL(authorization.headers.get("location") ?? "", url).pathname;
  const page = await fetch(new URL(loginPath, baseUrl), { headers: { cookie }, redirect: "manual" });
  expect(page.status).toBe(200);
  return {
    page,
    post: (serverUrl: string, username: string, password: string, headers: Record<string, string> = {}) =>
      fetch(new URL(loginPath, serverUrl), {
        method: "POST",
        redirect: "manual",
        headers: { ...headers, cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username, password }).toString(),
      }),
  };
}
