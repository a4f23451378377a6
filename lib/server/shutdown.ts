// Stopping without cutting requests off: the drain of the HTTP server (the "shutting down" signal is in lib/runtime).
import type { Server } from "node:http";

// How often idle keep-alive connections are closed while requests finish.
const SWEEP_MS = 100;

/**
 * Stops accepting connections, lets requests in flight finish and closes connections as they fall idle; after
 * `deadlineMs` whatever is still open is cut. Resolves with how it ended.
 */
export function drainServer(server: Server, deadlineMs: number): Promise<"drained" | "cut"> {
  return new Promise((resolve) => {
    let cut = false;
    const sweep = setInterval(() => server.closeIdleConnections(), SWEEP_MS);
    const deadline = setTimeout(() => {
      cut = true;
      server.closeAllConnections();
    }, deadlineMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve(cut ? "cut" : "drained");
    });
    server.closeIdleConnections();
  });
}
