// Where signing in may return to: a path on this site, never another origin however the URL is spelled.
export const DEFAULT_CALLBACK_PATH = "/deployments";

// Browsers drop tabs and line breaks from URLs ("/\t/evil.com" becomes "//evil.com") and read "\" as "/";
// NUL and line breaks cannot go into a Location header at all.
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;
const PLACEHOLDER_ORIGIN = "http://modelport.invalid";

/** The path to return to after signing in: `value` when it stays on this site, else the deployments page. */
export function safeCallbackPath(value: string | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || UNSAFE_CHARACTERS.test(value)) {
    return DEFAULT_CALLBACK_PATH;
  }
  let resolved: URL;
  try {
    resolved = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return DEFAULT_CALLBACK_PATH;
  }
  if (resolved.origin !== PLACEHOLDER_ORIGIN) return DEFAULT_CALLBACK_PATH;
  // The parsed form, so what the browser follows is exactly what was checked.
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
