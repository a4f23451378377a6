// With OIDC_INTROSPECTION=1 only tokens the issuer signed cost an introspection request: random or forged bearer
// tokens are refused locally, so they can neither flood the issuer nor fill the introspection cache.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";
import { call } from "./http";

/** A stand-in issuer that records every request: discovery, its keys, and introspection answering `active`. */
async function startCountingIssuer() {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid: "issuer-key", alg: "RS256", use: "sig" };
  const requests: string[] = [];
  const state = { active: true };
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? "");
    const send = (body: unknown) => response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (request.url === "/.well-known/openid-configuration") {
      return send({ issuer: url, jwks_uri: `${url}/keys`, introspection_endpoint: `${url}/introspect` });
    }
    if (request.url === "/keys") return send({ keys: [jwk] });
    if (request.url === "/introspect") {
      request.resume();
      return request.on("end", () =>
        send(state.active ? { active: true, sub: "carol", typ: "Bearer", groups: ["/tenants/tenant-a/member"] } : { active: false }),
      );
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, state, privateKey, close: () => new Promise((resolve) => server.close(resolve)) };
}

type CountingIssuer = Awaited<ReturnType<typeof startCountingIssuer>>;

function accessToken(issuer: string, key: CryptoKey, overrides: { audience?: string; kid?: string; expiresIn?: string } = {}) {
  return new SignJWT({ typ: "Bearer", groups: ["/tenants/tenant-a/member"] })
    .setProtectedHeader({ alg: "RS256", kid: overrides.kid ?? "issuer-key" })
    .setIssuer(issuer)
    .setSubject("carol")
    .setAudience(overrides.audience ?? "modelport")
    .setIssuedAt()
    .setExpirationTime(overrides.expiresIn ?? "5m")
    .sign(key);
}

describe("bearer tokens with OIDC_INTROSPECTION=1, against an issuer that counts its requests", () => {
  let issuer: CountingIssuer;
  let harness: Harness;
  const introspections = () => issuer.requests.filter((path) => path === "/introspect").length;

  beforeAll(async () => {
    issuer = await startCountingIssuer();
    harness = await startHarness("pglite", { OIDC_INTROSPECTION: "1", KEYCLOAK_ISSUER: issuer.url });
  });

  afterAll(async () => {
    await harness?.stop();
    await issuer?.close();
  });

  it("refuses random opaque tokens with 401 without any request reaching the issuer", async () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const result = await call("GET", "/api/v1/tenants", { token: randomBytes(24).toString("base64url") });
      expect(result.status).toBe(401);
    }
    expect(issuer.requests).toEqual([]);
  });

  it("refuses JWTs that fail local verification without introspecting them", async () => {
    const { privateKey: foreignKey } = await generateKeyPair("RS256");
    const refused = [
      await accessToken(issuer.url, foreignKey), // not signed by the issuer
      await accessToken(issuer.url, foreignKey, { kid: "made-up" }),
      await accessToken(issuer.url, issuer.privateKey, { audience: "someone-else" }),
      await accessToken("https://other-issuer.example", issuer.privateKey),
      await accessToken(issuer.url, issuer.privateKey, { expiresIn: "-1m" }),
      `${randomBytes(12).toString("base64url")}.${randomBytes(12).toString("base64url")}.${randomBytes(12).toString("base64url")}`,
    ];
    for (const token of refused) expect((await call("GET", "/api/v1/tenants", { token })).status).toBe(401);
    expect(introspections()).toBe(0);
  });

  it("introspects an access token the issuer signed, once per few seconds, and refuses it once inactive", async () => {
    const token = await accessToken(issuer.url, issuer.privateKey);
    const first = await call("GET", "/api/v1/tenants", { token });
    expect(first.status).toBe(200);
    expect(first.body.items.map((tenant: { name: string }) => tenant.name)).toEqual(["tenant-a"]);
    expect((await call("GET", "/api/v1/tenants", { token })).status).toBe(200);
    expect(introspections()).toBe(1);

    issuer.state.active = false;
    const another = await accessToken(issuer.url, issuer.privateKey, { expiresIn: "6m" });
    expect((await call("GET", "/api/v1/tenants", { token: another })).status).toBe(401);
    expect(introspections()).toBe(2);
    issuer.state.active = true;
  });
});
