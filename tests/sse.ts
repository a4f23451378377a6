// Reading a server-sent event stream in tests.

/** Reads server-sent events until `until` returns true or the time runs out. */
export async function readEvents(response: Response, until: (events: { event: string; data: any }[]) => boolean, timeoutMs = 10_000) {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: any }[] = [];
  let buffer = "";
  const deadline = Date.now() + timeoutMs;
  // One read in flight at a time: a read given up on at the 500 ms mark would still take the next chunk, and lose it.
  let pending: ReturnType<typeof reader.read> | undefined;
  while (!until(events) && Date.now() < deadline) {
    pending ??= reader.read();
    const next = await Promise.race([pending, new Promise<null>((resolve) => setTimeout(() => resolve(null), 500))]);
    if (!next) continue;
    pending = undefined;
    if (next.done) break;
    buffer += decoder.decode(next.value, { stream: true });
    let boundary = buffer.indexOf("\n\n");
    while (boundary >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = /^data: (.*)$/m.exec(block)?.[1];
      events.push({ event, data: data ? JSON.parse(data) : null });
      boundary = buffer.indexOf("\n\n");
    }
  }
  await reader.cancel();
  return events;
}
