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
  /** Aborts when the client has gone. */
  signal: AbortSignal;
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

/** Opens the request and resolves with the answer's head; a connection that never got an answer is a ConnectFailure. */
function open(
  request: ForwardRequest,
  deadline: AbortSignal,
): Promise<{ upstreamRequest: http.ClientRequest; response: http.IncomingMessage }> {
  const url = new URL(request.upstream.base + request.path);
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...request.headers, ...request.upstream.headers };
    if (request.body) headers["content-length"] = String(request.body.length);
    const upstreamRequest = transport.request(url, { method: request.method, headers, agent: request.upstream.agent });
    let answered = false;
    upstreamRequest.once("response", (response) => {
      answered = true;
      resolve({ upstreamRequest, response });
    });
    upstreamRequest.once("error", (error: NodeJS.ErrnoException) => {
      if (answered) return;
      reject(error.code && CONNECT_ERRORS.has(error.code) && !upstreamRequest.reusedSocket ? new ConnectFailure(error.code) : error);
    });
    const stop = () => upstreamRequest.destroy(deadline.reason instanceof Error ? deadline.reason : new Error("aborted"));
    if (deadline.aborted) stop();
    else deadline.addEventListener("abort", stop, { once: true });
    upstreamRequest.once("close", () => deadline.removeEventListener("abort", stop));
    upstreamRequest.end(request.body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function forward(request: ForwardRequest, res: ServerResponse): Promise<ForwardOutcome> {
  // One signal ends the upstream request: a timeout, or the client leaving.
  const stop = new AbortController();
  let timedOut = false;
  const expire = () => {
    timedOut = true;
    stop.abort(new Error("timeout"));
  };
  let timer = setTimeout(expire, request.timeoutMs);
  const clientLeft = () => stop.abort(request.signal.reason);
  if (request.signal.aborted) clientLeft();
  else request.signal.addEventListener("abort", clientLeft, { once: true });
  const deadline = stop.signal;
  try {
    let opened: Awaited<ReturnType<typeof open>> | undefined;
    for (let attempt = 0; !opened; attempt++) {
      try {
        opened = await open(request, deadline);
      } catch (error) {
        if (request.signal.aborted) return { status: 499, bytes: 0, ending: "client-left" };
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
    const { upstreamRequest, response } = opened;
    const status = response.statusCode ?? 502;
    const streamed = /^text\/event-stream/i.test(String(response.headers["content-type"] ?? ""));
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) res.setHeader(name, value);
    }
    if (streamed) {
      res.setHeader("cache-control", "no-cache, no-transform");
      res.setHeader("x-accel-buffering", "no");
    }
    res.writeHead(status);
    // A stream's head goes out now; any other answer's head leaves with its first bytes, in one write.
    if (streamed) res.flushHeaders();
    return await new Promise<ForwardOutcome>((resolve) => {
      let bytes = 0;
      const settle = (ending: ForwardOutcome["ending"]) => {
        clearTimeout(timer);
        resolve({ status, bytes, ending });
      };
      response.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (request.stream) {
          clearTimeout(timer);
          timer = setTimeout(expire, request.timeoutMs);
        }
        const out = request.transform ? request.transform(chunk) : chunk;
        if (out.length > 0 && !res.write(out)) {
          response.pause();
          res.once("drain", () => response.resume());
        }
      });
      response.once("end", () => {
        const tail = request.flush?.();
        res.end(tail && tail.length > 0 ? tail : undefined);
        settle("complete");
      });
      response.once("error", () => {
        // Headers are out: the client can only learn of the failure by the connection closing early.
        res.destroy();
        settle(request.signal.aborted ? "client-left" : "upstream-failed");
      });
      upstreamRequest.once("close", () => {
        if (!response.complete) {
          res.destroy();
          settle(request.signal.aborted ? "client-left" : "upstream-failed");
        }
      });
    });
  } finally {
    clearTimeout(timer);
    request.signal.removeEventListener("abort", clientLeft);
  }
}
