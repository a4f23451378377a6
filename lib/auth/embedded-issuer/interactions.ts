// The embedded issuer's own interaction routes: the sign-in form and automatic first-party consent.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { InteractionDetails, Provider } from "oidc-provider";
import { clientAddressOf, lockoutMessage, pause, retryAfterSeconds, type SignInThrottle } from "@/lib/auth/sign-in-throttle";
import { findUser, type DevUser } from "./dev-users";
import { INVALID_CREDENTIALS_MESSAGE, PAGE_SECURITY_HEADERS, renderLoginPage, renderMessagePage } from "./pages";

export interface InteractionContext {
  provider: Provider;
  users: DevUser[];
  password: string;
  pathPrefix: string;
  throttle: SignInThrottle;
}

const MAX_FORM_BYTES = 16 * 1024;
const INTERACTION_PATH = /^\/interaction\/([A-Za-z0-9_-]+)\/?$/;

export function interactionUrl(pathPrefix: string, uid: string): string {
  return `${pathPrefix}/interaction/${uid}`;
}

export function matchInteractionPath(pathname: string): string | undefined {
  return INTERACTION_PATH.exec(pathname)?.[1];
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) res.setHeader(name, value);
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(html));
  res.end(html);
}

// Hashing first gives equal-length buffers, so the comparison time reveals nothing about the password.
function passwordMatches(candidate: string, expected: string): boolean {
  const a = createHash("sha256").update(candidate, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b);
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > MAX_FORM_BYTES) throw new Error("form body too large");
    chunks.push(buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

async function finishConsent(
  context: InteractionContext,
  req: IncomingMessage,
  res: ServerResponse,
  details: InteractionDetails,
): Promise<void> {
  const { provider } = context;
  const accountId = details.session?.accountId;
  const clientId = details.params.client_id;
  if (!accountId || typeof clientId !== "string") {
    sendHtml(res, 400, renderMessagePage("Sign-in error", "This sign-in request is missing its session. Start again from Modelport."));
    return;
  }
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details;
  if (missingOIDCScope?.length) grant.addOIDCScope(missingOIDCScope.join(" "));
  if (missingOIDCClaims?.length) grant.addOIDCClaims(missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(missingResourceScopes ?? {})) {
    grant.addResourceScope(resource, scopes.join(" "));
  }
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: existing ? {} : { grantId } }, { mergeWithLastSubmission: true });
}

function refuseLockedOut(context: InteractionContext, res: ServerResponse, action: string, username: string, lockedForMs: number): void {
  res.setHeader("Retry-After", retryAfterSeconds(lockedForMs));
  sendHtml(res, 429, renderLoginPage({ action, users: context.users, username, error: lockoutMessage(lockedForMs) }));
}

async function submitLogin(context: InteractionContext, req: IncomingMessage, res: ServerResponse, action: string): Promise<void> {
  const form = await readForm(req);
  const username = form.get("username") ?? "";
  const password = form.get("password") ?? "";
  const client = clientAddressOf(req);
  // While locked the password is not even checked, so guesses made then tell nothing.
  const lockedForMs = await context.throttle.lockedFor(client, username);
  if (lockedForMs > 0) {
    refuseLockedOut(context, res, action, username, lockedForMs);
    return;
  }
  const user = findUser(context.users, username);
  // Compare even for unknown users so response timing does not reveal which usernames exist.
  const passwordOk = passwordMatches(password, context.password);
  if (!user || !passwordOk) {
    const outcome = await context.throttle.recordFailure(client, username);
    if (outcome.lockedForMs > 0) {
      refuseLockedOut(context, res, action, username, outcome.lockedForMs);
      return;
    }
    await pause(outcome.delayMs);
    sendHtml(res, 401, renderLoginPage({ action, users: context.users, username, error: INVALID_CREDENTIALS_MESSAGE }));
    return;
  }
  await context.throttle.recordSuccess(client, username);
  await context.provider.interactionFinished(req, res, { login: { accountId: user.username } }, { mergeWithLastSubmission: false });
}

async function loadDetails(
  context: InteractionContext,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
): Promise<InteractionDetails | undefined> {
  let details: InteractionDetails | undefined;
  try {
    details = await context.provider.interactionDetails(req, res);
  } catch {
    // A missing or expired interaction cookie is the user's problem to restart, not a server error.
    details = undefined;
  }
  if (!details || details.uid !== uid) {
    sendHtml(
      res,
      400,
      renderMessagePage(
        "Sign-in expired",
        "This sign-in request has expired or was started in another browser. Go back to Modelport and sign in again.",
      ),
    );
    return undefined;
  }
  return details;
}

export async function handleInteraction(
  context: InteractionContext,
  req: IncomingMessage,
  res: ServerResponse,
  uid: string,
): Promise<void> {
  if (req.method !== "GET" && req.method !== "POST") {
    res.statusCode = 405;
    res.setHeader("Allow", "GET, POST");
    res.end();
    return;
  }
  const details = await loadDetails(context, req, res, uid);
  if (!details) return;
  const action = interactionUrl(context.pathPrefix, uid);
  const prompt = details.prompt.name;

  if (prompt === "login") {
    if (req.method === "POST") {
      await submitLogin(context, req, res, action);
    } else {
      sendHtml(res, 200, renderLoginPage({ action, users: context.users }));
    }
    return;
  }
  if (prompt === "consent") {
    // First-party clients only: consent is granted without asking, as Keycloak does with consent off.
    await finishConsent(context, req, res, details);
    return;
  }
  sendHtml(res, 400, renderMessagePage("Sign-in error", `Unsupported sign-in step "${prompt}".`));
}
