// The sandbox's bearer token: one random token per sandbox (kept in its data directory), checked on every request
// the way a real API server authenticates, with anonymous access only where Kubernetes grants it by default.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import { readPrivateFile, writePrivateFile } from "./private-files";
import { unauthorized } from "./status";

const TOKEN_FILE = "token";
/** What the system:public-info-viewer role lets unauthenticated clients read on a real API server. */
const PUBLIC_PATHS = new Set(["/healthz", "/livez", "/readyz", "/version"]);

/** The token saved in `dataDir` (so kubeconfigs written before a restart still work), or a new one. */
export function loadOrCreateToken(dataDir: string | undefined): string {
  const file = dataDir ? path.join(dataDir, TOKEN_FILE) : undefined;
  const saved = file ? readPrivateFile(file)?.trim() : undefined;
  if (saved) return saved;
  const token = randomBytes(32).toString("base64url");
  if (file) writePrivateFile(file, `${token}\n`);
  return token;
}

/** Throws 401 Unauthorized unless the request carries the token; a wrong token is refused even on public paths. */
export function authenticate(req: IncomingMessage, path: string, token: string): void {
  const header = req.headers.authorization;
  if (header === undefined && PUBLIC_PATHS.has(path)) return;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!match || !sameSecret(match[1], token)) throw unauthorized();
}

/** Compares digests so neither the content nor the length of the token leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
