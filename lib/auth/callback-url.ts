// Where signing in may return to: a path on this site, never another origin however the URL is spelled.
export const DEFAULT_CALLBACK_PATH = "/deployments";

// Browsers drop tabs and line breaks from URLs ("/\t/evil.com" becomes "//evil.com") and read "\" as "/";
// NUL and line breaks cannot go into a Location header at all.
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;
const PLACEHOLDER_ORIGIN = "http://modelport.invalid";

/** True when `path` can only mean a path on this site: one leading "/", then no second "/" or "\" after it. */
function isSameSitePath(path: string): boolean {
  return path.startsWith("/") && !path.startsWith("//") && !UNSAFE_CHARACTERS.test(path);
}

/** The path to return to after signing in: `value` when it stays on this site, else the deployments page. */
export function safeCallbackPath(value: string | undefined): string {
  if (!value || !isSameSitePath(value)) return DEFAULT_CALLBACK_PATH;
  let resolved: URL;
  try {
    resolved = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return DEFAULT_CALLBACK_PATH;
  }
  if (resolved.origin !== PLACEHOLDER_ORIGIN) return DEFAULT_CALLBACK_PATH;
  // The parsed form is what the browser will follow, so it is the one checked: parsing collapses dot segments,
  // turning "/.//evil.com" or "/%2E%2E//evil.com" into "//evil.com", which a browser reads as another host.
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  return isSameSitePath(path) && new URL(path, PLACEHOLDER_ORIGIN).origin === PLACEHOLDER_ORIGIN ? path : DEFAULT_CALLBACK_PATH;
}
