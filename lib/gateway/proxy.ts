// Sends one request upstream and passes the answer back as it comes: headers once they arrive, then every chunk as
// it is received (nothing buffered, server-sent events marked so no proxy in between buffers or compresses them).
// Connection failures are retried (nothing reached the server, so nothing can happen twice); the request's own
// timeout bounds the wait, and for a stream also every pause between two chunks. A client that leaves cancels the
// upstream request.
import http from "node:http";
import https from "node:https";
import type { ServerResponse } from "node:http";
import { gatewayErrors } from "./openai-errors";
import type { Upstream } from "./upstream";

export interface ForwardRequest {
  upstream: Upstream;
  /** Below the upstream's base, e.g. `/v1/chat/completions`. */
  path: string;
  method: "GET" | "POST";
  /** Content type and the like; never the caller's credentials. */
  headers: Record<string, string>;
  body?: Buffer;
  /** A streamed answer: the timeout then bounds the first byte and each pause, not the whole answer. */
  stream: boolean;
  timeoutMs: number;
  /** How often a refused or failed connection is tried again. */
  maxRetries: number;
  /** Sees each chunk of the answer's body on its way to the client (usage metering) and may hold part of it back. */
  transform?(chunk: Buffer): Buffer;
  /** What the transform still holds when the answer ends. */
  flush?(): Buffer;
}

export interface ForwardOutcome {
  status: number;
  bytes: number;
  /** How the answer ended: complete, cut by the upstream or a timeout, or left by the client. */
  ending: "complete" | "upstream-failed" | "client-left";
}

const CONNECT_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE"]);
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  // The Kubernetes API server's own bookkeeping, when the sandbox's service proxy is in between.
  "audit-id",
  "x-kubernetes-pf-flowschema-uid",
  "x-kubernetes-pf-prioritylevel-uid",
]);

class ConnectFailure extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

interface Origin {
  transport: typeof http | typeof https;
  hostname: string;
  port: string;
  /** The base's path, without a trailing slash. */
  path: string;
}

/** Each upstream base parsed once: a request then only appends its path. */
const ORIGINS = new Map<string, Origin>();

function originOf(base: string): Origin {
  let origin = ORIGINS.get(base);
  if (!origin) {
    const url = new URL(base);
    origin = {
      transport: url.protocol === "https:" ? https : http,
      hostname: url.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: url.port,
      path: url.pathname.replace(/\/$/, "") + url.search,
    };
    if (ORIGINS.size > 10_000) ORIGINS.clear();
    ORIGINS.set(base, origin);
  }
  return origin;
}

/**
 * Sends one request upstream; `onRequest` receives it at once (so it can be cancelled) and the promise resolves with
 * the answer's head. A connection that never got an answer is a ConnectFailure.
 */
function open(request: ForwardRequest, onRequest: (upstreamRequest: http.ClientRequest) => void): Promise<http.IncomingMessage> {
  const origin = originOf(request.upstream.base);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...request.headers, ...request.upstream.headers };
    if (request.body) headers["content-length"] = String(request.body.length);
    const upstreamRequest = origin.transport.request({
      hostname: origin.hostname,
      port: origin.port,
      path: origin.path + request.path,
      method: request.method,
      headers,
      agent: request.upstream.agent,
    });
    let answered = false;
    upstreamRequest.once("response", (response) => {
      answered = true;
      resolve(response);
    });
    upstreamRequest.once("error", (error: NodeJS.ErrnoException) => {
      if (answered) return;
      reject(error.code && CONNECT_ERRORS.has(error.code) && !upstreamRequest.reusedSocket ? new ConnectFailure(error.code) : error);
    });
    onRequest(upstreamRequest);
    upstreamRequest.end(request.body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function forward(request: ForwardRequest, res: ServerResponse): Promise<ForwardOutcome> {
  // One way to end the upstream request: a timeout, or the client leaving (its connection closed before the answer).
  let current: http.ClientRequest | undefined;
  let timedOut = false;
  let clientLeft = false;
  const cancel = () => current?.destroy(new Error(timedOut ? "timeout" : "the client left"));
  const expire = () => {
    timedOut = true;
    cancel();
  };
  const left = () => {
    if (res.writableFinished) return;
    clientLeft = true;
    cancel();
  };
  const timer = setTimeout(expire, request.timeoutMs);
  res.once("close", left);
  try {
    let response: http.IncomingMessage | undefined;
    for (let attempt = 0; !response; attempt++) {
      if (clientLeft || res.destroyed) return { status: 499, bytes: 0, ending: "client-left" };
      try {
        response = await open(request, (opened) => {
          current = opened;
          if (timedOut || clientLeft) cancel();
        });
      } catch (error) {
        if (clientLeft) return { status: 499, bytes: 0, ending: "client-left" };
        if (timedOut) throw gatewayErrors.timeout(`The model did not answer within ${request.timeoutMs / 1000} s`);
        if (!(error instanceof ConnectFailure)) {
          throw gatewayErrors.badGateway(`The model's server failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (attempt >= request.maxRetries) {
          const tries = attempt + 1;
          throw gatewayErrors.badGateway(
            `The model's server could not be reached (${error.code}) after ${tries} attempt${tries > 1 ? "s" : ""}`,
          );
        }
        await sleep(Math.min(1000, 50 * 2 ** attempt));
      }
    }
    const upstreamRequest = current as http.ClientRequest;
    const status = response.statusCode ?? 502;
    const streamed = /^text\/event-stream/i.test(String(response.headers["content-type"] ?? ""));
    for (const name in response.headers) {
      const value = response.headers[name];
      if (value !== undefined && !HOP_BY_HOP.has(name)) res.setHeader(name, value);
    }
    if (streamed) {
      res.setHeader("cache-control", "no-cache, no-transform");
      res.setHeader("x-accel-buffering", "no");
    }
    res.writeHead(status);
    // The head leaves with the first bytes, in one write; a stream whose first event is not there yet (a model still
    // reading its prompt) gets its head at once all the same.
    let written = false;
    if (streamed) setImmediate(() => written || res.destroyed || res.flushHeaders());
    const answer = response;
    return await new Promise<ForwardOutcome>((resolve) => {
      let bytes = 0;
      const settle = (ending: ForwardOutcome["ending"]) => {
        clearTimeout(timer);
        resolve({ status, bytes, ending });
      };
      answer.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (request.stream) timer.refresh();
        const out = request.transform ? request.transform(chunk) : chunk;
        written ||= out.length > 0;
        if (out.length > 0 && !res.write(out)) {
          answer.pause();
          res.once("drain", () => answer.resume());
        }
      });
      answer.once("end", () => {
        const tail = request.flush?.();
        res.end(tail && tail.length > 0 ? tail : undefined);
        settle("complete");
      });
      answer.once("error", () => {
        // Headers are out: the client can only learn of the failure by the connection closing early.
        res.destroy();
        settle(clientLeft ? "client-left" : "upstream-failed");
      });
      upstreamRequest.once("close", () => {
        if (!answer.complete) {
          res.destroy();
          settle(clientLeft ? "client-left" : "upstream-failed");
        }
      });
    });
  } finally {
    clearTimeout(timer);
    res.removeListener("close", left);
  }
}
