// Server-sent events: subscribes first (so a refused subscription is still a proper HTTP error), then streams.
export type SendEvent = (event: string, data: unknown) => void;

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
    if (controller) controller.enqueue(chunk);
    else queued.push(chunk);
  };
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe?.();
    try {
      controller?.close();
    } catch {
      // the client already went away
    }
  };

  unsubscribe = await subscribe(send, close);
  request.signal.addEventListener("abort", close);
  if (request.signal.aborted) close();
  const stream = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
      for (const chunk of queued.splice(0)) streamController.enqueue(chunk);
      if (closed) streamController.close();
      else heartbeat = setInterval(() => send("ping", {}), 15_000);
    },
    cancel: close,
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", connection: "keep-alive" },
  });
}
