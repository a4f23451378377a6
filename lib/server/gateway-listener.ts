// The gateway's fast path: OpenAI's routes under /v1 and `/models/{name}/predict`, served beside Next in plain Node
// HTTP (../DESIGN.md, "One process, two paths"). It authenticates the caller, finds the deployment the request
// names, and hands the request to lib/gateway's proxy; every answer it makes itself is in OpenAI's error shape.
import type { IncomingMessage, ServerResponse } from "node:http";
import { bearerTokenOf, callerFromBearer } from "@/lib/auth/bearer";
import type { Caller } from "@/lib/auth/caller";
import { API_KEY_PREFIX } from "@/lib/auth/secret-tokens";
import { liveSessionCaller, readSessionToken } from "@/lib/auth/session-token";
import { GatewayError, gatewayErrors, openAIErrorBody, toGatewayError } from "@/lib/gateway/openai-errors";
import type { Decision } from "@/lib/gateway/limits";
import { forward, type ForwardOutcome } from "@/lib/gateway/proxy";
import { estimateTokens, JsonUsageReader, StreamUsageReader } from "@/lib/gateway/usage";
import { upstreamPath } from "@/lib/gateway/upstream";
import { logger } from "@/lib/observability/logger";
import { recordRequest, requestIdFrom } from "@/lib/observability/requests";
import { getRuntime } from "@/lib/runtime";
import {
  DEFAULT_TIMEOUT_SECONDS,
  gatewayModels,
  principalLabel,
  resolveGatewayModel,
  type GatewayPrincipal,
  type GatewayTarget,
} from "@/lib/services/gateway";
import { authenticateApiKey } from "@/lib/services/publishing";
import { matchPublishedLocation, refreshPublishedLocations, type PublishedLocation } from "@/lib/services/published-locations";
import { admitRequest, publishedPolicy, rateLimitHeaders, settleTokens } from "@/lib/services/rate-limits";
import { recordUsage } from "@/lib/services/usage";

/** OpenAI's routes the gateway serves, by path. */
const OPENAI_ROUTES: Record<string, string> = {
  "/v1/chat/completions": "chat/completions",
  "/v1/completions": "completions",
  "/v1/embeddings": "embeddings",
  "/v1/audio/transcriptions": "audio/transcriptions",
};
const PREDICT = /^\/models\/([^/]+)\/predict$/;
const MAX_JSON_BYTES = 16 * 1024 * 1024;
/** OpenAI takes audio files up to 25 MB; the form around one adds a little. */
const MAX_FORM_BYTES = 26 * 1024 * 1024;
const DEFAULT_MAX_RETRIES = 2;

export function isGatewayPath(url: string): boolean {
  const path = pathOf(url);
  return path === "/v1" || path.startsWith("/v1/") || PREDICT.test(path);
}

/** The gateway's requests: its routes, and a published model's own URL on its hostname. */
export function matchesGateway(req: IncomingMessage): boolean {
  const url = req.url ?? "/";
  return isGatewayPath(url) || matchPublishedLocation(req.headers.host, pathOf(url)) !== undefined;
}

/** The OpenAI route below a published OpenAI model's externalPath (`…/chat/completions` or `…/v1/chat/completions`). */
function locatedOpenAI(located: { location: PublishedLocation; rest: string }): string | undefined {
  if (located.location.modelType !== "openai") return undefined;
  return OPENAI_ROUTES[located.rest.startsWith("/v1/") ? located.rest : `/v1${located.rest}`];
}

function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  return end < 0 ? url : url.slice(0, end);
}

interface Served {
  route: string;
  status: number;
  caller?: string;
  extra?: Record<string, unknown>;
}

