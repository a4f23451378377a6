// Every request the custom server receives: settle who the client is, then hand it to the one route table's owner:
// the embedded issuer, the gateway's fast path, or Next.
import type { IncomingMessage, ServerResponse } from "node:http";
import { applyForwardingPolicy, type ProxyTrust } from "./forwarded-headers";
import { SECURITY_HEADERS } from "./security-headers";

export interface RequestRouting {
  trust: ProxyTrust;
  /** The embedded issuer, served outside Next under its path (e.g. /oidc). */
  issuer?: { path: string; handle(req: IncomingMessage, res: ServerResponse): void };
  /** The gateway's fast path (OpenAI's /v1 routes and /models/{name}/predict), served outside Next. */
  gateway?: { matches(req: IncomingMessage): boolean; handle(req: IncomingMessage, res: ServerResponse): void };
  handleNext(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
}

function isUnder(url: string, path: string): boolean {
  return url === path || url.startsWith(`${path}/`) || url.startsWith(`${path}?`);
}

export function createRequestListener(routing: RequestRouting): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    applyForwardingPolicy(req, routing.trust);
    const { issuer } = routing;
    if (issuer && isUnder(req.url ?? "/", issuer.path)) {
      // Next's headers() do not reach here; the issuer's own pages add a stricter policy on top.
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
      issuer.handle(req, res);
      return;
    }
    const { gateway } = routing;
    if (gateway?.matches(req)) {
      gateway.handle(req, res);
      return;
    }
    void routing.handleNext(req, res);
  };
}
