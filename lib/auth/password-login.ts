// Signing in with a username and password from a script (the Management Service's `POST /api/admin/login`): the
// identity provider checks the password and issues its own access token, which every Modelport API route accepts as
// a bearer token. Keycloak (any provider advertising the password grant): its direct access grant. The embedded
// issuer, which offers no password grant: its own login form, driven headlessly. Failures are throttled per username
// and client address; the password is sent only to the provider and never logged or returned.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { getRuntime, runtimeSingleton } from "@/lib/runtime";
import { CLIENT_IP_HEADER } from "@/lib/server/forwarded-headers";
import type { AdminLoginResult } from "@/lib/schemas/admin";
import { callerFromBearer } from "./bearer";
import type { Caller } from "./caller";
import { requestTokensWithPassword } from "./embedded-issuer/obtain-token";
import { createSignInThrottle, pause, retryAfterSeconds, type SignInThrottle } from "./sign-in-throttle";

/** What the provider's answer means for the person signing in. */
export type PasswordOutcome =
  | { kind: "tokens"; accessToken: string }
  | { kind: "bad-credentials" }
  | { kind: "refused"; reason: string }
  | { kind: "locked"; reason: string }
  | { kind: "unavailable"; reason: string };

const REQUEST_TIMEOUT_MS = 10_000;
/** Keycloak's brute-force detection says how long only in its admin console; scripts wait this long. */
const PROVIDER_LOCKOUT_SECONDS = 60;

const discoverySchema = z.object({ token_endpoint: z.url(), grant_types_supported: z.array(z.string()).optional() });
const tokenAnswerSchema = z.object({
  access_token: z.string().optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
});

/** The token endpoint's answer to grant_type=password, as Keycloak words it, → an outcome. Pure. */
export function passwordGrantOutcome(status: number, body: unknown, clientId: string): PasswordOutcome {
  const answer = tokenAnswerSchema.safeParse(body);
  if (!answer.success) return { kind: "unavailable", reason: `The identity provider answered HTTP ${status} without a token response` };
  const { access_token: accessToken, error, error_description: description = "" } = answer.data;
  if (status >= 200 && status < 300 && accessToken) return { kind: "tokens", accessToken };
  const said = description ? `: ${description}` : "";
  if (error === "unauthorized_client" || error === "unsupported_grant_type" || /not allowed/i.test(description)) {
    return {
      kind: "refused",
      reason: `The identity provider does not allow signing in with a password (the password grant) for client ${clientId}${said}. Enable "Direct access grants" on the client in Keycloak, or get a token from the provider another way`,
    };
  }
  if (error === "invalid_grant" && /temporarily/i.test(description)) {
    return { kind: "locked", reason: `The identity provider has locked this account for now${said}` };
  }
  if (error === "invalid_grant" && /disabled|not fully set up/i.test(description)) {
    return { kind: "refused", reason: `The identity provider refuses this account${said}` };
  }
  if (error === "invalid_grant") return { kind: "bad-credentials" };
  if (error === "invalid_client") {
    return {
      kind: "unavailable",
      reason: "The identity provider refused Modelport's client credentials (KEYCLOAK_CLIENT_ID, KEYCLOAK_CLIENT_SECRET)",
    };
  }
  return { kind: "unavailable", reason: `The identity provider answered HTTP ${status}${error ? ` ${error}` : ""}${said}` };
}

/** A headless sign-in through the embedded issuer's login form (obtain-token.ts), by what it threw. Pure. */
export function formSignInOutcome(error: unknown): PasswordOutcome {
  const message = error instanceof Error ? error.message : String(error);
  if (/invalid username or password/i.test(message)) return { kind: "bad-credentials" };
  if (/HTTP 429/.test(message)) return { kind: "locked", reason: "The identity provider has locked this account for now" };
  if (error instanceof TypeError || /discovery failed/.test(message)) {
    return { kind: "unavailable", reason: "The identity provider did not answer" };
  }
  return {
    kind: "refused",
    reason: "The identity provider offers no password grant, and its sign-in page could not be completed without a browser: sign in there",
  };
}

async function discover(issuer: string): Promise<z.infer<typeof discoverySchema>> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).catch(
    () => undefined,
  );
  const parsed = discoverySchema.safeParse(response?.ok ? await response.json().catch(() => undefined) : undefined);
  if (!parsed.success) throw new AppError("unavailable", `The identity provider at ${issuer} did not answer with its discovery document`);
  return parsed.data;
}