export function createGatewayListener(): (req: IncomingMessage, res: ServerResponse) => void {
  void refreshPublishedLocations();
  return (req, res) => {
    const started = performance.now();
    const requestId = requestIdFrom(req.headers["x-request-id"] as string | undefined);
    // The answer's own headers, gathered as the request goes and written once with the head, whoever writes it.
    const headers: Record<string, string> = { "x-request-id": requestId };
    let route = "/v1/*";
    serve(req, res, headers, (value) => (route = value))
      .catch((error: unknown): Served => {
        const failure = toGatewayError(error, requestId);
        if (failure.status === 500)
          logger.error("unhandled error", { requestId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        if (!res.headersSent) sendError(res, failure, headers);
        else res.destroy();
        return { route, status: failure.status };
      })
      .then((served) =>
        recordRequest({
          requestId,
          method: req.method ?? "GET",
          route: served.route,
          status: served.status,
          seconds: (performance.now() - started) / 1000,
          caller: served.caller,
          extra: served.extra,
        }),
      );
  };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
  setRoute: (route: string) => void,
): Promise<Served> {
  const requestId = headers["x-request-id"] ?? "";
  const path = pathOf(req.url ?? "/");
  const method = req.method ?? "GET";
  if (path === "/v1/models") {
    setRoute(path);
    if (method !== "GET") throw gatewayErrors.methodNotAllowed("GET");
    const caller = await authenticate(req);
    sendJson(res, 200, await gatewayModels(caller), headers);
    return { route: path, status: 200, caller: principalLabel(caller) };
  }
  // A standard route, or a published model's own URL on its hostname (its externalPath, then the route below it).
  const located = OPENAI_ROUTES[path] || PREDICT.test(path) ? undefined : matchPublishedLocation(req.headers.host, path);
  const openai = located ? locatedOpenAI(located) : OPENAI_ROUTES[path];
  const predictedName = located
    ? located.location.modelType === "traditional" && /^(\/predict)?$/.test(located.rest)
      ? located.location.name
      : undefined
    : PREDICT.exec(path)?.[1];
  if (!openai && predictedName === undefined) throw gatewayErrors.notFound(`Unknown route ${method} ${path}`);
  const route = located ? "{externalPath}" : openai ? path : "/models/{name}/predict";
  setRoute(route);
  if (method !== "POST") throw gatewayErrors.methodNotAllowed("POST");
  const caller = await authenticate(req, located?.location);
  // On a published model's own URL the model is that one, whatever the body names.
  const forced = located ? `${located.location.tenant}/${located.location.name}` : undefined;
  const contentType = String(req.headers["content-type"] ?? "");
  const multipart = openai === "audio/transcriptions";
  const raw = await readBody(req, multipart ? MAX_FORM_BYTES : MAX_JSON_BYTES);

  const key = caller.kind === "key" ? caller.key : null;
  let target: GatewayTarget;
  let body: Buffer;
  let sentType = contentType || "application/json";
  let stream = false;
  /** Tokens reserved against the key's token limits before the answer says how many were used. */
  let reserve = 0;
  /** The gateway asked for the stream's usage chunk itself: the client must not see it. */
  let stripUsage = false;
  if (predictedName !== undefined) {
    target = await resolveGatewayModel(caller, forced ?? decodeURIComponent(predictedName), "predict");
    body = raw;
  } else if (multipart) {
    if (!/^multipart\/form-data/i.test(contentType)) throw gatewayErrors.invalid("Send the audio as multipart/form-data");
    const form = await formOf(raw, contentType);
    const model = forced ?? form.get("model");
    if (typeof model !== "string" || model === "") throw gatewayErrors.invalid("you must provide a model parameter", "missing_model");
    target = await resolveGatewayModel(caller, model, "openai");
    if (target.upstream.model !== model) {
      form.set("model", target.upstream.model);
      const encoded = new Response(form);
      sentType = encoded.headers.get("content-type") ?? sentType;
      body = Buffer.from(await encoded.arrayBuffer());
    } else body = raw;
  } else {
    const fields = jsonObjectOf(raw);
    const named = fields.model;
    if (forced) fields.model = forced;
    if (typeof fields.model !== "string" || fields.model === "") {
      throw gatewayErrors.invalid("you must provide a model parameter", "missing_model");
    }
    target = await resolveGatewayModel(caller, fields.model, "openai");
    stream = fields.stream === true;
    const sent: Record<string, unknown> = { ...fields, model: target.upstream.model };
    // A metered stream asks the server for its usage; the extra chunk is taken out unless the client asked for it.
    const options = fields.stream_options as { include_usage?: unknown } | undefined;
    if (key && stream && options?.include_usage !== true) {
      sent.stream_options = { ...options, include_usage: true };
      stripUsage = true;
    }
    body = sent.model === named && !stripUsage ? raw : Buffer.from(JSON.stringify(sent));
    sentType = "application/json";
    const maxTokens = Number(fields.max_tokens ?? fields.max_completion_tokens ?? 0);
    reserve = estimateTokens(raw.length) + (Number.isFinite(maxTokens) && maxTokens > 0 ? maxTokens : 0);
  }

  // Anyone on a publication that needs no key meets its limits per client address (and is not metered per key).
  if (caller.kind === "public") {
    const publicDecision = await admitRequest(
      `public:${caller.location.publishedModelId}:${req.socket.remoteAddress ?? "unknown"}`,
      publishedPolicy(caller.location.rateLimiting),
    );
    Object.assign(headers, rateLimitHeaders(publicDecision));
  }
  // A published model's key meets its limits; a refusal is metered as one.
  let decision: Decision | null = null;
  const policy = key ? publishedPolicy(key.rateLimiting) : undefined;
  if (key && policy) {
    const tokenLimited = key.rateLimiting.tokensPerHour !== null || key.rateLimiting.tokensPerDay !== null;
    try {
      decision = await admitRequest(`key:${key.keyId}`, policy, tokenLimited ? reserve : 0);
    } catch (error) {
      const failure = toGatewayError(error, requestId);
      if (failure.status === 429)
        recordUsage({ apiKeyId: key.keyId, publishedModelId: key.publishedModelId, admitted: false, status: 429 });
      throw error;
    }
    Object.assign(headers, rateLimitHeaders(decision));
  }

  const reader = !key ? undefined : stream ? new StreamUsageReader(stripUsage) : new JsonUsageReader();
  const proxy = target.proxy;
  const seconds = stream ? (proxy.stream_timeout ?? proxy.timeout ?? DEFAULT_TIMEOUT_SECONDS) : (proxy.timeout ?? DEFAULT_TIMEOUT_SECONDS);
  let outcome: ForwardOutcome;
  try {
    outcome = await forward(
      {
        upstream: target.upstream,
        path: upstreamPath(target.target, openai ? { openai } : "predict"),
        method: "POST",
        headers: { "content-type": sentType, accept: String(req.headers.accept ?? "*/*"), "x-request-id": requestId },
        answerHeaders: headers,
        body,
        stream,
        timeoutMs: seconds * 1000,
        maxRetries: proxy.max_retries ?? DEFAULT_MAX_RETRIES,
        transform: reader && ((chunk) => reader.push(chunk)),
        flush: reader instanceof StreamUsageReader ? () => reader.flush() : undefined,
      },
      res,
    );
  } catch (error) {
    if (key)
      recordUsage({
        apiKeyId: key.keyId,
        publishedModelId: key.publishedModelId,
        admitted: true,
        status: toGatewayError(error, requestId).status,
      });
    throw error;
  }
  if (key && policy) {
    const usage = reader?.result() ?? null;
    // A stream left before the server reported usage is counted from what was sent, and marked estimated.
    const estimated =
      !usage && reader instanceof StreamUsageReader && outcome.ending !== "complete"
        ? estimateTokens(raw.length) + estimateTokens(reader.sentCharacters)
        : undefined;
    const status = outcome.ending === "client-left" ? 499 : outcome.status;
    recordUsage({ apiKeyId: key.keyId, publishedModelId: key.publishedModelId, admitted: true, status, usage, estimatedTokens: estimated });
    if (decision)
      settleTokens(`key:${key.keyId}`, policy, decision.reservation, usage?.totalTokens ?? estimated ?? decision.reservation.tokens);
  }
  return {
    route,
    status: outcome.status,
    caller: principalLabel(caller),
    extra: { model: `${target.namespace}/${target.name}`, bytes: outcome.bytes, ending: outcome.ending },
  };
}

/**
 * A published model's API key (`X-API-Key`, or a bearer token with the key's prefix when there is no X-API-Key), or
 * a tenant's user or service account by its bearer token.
 */
async function authenticate(req: IncomingMessage, located?: PublishedLocation): Promise<GatewayPrincipal> {
  const header = req.headers["x-api-key"];
  const token = bearerTokenOf((req.headers.authorization as string | undefined) ?? null);
  const apiKey = typeof header === "string" ? header : token?.startsWith(API_KEY_PREFIX) ? token : undefined;
  if (apiKey !== undefined) {
    const key = await authenticateApiKey(apiKey.trim());
    if (!key) throw gatewayErrors.unauthenticated("Incorrect API key provided, or the key was revoked or has expired.");
    return { kind: "key", key };
  }
  if (!token) {
    const browser = await sessionCaller(req);
    if (browser) return { kind: "caller", caller: browser };
    if (located && !located.requireApiKey) return { kind: "public", location: located };
    throw gatewayErrors.unauthenticated(
      req.headers.authorization
        ? "Use Authorization: Bearer <token>"
        : "You didn't provide an API key: send X-API-Key: <key> or Authorization: Bearer <token>",
    );
  }
  try {
    return { kind: "caller", caller: await callerFromBearer(token) };
  } catch (error) {
    const failure = toGatewayError(error, "");
    throw failure.status === 401 ? gatewayErrors.unauthenticated(failure.message) : error;
  }
}

/**
 * The signed-in browser user (the Playground), by the portal's session cookie. Only from the portal's own pages: a
 * browser sends Origin with every POST, and one from elsewhere is refused, so another site cannot spend the session.
 */
async function sessionCaller(req: IncomingMessage): Promise<Caller | null> {
  const header = req.headers.cookie;
  if (!header) return null;
  const jar = new Map<string, string>();
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at > 0) jar.set(part.slice(0, at).trim(), decodeURIComponent(part.slice(at + 1).trim()));
  }
  const caller = await liveSessionCaller(
    await readSessionToken({ get: (name) => (jar.has(name) ? { value: jar.get(name) ?? "" } : undefined) }),
  );
  if (!caller) return null;
  const origin = req.headers.origin;
  const allowed = new Set([new URL(getRuntime().config.publicUrl).origin, `http://${req.headers.host}`, `https://${req.headers.host}`]);
  if (req.method !== "GET" && (!origin || !allowed.has(origin))) {
    throw new GatewayError(403, "Cross-site request refused", "permission_error", "cross_site");
  }
  return caller;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (declared > limit) return Promise.reject(gatewayErrors.tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(gatewayErrors.tooLarge(limit));
      } else chunks.push(chunk);
    });
    req.once("end", () => resolve(Buffer.concat(chunks, size)));
    req.once("error", reject);
  });
}

function jsonObjectOf(raw: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString("utf8"));
  } catch {
    throw gatewayErrors.invalid("We could not parse the JSON body of your request. Send a JSON object.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw gatewayErrors.invalid("The body must be a JSON object.");
  return value as Record<string, unknown>;
}

async function formOf(raw: Buffer, contentType: string): Promise<FormData> {
  try {
    return await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
  } catch {
    throw gatewayErrors.invalid("The multipart/form-data body could not be read.");
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, error: GatewayError, headers: Record<string, string>): void {
  const text = openAIErrorBody(error);
  const sent: Record<string, string | number> = {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...error.headers,
  };
  if (error.status === 401) sent["www-authenticate"] = 'Bearer realm="modelport"';
  res.writeHead(error.status, sent);
  res.end(text);
}
