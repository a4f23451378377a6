// Wraps every route handler around its contract: resolves the caller, checks the permission, parses params, query
// and body with the contract's schemas, maps errors through one table, and counts and logs the request.
import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { bearerTokenOf, callerFromBearer } from "@/lib/auth/bearer";
import { requireAdmin, type Caller } from "@/lib/auth/caller";
import { callerFromSessionCookie } from "@/lib/auth/next-auth";
import { AppError, notFound } from "@/lib/errors";
import { recordRequest, requestIdFrom } from "@/lib/observability/requests";
import { getRuntime } from "@/lib/runtime";
import type { Decision } from "@/lib/gateway/limits";
import { parseInput } from "@/lib/services/parse-input";
import { admitRequest, managementPolicy, rateLimitHeaders } from "@/lib/services/rate-limits";
import { readJsonBody } from "./body";
import type { RouteContract } from "./contract";
import { errorResponse } from "./errors";

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteContext<Params, Query, Body> {
  request: NextRequest;
  requestId: string;
  params: Parsed<Params>;
  query: Parsed<Query>;
  body: Parsed<Body>;
}

export interface CallerRouteContext<Params, Query, Body> extends RouteContext<Params, Query, Body> {
  caller: Caller;
}

type Segment = { params: Promise<Record<string, string>> };
type NextRouteHandler = (request: NextRequest, segment?: Segment) => Promise<Response>;
type HandlerResult<Response> = (Response extends z.ZodType ? z.input<Response> : unknown) | globalThis.Response;

/** Resolves who is calling: a bearer token first (scripts), else the browser session. */
export async function resolveCaller(request: NextRequest): Promise<Caller> {
  const token = bearerTokenOf(request.headers.get("authorization"));
  if (token) return callerFromBearer(token);
  if (request.headers.has("authorization")) throw new AppError("unauthenticated", "Use Authorization: Bearer <token>");
  const caller = await callerFromSessionCookie(request);
  if (!caller) throw new AppError("unauthenticated", "Sign in or send Authorization: Bearer <token>");
  requireSameOrigin(request);
  return caller;
}

/** A route for authenticated callers (and administrators, when the contract says so). */
export function handleRoute<Params extends z.ZodType, Query extends z.ZodType, Body extends z.ZodType, Response extends z.ZodType>(
  contract: RouteContract<Params, Query, Body, Response>,
  handle: (context: CallerRouteContext<Params, Query, Body>) => Promise<HandlerResult<Response>>,
): NextRouteHandler {
  if (contract.permission === "public") throw new Error(`${contract.id} is public: use handlePublicRoute`);
  return wrap(contract, async (request, segment, requestId, identify) => {
    const caller = await resolveCaller(request);
    // Scripts (bearer tokens) meet the management API's limit; the portal's own pages, which poll, do not.
    const scripted = request.headers.has("authorization");
    identify(caller.subject, scripted ? await admitRequest(`api:${caller.kind}:${caller.subject}`, managementPolicy()) : null);
    if (contract.permission === "admin") requireAdmin(caller);
    return handle({ caller, ...(await parseRequest(contract, request, segment, requestId)) });
  });
}

/** A route anyone may call (health, metrics, the OpenAPI document). */
export function handlePublicRoute<Params extends z.ZodType, Query extends z.ZodType, Body extends z.ZodType, Response extends z.ZodType>(
  contract: RouteContract<Params, Query, Body, Response>,
  handle: (context: RouteContext<Params, Query, Body>) => Promise<HandlerResult<Response>>,
): NextRouteHandler {
  return wrap(contract, async (request, segment, requestId) => handle(await parseRequest(contract, request, segment, requestId)));
}

function wrap(
  contract: RouteContract,
  run: (
    request: NextRequest,
    segment: Segment | undefined,
    requestId: string,
    identify: (subject: string, limited: Decision | null) => void,
  ) => Promise<unknown>,
): NextRouteHandler {
  return async (request, segment) => {
    const requestId = requestIdFrom(request.headers.get("x-request-id"));
    const started = performance.now();
    let subject: string | undefined;
    let limited: Decision | null = null;
    let response: Response;
    try {
      const result = await run(request, segment, requestId, (value, decision) => {
        subject = value;
        limited = decision;
      });
      response = result instanceof Response ? result : NextResponse.json(result, { status: contract.success.status });
      response.headers.set("x-request-id", requestId);
      for (const [name, value] of Object.entries(rateLimitHeaders(limited))) response.headers.set(name, value);
    } catch (error) {
      response = errorResponse(error, requestId, contract.errorStyle);
    }
    recordRequest({
      requestId,
      method: request.method,
      route: contract.path,
      status: response.status,
      seconds: (performance.now() - started) / 1000,
      caller: subject,
      quiet: contract.quiet,
    });
    return response;
  };
}

async function parseRequest<Params extends z.ZodType, Query extends z.ZodType, Body extends z.ZodType>(
  contract: RouteContract<Params, Query, Body, z.ZodType>,
  request: NextRequest,
  segment: Segment | undefined,
  requestId: string,
): Promise<RouteContext<Params, Query, Body>> {
  const rawParams = (await segment?.params) ?? {};
  let params: unknown = rawParams;
  if (contract.params) {
    // A path segment that cannot name anything is simply not found, like another tenant's object.
    const parsed = contract.params.safeParse(rawParams);
    if (!parsed.success) throw notFound(Object.values(rawParams).join("/"));
    params = parsed.data;
  }
  const query = contract.query ? parseInput(contract.query, Object.fromEntries(request.nextUrl.searchParams.entries())) : undefined;
  const body = contract.body
    ? parseInput(contract.body, await readJsonBody(request, undefined, { optional: contract.bodyOptional }))
    : undefined;
  return { request, requestId, params, query, body } as RouteContext<Params, Query, Body>;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Cookie-authenticated writes must come from our own pages: a browser always sends Origin with them. */
export function requireSameOrigin(request: NextRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get("origin");
  const allowed = new Set([request.nextUrl.origin, new URL(getRuntime().config.publicUrl).origin]);
  if (!origin || !allowed.has(origin)) throw new AppError("forbidden", "Cross-site request refused");
}
