// Sends one request upstream and passes the answer back as it comes: headers once they arrive, then every chunk as
// it is received (nothing buffered, server-sent events marked so no proxy in between buffers or compresses them).
// Connection failures are retried (nothing reached the server, so nothing can happen twice); the request's own
// timeout bounds the wait, and for a stream also every pause between two chunks. A client that leaves cancels the
// upstream request.
import type { ServerResponse } from "node:http";
import type { Dispatcher } from "undici";
import { gatewayErrors } from "./openai-errors";
import type { Upstream } from "./upstream";

export interface ForwardRequest {
  upstream: Upstream;
  /** Below the upstream's base, e.g. `/v1/chat/completions`. */
  path: string;
  method: "GET" | "POST";
  /** Content type and the like; never the caller's credentials. */
  headers: Record<string, string>;
  /** The gateway's own headers for the answer (request id, rate limits), written with the upstream's in one head. */
  answerHeaders?: Record<string, string>;
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

// Why a request can fail before any connection took it: the server was not reached.
const CONNECT_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);
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
  /** scheme://host:port */
  origin: string;
  /** The base's path, without a trailing slash. */
  path: string;
}

/** Each upstream base parsed once: a request then only appends its path. */
const ORIGINS = new Map<string, Origin>();

function originOf(base: string): Origin {
  let origin = ORIGINS.get(base);
  if (!origin) {
    const url = new URL(base);
    origin = { origin: url.origin, path: url.pathname.replace(/\/$/, "") + url.search };
    if (ORIGINS.size > 10_000) ORIGINS.clear();
    ORIGINS.set(base, origin);
  }
  return origin;
}

/** One attempt, as forward() sees it: how to end it, whatever stage it is at. */
interface Attempt {
  outcome: Promise<ForwardOutcome>;
  cancel(reason: Error): void;
}

/**
 * Sends the request upstream once and passes the answer to `res` as it comes. The outcome resolves when the answer
 * ended (or was cut); it rejects, before anything was written to `res`, when no answer came: with a ConnectFailure when
 * no connection ever took the request (so the server cannot have seen it), else with the error.
 */
function attempt(request: ForwardRequest, res: ServerResponse, timer: NodeJS.Timeout, clientLeft: () => boolean): Attempt {
  const origin = originOf(request.upstream.base);
  let controller: Dispatcher.DispatchController | undefined;
  let cancelled: Error | undefined;
  let fail: (error: Error) => void = () => undefined;
  const outcome = new Promise<ForwardOutcome>((resolve, reject) => {
    let status = 502;
    let bytes = 0;
    let answered = false;
    let written = false;
    fail = reject;
    request.upstream.agent.dispatch(
      {
        origin: origin.origin,
        path: origin.path + request.path,
        method: request.method,
        headers: { ...request.headers, ...request.upstream.headers },
        body: request.body,
      },
      {
        onRequestStart: (started) => {
          controller = started;
          if (cancelled) started.abort(cancelled);
        },
        onResponseStart: (_controller, statusCode, headers) => {
          // An informational answer (100, 103) comes before the real one; the client gets only the real one.
          if (statusCode < 200) return;
          answered = true;
          status = statusCode;
          const streamed = /^text\/event-stream/i.test(String(headers["content-type"] ?? ""));
          const head: Record<string, string | string[]> = {};
          for (const name in headers) {
            const value = headers[name];
            if (value !== undefined && !HOP_BY_HOP.has(name)) head[name] = value;
          }
          Object.assign(head, request.answerHeaders);
          if (streamed) {
            head["cache-control"] = "no-cache, no-transform";
            head["x-accel-buffering"] = "no";
          }
          // One head, written at once: no header-by-header bookkeeping on the response.
          res.writeHead(status, head);
          // The head leaves with the first bytes, in one write; a stream whose first event is not there yet (a model
          // still reading its prompt) gets its head at once all the same.
          if (streamed) setImmediate(() => written || res.destroyed || res.flushHeaders());
        },
        onResponseData: (flow, chunk) => {
          bytes += chunk.length;
          if (request.stream) timer.refresh();
          const out = request.transform ? request.transform(chunk) : chunk;
          written ||= out.length > 0;
          if (out.length > 0 && !res.write(out)) {
            flow.pause();
            res.once("drain", () => flow.resume());
          }
        },
        onResponseEnd: () => {
          const tail = request.flush?.();
          res.end(tail && tail.length > 0 ? tail : undefined);
          resolve({ status, bytes, ending: "complete" });
        },
        onResponseError: (_controller, error: Error & { code?: string }) => {
          if (!answered) {
            const unsent = !controller && error.code !== undefined && CONNECT_ERRORS.has(error.code);
            reject(unsent ? new ConnectFailure(error.code as string) : error);
            return;
          }
          // Headers are out: the client can only learn of the failure by the connection closing early.
          res.destroy();
          resolve({ status, bytes, ending: clientLeft() ? "client-left" : "upstream-failed" });
        },
      },
    );
  });
  return {
    outcome,
    cancel(reason) {
      cancelled = reason;
      // Still waiting for a connection (connecting, or queued behind busy ones): it ends now, and is aborted should a
      // connection take it later.
      if (controller) controller.abort(reason);
      else fail(reason);
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function forward(request: ForwardRequest, res: ServerResponse): Promise<ForwardOutcome> {
  // One way to end the upstream request: a timeout, or the client leaving (its connection closed before the answer).
  let current: Attempt | undefined;
  let timedOut = false;
  let clientLeft = false;
  const cancel = () => current?.cancel(new Error(timedOut ? "timeout" : "the client left"));
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
  const timeout = () => gatewayErrors.timeout(`The model did not answer within ${request.timeoutMs / 1000} s`);
  res.once("close", left);
  try {
    for (let tried = 0; ; tried++) {
      if (clientLeft || res.destroyed) return { status: 499, bytes: 0, ending: "client-left" };
      if (timedOut) throw timeout();
      try {
        current = attempt(request, res, timer, () => clientLeft);
        return await current.outcome;
      } catch (error) {
        if (clientLeft) return { status: 499, bytes: 0, ending: "client-left" };
        if (timedOut) throw timeout();
        if (!(error instanceof ConnectFailure)) {
          throw gatewayErrors.badGateway(`The model's server failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (tried >= request.maxRetries) {
          const tries = tried + 1;
          throw gatewayErrors.badGateway(
            `The model's server could not be reached (${error.code}) after ${tries} attempt${tries > 1 ? "s" : ""}`,
          );
        }
        await sleep(Math.min(1000, 50 * 2 ** tried));
      }
    }
  } finally {
    clearTimeout(timer);
    res.removeListener("close", left);
  }
}
