// The HTTP front: authenticates the bearer token, then routes Kubernetes REST paths to discovery, reads, writes,
// subresources and watches.
import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate } from "./bearer-token";
import type { ClusterState, HandlerResult } from "./cluster-state";
import { apiGroup, apiGroupList, apiResourceList, apiVersions, openApiGroupDocument, openApiRoot, SERVER_VERSION } from "./discovery";
import { type ModelServers, parseServiceProxyPath } from "./model-servers";
import { getObject, listObjects } from "./reads";
import { decodeBody, parseTarget, readBody, requestMediaType, requestOptions, type Target } from "./request";
import { ApiError, internalError, methodNotAllowed, resourceNotFound } from "./status";
import { getSubresource, patchSubresource, putSubresource } from "./subresources";
import { isWatchRequest, type WatchHub } from "./watch";
import { createObject, deleteCollection, deleteObject, patchObject, updateObject } from "./writes";

function sendJson(res: ServerResponse, status: number, body: unknown, warnings: string[] = []): void {
  const payload = JSON.stringify(body);
  const headers: Record<string, string | string[]> = {
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(payload)),
  };
  if (warnings.length > 0) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  res.writeHead(status, headers);
  res.end(payload);
}

function sendError(res: ServerResponse, error: unknown): void {
  const apiError = error instanceof ApiError ? error : internalError(error instanceof Error ? error.message : String(error));
  if (!(error instanceof ApiError)) console.error("sandbox cluster: request failed", error);
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  sendJson(res, apiError.code, apiError.status);
}

export class ApiServer {
  constructor(
    private readonly state: ClusterState,
    private readonly watches: WatchHub,
    private readonly serverAddress: () => string,
    private readonly token: string,
    /** Serves the service proxy subresource; without it the proxy paths are unknown resources. */
    private readonly modelServers?: ModelServers,
  ) {}

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.route(req, res).catch((error: unknown) => sendError(res, error));
  };

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const method = req.method ?? "GET";
    authenticate(req, path, this.token);
    const proxied = parseServiceProxyPath(url.pathname);
    if (proxied && this.modelServers) return this.modelServers.handle(proxied, url.searchParams, req, res);
    const plain = this.nonResource(path);
    if (plain !== undefined) {
      if (method !== "GET" && method !== "HEAD") throw methodNotAllowed();
      if (typeof plain === "string") {
        res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
        res.end(plain);
      } else sendJson(res, 200, plain);
      return;
    }
    const target = parseTarget(path, this.state.registry);
    if (!target) throw resourceNotFound();
    const result = await this.dispatch(target, method, url.searchParams, req, res);
    if (result) sendJson(res, result.status, result.body, result.warnings);
  }

  /** Discovery, OpenAPI and health endpoints; undefined when the path names a resource. */
  private nonResource(path: string): unknown {
    const registry = this.state.registry;
    if (path === "/version") return SERVER_VERSION;
    if (path === "/healthz" || path === "/readyz" || path === "/livez") return "ok";
    if (path === "/api") return apiVersions(this.serverAddress());
    if (path === "/apis") return apiGroupList(registry);
    if (path === "/openapi/v2") throw resourceNotFound();
    if (path === "/openapi/v3") return openApiRoot(registry);
    if (path.startsWith("/openapi/v3/")) {
      const doc = openApiGroupDocument(registry, path.slice("/openapi/v3/".length));
      if (!doc) throw resourceNotFound();
      return doc;
    }
    if (path === "/")
      return {
        paths: [
          "/api",
          "/api/v1",
          "/apis",
          ...registry.groups().flatMap((g) => g.versions.map((v) => `/apis/${g.group}/${v}`)),
          "/healthz",
          "/openapi/v3",
          "/readyz",
          "/version",
        ],
      };
    const parts = path.split("/").filter((p) => p !== "");
    if (parts[0] === "api" && parts.length === 2) return apiResourceList(registry, "", parts[1]) ?? fail();
    if (parts[0] === "apis" && parts.length === 2) return apiGroup(registry, parts[1]) ?? fail();
    if (parts[0] === "apis" && parts.length === 3) return apiResourceList(registry, parts[1], parts[2]) ?? fail();
    return undefined;
  }

  private async dispatch(
    target: Target,
    method: string,
    query: URLSearchParams,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<HandlerResult | undefined> {
    const d = target.descriptor;
    const allow = (verb: string): void => {
      if (!d.verbs.includes(verb)) throw methodNotAllowed();
    };
    const accept = req.headers.accept;
    if (method === "GET") {
      if (target.subresource) return getSubresource(this.state, target);
      if (target.name !== undefined) {
        allow("get");
        return getObject(this.state, target, accept, query);
      }
      if (isWatchRequest(query)) {
        allow("watch");
        this.watches.start(target, query, req, res);
        return undefined;
      }
      allow("list");
      return listObjects(this.state, target, accept, query);
    }
    const options = requestOptions(query);
    const raw = await readBody(req);
    const body = (): unknown => decodeBody(raw, req.headers["content-type"] ?? "", d.group === "");
    if (method === "POST") {
      if (target.name !== undefined) throw methodNotAllowed();
      allow("create");
      return createObject(this.state, target, body(), options);
    }
    if (method === "PUT" && target.name !== undefined) {
      if (target.subresource) return putSubresource(this.state, target, body(), options);
      allow("update");
      return updateObject(this.state, target, body(), options, "main");
    }
    if (method === "PATCH" && target.name !== undefined) {
      const mediaType = requestMediaType(req);
      if (target.subresource) return patchSubresource(this.state, target, body(), mediaType, options);
      allow("patch");
      return patchObject(this.state, target, body(), mediaType, options, "main");
    }
    if (method === "DELETE" && !target.subresource) {
      const deleteOptions = raw.length > 0 ? body() : undefined;
      if (target.name === undefined) {
        allow("deletecollection");
        return deleteCollection(this.state, target, query, deleteOptions, options);
      }
      allow("delete");
      return deleteObject(this.state, target, deleteOptions, options);
    }
    throw methodNotAllowed();
  }
}

function fail(): never {
  throw resourceNotFound();
}
