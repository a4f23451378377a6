// One harness for integration suites: the real sandbox cluster over HTTP, a real database (PGlite, or a fresh
// PostgreSQL database when DATABASE_URL is set), a real OIDC issuer, and the runtime the route handlers use.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { obtainTokenWithPassword, startEmbeddedIssuer } from "@/lib/auth/embedded-issuer";
import { requestTokensWithPassword, type CookieJar, type TokenResponse } from "@/lib/auth/embedded-issuer/obtain-token";
import { parseConfig } from "@/lib/config";
import { startRuntime, type StartedRuntime, type StartOptions } from "@/lib/server/start-runtime";
import { createScratchDatabase } from "./scratch-database";

export const ADMIN_TOKEN = "test-admin-bootstrap-token-0123456789abcdef";
const PASSWORD = "harness-password";
const CLIENT = { clientId: "modelport", clientSecret: "harness-secret", redirectUri: "http://localhost/harness-callback" };

export type DatabaseTarget = "pglite" | "postgres";

/** PGlite always; PostgreSQL too when DATABASE_URL points at one. */
export function databaseTargets(): DatabaseTarget[] {
  return process.env.DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];
}

export interface Harness {
  started: StartedRuntime;
  issuerUrl: string;
  tokenFor(username: "admin" | "alice" | "bob" | "victor"): Promise<string>;
  idTokenFor(username: "admin" | "alice" | "bob" | "victor"): Promise<string>;
  /** A browser's sign-in at the issuer: every token, and the issuer session kept in `cookieJar` when one is given. */
  signIn(username: "admin" | "alice" | "bob" | "victor", cookieJar?: CookieJar): Promise<TokenResponse>;
  stop(): Promise<void>;
}

/** `env` adds or overrides configuration variables, e.g. short timeouts for one suite. */
export async function startHarness(
  target: DatabaseTarget,
  env: Record<string, string> = {},
  options: Pick<StartOptions, "worker"> = {},
): Promise<Harness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "modelport-test-"));
  const issuer = await startEmbeddedIssuer({
    port: 0,
    host: "127.0.0.1",
    pathPrefix: "/oidc",
    password: PASSWORD,
    audience: "modelport",
    // Signing out returns to the portal's default public URL, as start-runtime registers it for the built-in issuer.
    clients: [
      {
        clientId: CLIENT.clientId,
        clientSecret: CLIENT.clientSecret,
        redirectUris: [CLIENT.redirectUri],
        postLogoutRedirectUris: ["http://localhost:3000/"],
      },
    ],
  });
  const database = target === "postgres" ? await createScratchDatabase("modelport_test") : undefined;
  const config = parseConfig({
    MODELPORT_DATA_DIR: dataDir,
    MODELPORT_CLUSTER: "sandbox",
    KEYCLOAK_ISSUER: issuer.issuer,
    KEYCLOAK_CLIENT_ID: CLIENT.clientId,
    KEYCLOAK_CLIENT_SECRET: CLIENT.clientSecret,
    OIDC_AUDIENCE: "modelport",
    MODELPORT_ADMIN_TOKEN: ADMIN_TOKEN,
    NEXTAUTH_SECRET: "harness-session-secret-0123456789abcdef",
    DATABASE_URL: database?.url,
    LOG_LEVEL: "error",
    // Suites call the API far faster than a person; the rate-limit suites set their own limits.
    RATE_LIMIT_REQUESTS: "1000000",
    RATE_LIMIT_BURST: "1000000",
    ...env,
  });
  const started = await startRuntime(config, {
    pgliteDir: null,
    sandbox: { controller: { loadingDelayMs: 100, readyDelayMs: 300 } },
    worker: options.worker ?? { pollMs: 200, heartbeatMs: 200, retryBaseMs: 100 },
  });
  const tokens = new Map<string, string>();
  return {
    started,
    issuerUrl: issuer.issuer,
    async tokenFor(username) {
      const cached = tokens.get(username);
      if (cached) return cached;
      const { accessToken } = await obtainTokenWithPassword({ issuer: issuer.issuer, ...CLIENT, username, password: PASSWORD });
      tokens.set(username, accessToken);
      return accessToken;
    },
    async idTokenFor(username) {
      return (await obtainTokenWithPassword({ issuer: issuer.issuer, ...CLIENT, username, password: PASSWORD })).idToken;
    },
    signIn(username, cookieJar) {
      return requestTokensWithPassword({ issuer: issuer.issuer, ...CLIENT, username, password: PASSWORD, cookieJar });
    },
    async stop() {
      await started.stop();
      await issuer.close();
      await database?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
