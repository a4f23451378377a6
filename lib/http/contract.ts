// A route's contract, declared once: method, path, parameters, query, body, responses and the permission it needs.
// The handler wrapper parses with it, the OpenAPI document is generated from it, and tests enumerate it.
import type { z } from "zod";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Who may call: anyone; any authenticated caller (the service then decides per tenant, answering 404 for tenants
 * the caller cannot see); or administrators only.
 */
export type Permission = "public" | "caller" | "admin";

/** Statuses a route may answer with besides its success, each documented with the error body. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;
export type ErrorStyle = NonNullable<RouteContract["errorStyle"]>;

export interface RouteContract<
  Params extends z.ZodType = z.ZodType,
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType = z.ZodType,
  Response extends z.ZodType = z.ZodType,
> {
  /** Names the route in logs and metrics; also the OpenAPI operationId. */
  id: string;
  method: HttpMethod;
  /** OpenAPI-style path, e.g. `/api/v1/deployments/{namespace}/{name}`; `app/` holds the route file at the same path. */
  path: string;
  summary: string;
  tag: string;
  permission: Permission;
  params?: Params;
  query?: Query;
  body?: Body;
  /** An empty body reads as `{}` (a body whose every field is optional, which scripts may leave out). */
  bodyOptional?: boolean;
  /** The success status and what it carries; `contentType` other than JSON is passed through (streams, text). */
  success: { status: 200 | 201 | 202; description: string; schema?: Response; contentType?: string };
  errors: ErrorStatus[];
  /** Probes and scrapes (health, readiness, metrics) are logged at debug level, so they do not drown the rest. */
  quiet?: boolean;
  /**
   * How errors read. `management-service`: the inference-in-a-box Management Service's own, which its clients parse —
   * bad input is 400 `{"error": "Invalid request format", "details": "Field 'x': …", "fields": [...]}`.
   */
  errorStyle?: "management-service";
}

/** Declares a contract; the identity function gives it its precise type. */
export function defineRoute<
  Params extends z.ZodType = z.ZodNever,
  Query extends z.ZodType = z.ZodNever,
  Body extends z.ZodType = z.ZodNever,
  Response extends z.ZodType = z.ZodNever,
>(contract: RouteContract<Params, Query, Body, Response>): RouteContract<Params, Query, Body, Response> {
  return contract;
}

/** `/api/v1/deployments/{namespace}/{name}` → `app/api/v1/deployments/[namespace]/[name]/route.ts`. */
export function routeFileOf(path: string): string {
  return `app${path.replace(/\{(\w+)\}/g, "[$1]")}/route.ts`;
}
