// Calls the real route handlers with real Request objects, as Next would, without a build: tests read like curl.
// Routes are found from their contracts (lib/contracts), and every success body is checked against the contract's
// response schema, so a handler cannot drift from what the OpenAPI document promises.
import path from "node:path";
import { NextRequest } from "next/server";
import { ALL_ROUTES } from "@/lib/contracts/all-routes";
import { routeFileOf, type HttpMethod, type RouteContract } from "@/lib/http/contract";

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

function match(method: string, pathname: string): { contract: RouteContract; params: Record<string, string> } | { pathExists: boolean } {
  const parts = pathname.split("/").filter(Boolean);
  let pathExists = false;
  // Static segments win over parameters, as in Next's router (`/deployments/watch` before `/deployments/{namespace}`).
  const candidates = [...ALL_ROUTES].sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0));
  for (const contract of candidates) {
    const patternParts = contract.path.split("/").filter(Boolean);
    if (patternParts.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = patternParts.every((part, index) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (name) {
        params[name] = decodeURIComponent(parts[index]);
        return true;
      }
      return part === parts[index];
    });
    if (!ok) continue;
    pathExists = true;
    if (contract.method === method) return { contract, params };
  }
  return { pathExists };
}

async function handlerOf(contract: RouteContract): Promise<Handler> {
  const module = (await import(path.resolve(routeFileOf(contract.path)))) as Partial<Record<HttpMethod, Handler>>;
  const handler = module[contract.method];
  if (!handler) throw new Error(`${routeFileOf(contract.path)} does not export ${contract.method}, though its contract says so`);
  return handler;
}

export interface CallResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

interface CallOptions {
  token?: string;
  cookie?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Like `call`, but hands back the Response unread (for streams, non-JSON bodies and streamed request bodies). */
export async function callRaw(
  method: HttpMethod,
  url: string,
  options: CallOptions & { body?: BodyInit; duplex?: "half" } = {},
): Promise<Response> {
  const absolute = new URL(url, "http://localhost:3000");
  const found = match(method, absolute.pathname);
  if (!("contract" in found)) return new Response(null, { status: found.pathExists ? 405 : 404 });
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  const init = {
    method,
    headers,
    signal: options.signal,
    body: options.body,
    ...(options.body instanceof ReadableStream ? { duplex: "half" } : {}),
  };
  const handler = await handlerOf(found.contract);
  return handler(new NextRequest(absolute, init as ConstructorParameters<typeof NextRequest>[1]), {
    params: Promise.resolve(found.params),
  });
}

export async function call<T = any>(
  method: HttpMethod,
  url: string,
  options: CallOptions & { body?: unknown; rawBody?: string } = {},
): Promise<CallResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  const response = await callRaw(method, url, { ...options, headers, body });
  const text = await response.text();
  const parsed = (text ? JSON.parse(text) : null) as T;
  const found = match(method, new URL(url, "http://localhost:3000").pathname);
  if ("contract" in found && response.status === found.contract.success.status && found.contract.success.schema) {
    const checked = found.contract.success.schema.safeParse(parsed);
    if (!checked.success) {
      throw new Error(
        `${method} ${url} answered outside its contract: ${checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      );
    }
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** The fields an error body names (`details.fields[].field`), in order. */
export const fieldsOf = (body: { details?: { fields?: { field: string }[] } }): string[] =>
  (body.details?.fields ?? []).map((problem) => problem.field);
