// Wraps every route handler: resolves the caller, reads input, maps errors through one table, counts the request.
import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { bearerTokenOf, callerFromBearer } from "@/lib/auth/bearer";
import type { Caller } from "@/lib/auth/caller";
import { callerFromSessionCookie } from "@/lib/auth/next-auth";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { getMetrics } from "@/lib/observability/metrics";
import { getRuntime } from "@/lib/runtime";
import { errorResponse } from "./errors";

export interface HandlerContext<Params> {
  request: NextRequest;
  params: Params;
  caller: Caller;
  requestId: string;
  /** The query string as a plain object, for the list schemas. */
  query: Record<string, string>;
  /** The JSON body; a malformed one is a 400 that says so. */
  json(): Promise<unknown>;
}

type Result = NextResponse | Response | { status?: number; body: unknown };

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

export function apiHandler<Params extends Record<string, string> = Record<string, never>>(
  routeName: string,
  handle: (context: HandlerContext<Params>) => Promise<Result>,
) {
  return async (request: NextRequest, segment: { params: Promise<Params> }): Promise<Response> => {
    const offered = request.headers.get("x-request-id");
    const requestId = offered && /^[\w.-]{1,128}$/.test(offered) ? offered : randomUUID();
    const started = performance.now();
    let response: Response;
    let subject: string | undefined;
    try {
      const caller = await resolveCaller(request);
      subject = caller.subject;
      const result = await handle({
        request,
        params: await segment.params,
        caller,
        requestId,
        query: Object.fromEntries(request.nextUrl.searchParams.entries()),
        json: () => readJson(request),
      });
      response =
        result instanceof Response ? result : NextResponse.json(result.body, { status: result.status ?? 200 });
      response.headers.set("x-request-id", requestId);
    } catch (error) {
      response = errorResponse(error, requestId);
    }
    const seconds = (performance.now() - started) / 1000;
    const metrics = getMetrics();
    metrics.httpRequests.inc({ route: routeName, method: request.method, status: String(response.status) });
    metrics.httpDuration.observe({ route: routeName, method: request.method }, seconds);
    logger.info("request", { requestId, method: request.method, route: routeName, status: response.status, ms: Math.round(seconds * 1000), caller: subject });
    return response;
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Cookie-authenticated writes must come from our own pages: a browser always sends Origin with them. */
function requireSameOrigin(request: NextRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  const origin = request.headers.get("origin");
  const allowed = new Set([request.nextUrl.origin, new URL(getRuntime().config.publicUrl).origin]);
  if (!origin || !allowed.has(origin)) throw new AppError("forbidden", "Cross-site request refused");
}

const MAX_BODY_BYTES = 1024 * 1024;

async function readJson(request: NextRequest): Promise<unknown> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new AppError("bad_request", "The request body is larger than 1 MiB", { fields: [{ field: "(body)", message: "Too large" }] });
  }
  if (text.trim() === "") throw new AppError("bad_request", "The request body is empty; send JSON", { fields: [{ field: "(body)", message: "Required" }] });
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON", {
      fields: [{ field: "(body)", message: "Malformed JSON" }],
    });
  }
}
