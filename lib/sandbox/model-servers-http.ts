// The small HTTP vocabulary the simulated model servers share: the request they see behind the service proxy, the
// replies they give (JSON, text or a server-sent event stream), how a reply is written, and cancellable waits.
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import type { ObjectStore } from "./store";

export interface ServerRequest {
  method: string;
  /** The path after `/proxy`, as the upstream server sees it (at least "/"). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Aborts when the client goes away or the sandbox closes. */
  signal: AbortSignal;
}

export type ServerReply =
  | { kind: "json"; status: number; body: unknown }
  | { kind: "text"; status: number; body: string; contentType?: string }
  /** Each item is one `data:` payload (a JSON text or `[DONE]`), written and flushed as it comes. */
  | { kind: "events"; events: AsyncIterable<string> };

export function json(status: number, body: unknown): ServerReply {
  return { kind: "json", status, body };
}

export function text(status: number, body: string, contentType = "text/plain; charset=utf-8"): ServerReply {
  return { kind: "text", status, body, contentType };
}

/** FastAPI's answers (KServe's Python model server) for an unknown path and a wrong method. */
export const FASTAPI_NOT_FOUND = json(404, { detail: "Not Found" });
export const FASTAPI_METHOD_NOT_ALLOWED = json(405, { detail: "Method Not Allowed" });

/** Resolves true after `ms`, or false as soon as the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Re-evaluates `check` after every change in the store until it gives a value; undefined when `timeoutMs` passes or
 * the signal aborts first (the caller tells them apart by the signal).
 */
export function waitForStore<T>(
  store: ObjectStore,
  check: () => T | undefined,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<T | undefined> {
  const first = check();
  if (first !== undefined || signal.aborted) return Promise.resolve(first);
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: T | undefined): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      unsubscribe();
      signal.removeEventListener("abort", onAbort);
      resolve(value);
    };
    const onAbort = (): void => finish(undefined);
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    const unsubscribe = store.subscribe(() => {
      const value = check();
      if (value !== undefined) finish(value);
    });
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export async function writeReply(res: ServerResponse, reply: ServerReply, signal: AbortSignal): Promise<void> {
  if (reply.kind === "events") return writeEvents(res, reply.events, signal);
  const payload = reply.kind === "json" ? JSON.stringify(reply.body) : reply.body;
  res.writeHead(reply.status, {
    "Content-Type": reply.kind === "json" ? "application/json" : (reply.contentType ?? "text/plain; charset=utf-8"),
    "Content-Length": String(Buffer.byteLength(payload)),
  });
  res.end(payload);
}

/** Server-sent events, one write per event so each reaches the client at once; stops when the client leaves. */
async function writeEvents(res: ServerResponse, events: AsyncIterable<string>, signal: AbortSignal): Promise<void> {
  res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache" });
  res.flushHeaders();
  for await (const data of events) {
    if (signal.aborted || res.destroyed) break;
    res.write(`data: ${data}\n\n`);
  }
  if (!res.destroyed) res.end();
}