/** Asks the configured provider for an access token for these credentials. */
export async function exchangePassword(username: string, password: string): Promise<PasswordOutcome> {
  const { config } = getRuntime();
  const discovery = await discover(config.issuer);
  if (!discovery.grant_types_supported?.includes("password")) {
    try {
      const tokens = await requestTokensWithPassword({
        issuer: config.issuer,
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        // The portal's own sign-in callback, registered for this client; the flow stops at the redirect, before it.
        redirectUri: `${config.publicUrl}/api/auth/callback/keycloak`,
        username,
        password,
      });
      return { kind: "tokens", accessToken: tokens.access_token };
    } catch (error) {
      return formSignInOutcome(error);
    }
  }
  const form = new URLSearchParams({
    grant_type: "password",
    client_id: config.clientId,
    client_secret: config.clientSecret,
    username,
    password,
    scope: "openid email profile",
  });
  const response = await fetch(discovery.token_endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: form.toString(),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  }).catch(() => undefined);
  if (!response) return { kind: "unavailable", reason: "The identity provider's token endpoint did not answer" };
  return passwordGrantOutcome(response.status, await response.json().catch(() => undefined), config.clientId);
}

/** One per runtime, sized by the same settings as the embedded issuer's sign-in throttle. */
function loginThrottle(): SignInThrottle {
  return runtimeSingleton("password-login-throttle", ({ config }) =>
    createSignInThrottle({ maxFailures: config.MODELPORT_SIGNIN_MAX_FAILURES, lockoutSeconds: config.MODELPORT_SIGNIN_LOCKOUT_SECONDS }),
  );
}

function tooManyAttempts(lockedForMs: number, reason = "Too many failed sign-in attempts"): AppError {
  const seconds = Number(retryAfterSeconds(lockedForMs));
  return new AppError("too_many_requests", `${reason}; try again in ${seconds} s`, { retryAfterSeconds: seconds });
}

/** The Management Service's `user`: "admin" stands for the tenant of administrators, as its login answered. Pure. */
export function loginUserOf(caller: Caller, issuer: string): AdminLoginResult["user"] {
  return {
    tenant: caller.isAdmin ? "admin" : (Object.keys(caller.tenantRoles).sort()[0] ?? null),
    name: caller.displayName,
    subject: caller.subject,
    issuer,
    isAdmin: caller.isAdmin,
    exp: caller.expiresAt ? Math.floor(caller.expiresAt.getTime() / 1000) : null,
  };
}

/** The client a request comes from, as the custom server resolved it (forwarded headers only from trusted proxies). */
export function clientAddressOf(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}

export async function signInWithPassword(input: { username: string; password: string; client: string }): Promise<AdminLoginResult> {
  const { username, password, client } = input;
  const throttle = loginThrottle();
  // While locked the password is not even sent to the provider, so guesses made then tell nothing.
  const lockedForMs = await throttle.lockedFor(client, username);
  if (lockedForMs > 0) throw tooManyAttempts(lockedForMs);
  const outcome = await exchangePassword(username, password);
  switch (outcome.kind) {
    case "tokens": {
      await throttle.recordSuccess(client, username);
      const caller = await callerFromBearer(outcome.accessToken).catch((error: unknown) => {
        if (error instanceof AppError && error.code === "unauthenticated") {
          throw new AppError(
            "unavailable",
            `The identity provider's token is not accepted by Modelport's API: ${error.message} (check OIDC_AUDIENCE)`,
          );
        }
        throw error;
      });
      return { token: outcome.accessToken, user: loginUserOf(caller, getRuntime().config.issuer) };
    }
    case "bad-credentials": {
      const failure = await throttle.recordFailure(client, username);
      if (failure.lockedForMs > 0) throw tooManyAttempts(failure.lockedForMs);
      await pause(failure.delayMs);
      throw new AppError("unauthenticated", "Invalid username or password");
    }
    case "locked":
      throw tooManyAttempts(PROVIDER_LOCKOUT_SECONDS * 1000, outcome.reason);
    case "refused":
      throw new AppError("forbidden", outcome.reason);
    case "unavailable":
      throw new AppError("unavailable", outcome.reason);
    default: {
      const unknown: never = outcome;
      throw new Error(`unhandled sign-in outcome ${JSON.stringify(unknown)}`);
    }
  }
}
