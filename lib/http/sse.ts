// Server-sent events: subscribes first (so a refused subscription is still a proper HTTP error), then streams until
// the client leaves, the subscriber closes, or the server begins to shut down (the client then reconnects elsewhere).
import { shutdownSignal } from "@/lib/runtime";
import { WATCH_EVENTS } from "@/lib/schemas/deployment-watch";
export type SendEvent = (event: string, data: unknown) => void;

const HEARTBEAT_MS = 15_000;

/**
 * `subscribe` gets `send` and `close` and returns its unsubscribe function. That function is called exactly once,
 * however the stream ends: the client goes away, the subscriber calls `close`, or `close` was called before
 * `subscribe` even returned. If `subscribe` throws, it must have undone its own work; the error propagates.
 */
export async function sseResponse(
  request: Request,
  subscribe: (send: SendEvent, close: () => void) => Promise<() => void>,
): Promise<Response> {
  const encoder = new TextEncoder();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  const queued: Uint8Array[] = [];
  let closed = false;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let unsubscribe: (() => void) | undefined;

  const send: SendEvent = (event, data) => {
    if (closed) return;
    const chunk = encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    if (!controller) return void queued.push(chunk);
    try {
      controller.enqueue(chunk);
    } catch {
      close(); // the stream broke under us: stop producing for it
    }
  };
  const stopping = shutdownSignal();
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    stopping.removeEventListener("abort", close);
    const stop = unsubscribe;
    unsubscribe = undefined;
    stop?.();
    try {
      controller?.close();
    } catch {
      // the client already went away
    }
  };

  const stop = await subscribe(send, close);
  if (closed) stop();
  else unsubscribe = stop;
  request.signal.addEventListener("abort", close);
  stopping.addEventListener("abort", close, { once: true });
  if (request.signal.aborted || stopping.aborted) close();
  const stream = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
      for (const chunk of queued.splice(0)) streamController.enqueue(chunk);
      if (closed) streamController.close();
      else heartbeat = setInterval(() => send(WATCH_EVENTS.ping, {}), HEARTBEAT_MS);
    },
    cancel: close,
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", connection: "keep-alive" },
  });
}
