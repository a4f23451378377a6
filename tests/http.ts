// Calls the real route handlers with real Request objects, as Next would, without a build: tests read like curl.
import { NextRequest } from "next/server";
import * as deployment from "@/app/api/v1/deployments/[namespace]/[name]/route";
import * as deployments from "@/app/api/v1/deployments/route";
import * as deploymentWatch from "@/app/api/v1/deployments/watch/route";
import * as healthz from "@/app/api/healthz/route";
import * as readyz from "@/app/api/readyz/route";
import * as metrics from "@/app/metrics/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import * as audit from "@/app/api/v1/audit/route";
import * as serviceAccount from "@/app/api/v1/tenants/[tenant]/service-accounts/[id]/route";
import * as serviceAccounts from "@/app/api/v1/tenants/[tenant]/service-accounts/route";
import * as tenant from "@/app/api/v1/tenants/[tenant]/route";
import * as tenants from "@/app/api/v1/tenants/route";
import * as registerModel from "@/app/register_model/route";
import * as unregisterModel from "@/app/unregister_model/[name]/[namespace]/route";

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST" | "PATCH" | "DELETE", Handler>>;

const ROUTES: [string, RouteModule][] = [
  ["/api/v1/deployments", deployments as unknown as RouteModule],
  ["/api/v1/deployments/watch", deploymentWatch as unknown as RouteModule],
  ["/api/v1/deployments/:namespace/:name", deployment as unknown as RouteModule],
  ["/api/healthz", healthz as unknown as unknown as RouteModule],
  ["/api/readyz", readyz as unknown as unknown as RouteModule],
  ["/metrics", metrics as unknown as unknown as RouteModule],
  ["/api/v1/openapi.json", openapi as unknown as unknown as RouteModule],
  ["/api/v1/tenants", tenants as unknown as RouteModule],
  ["/api/v1/tenants/:tenant", tenant as unknown as RouteModule],
  ["/api/v1/tenants/:tenant/service-accounts", serviceAccounts as unknown as RouteModule],
  ["/api/v1/tenants/:tenant/service-accounts/:id", serviceAccount as unknown as RouteModule],
  ["/api/v1/audit", audit as unknown as RouteModule],
  ["/register_model", registerModel as unknown as RouteModule],
  ["/unregister_model/:name/:namespace", unregisterModel as unknown as RouteModule],
];

function match(pathname: string): { module: RouteModule; params: Record<string, string> } {
  const parts = pathname.split("/").filter(Boolean);
  for (const [pattern, module] of ROUTES) {
    const patternParts = pattern.split("/").filter(Boolean);
    if (patternParts.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const ok = patternParts.every((part, index) => {
      if (part.startsWith(":")) {
        params[part.slice(1)] = decodeURIComponent(parts[index]);
        return true;
      }
      return part === parts[index];
    });
    if (ok) return { module, params };
  }
  throw new Error(`no route for ${pathname}`);
}

export interface CallResult<T = any> {
  status: number;
  body: T;
}

/** Like `call`, but hands back the Response unread (for streams and non-JSON bodies). */
export async function callRaw(
  method: "GET",
  url: string,
  options: { token?: string; signal?: AbortSignal } = {},
): Promise<Response> {
  const absolute = new URL(url, "http://localhost:3000");
  const { module, params } = match(absolute.pathname);
  const handler = module[method];
  if (!handler) throw new Error(`no ${method} handler for ${url}`);
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  return handler(new NextRequest(absolute, { method, headers, signal: options.signal }), { params: Promise.resolve(params) });
}

export async function call<T = any>(
  method: "GET" | "POST" | "PATCH" | "DELETE",
  url: string,
  options: { token?: string; body?: unknown; rawBody?: string } = {},
): Promise<CallResult<T>> {
  const absolute = new URL(url, "http://localhost:3000");
  const { module, params } = match(absolute.pathname);
  const handler = module[method];
  if (!handler) return { status: 405, body: null as T };
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  const response = await handler(new NextRequest(absolute, { method, headers, body }), { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}
