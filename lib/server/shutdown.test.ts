import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { beginShutdown, isShuttingDown, shutdownSignal } from "@/lib/runtime";
import { drainServer } from "./shutdown";

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  return new Promise<{ server: typeof server; url: string }>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })),
  );
}

describe("shutdown", () => {
  it("lets a request in flight finish, then refuses new connections", async () => {
    const { server, url } = await listen((_req, res) => setTimeout(() => res.end("finished"), 300));
    await fetch(url).then((response) => response.text()); // leaves an idle keep-alive connection behind
    const inFlight = fetch(url).then((response) => response.text());
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const drained = drainServer(server, 5_000);
    await expect(fetch(url)).rejects.toThrow();
    expect(await inFlight).toBe("finished");
    expect(await drained).toBe("drained");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("cuts what is still open at the deadline", async () => {
    const { server, url } = await listen((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("event: ping\n\n"); // a stream that never ends by itself
    });
    const response = await fetch(url);
    const reading = response.text().catch((error: unknown) => error);
    const started = Date.now();
    expect(await drainServer(server, 300)).toBe("cut");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await reading).toBeInstanceOf(Error);
  });

  it("aborts the process-wide signal that streams listen to", () => {
    const signal = shutdownSignal();
    let heard = false;
    signal.addEventListener("abort", () => (heard = true));
    expect(isShuttingDown()).toBe(false);
    beginShutdown();
    expect(heard).toBe(true);
    expect(shutdownSignal()).toBe(signal);
    expect(isShuttingDown()).toBe(true);
  });
});
