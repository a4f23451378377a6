// Self-contained HTML pages (sign-in, sign-out, errors) served by the embedded issuer.
import { createHash } from "node:crypto";
import type { DevUser } from "./dev-users";

export const PAGE_SECURITY_HEADERS: Record<string, string> = {
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
};

export const INVALID_CREDENTIALS_MESSAGE = "Invalid username or password.";

const STYLE = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f4f5f7;color:#1f2328;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:15px;line-height:1.5}
main{width:100%;max-width:380px;margin:24px;padding:32px;background:#fff;border:1px solid #d8dce1;border-radius:10px;
box-shadow:0 1px 3px rgba(0,0,0,.06)}
h1{margin:0 0 20px;font-size:1.35rem;font-weight:600}
label{display:block;margin:14px 0 4px;font-weight:500}
input{width:100%;padding:9px 11px;font:inherit;border:1px solid #b9c0c8;border-radius:6px}
input:focus{outline:2px solid #2f6feb;outline-offset:1px;border-color:#2f6feb}
button{margin-top:20px;width:100%;padding:10px;font:inherit;font-weight:600;color:#fff;background:#2f6feb;border:0;border-radius:6px;cursor:pointer}
button:hover{background:#1f5ad1}
button.secondary{margin-top:10px;color:#1f2328;background:#eef0f3}
.error{margin:0 0 12px;padding:9px 11px;color:#8a1c1c;background:#fdecec;border:1px solid #f3b9b9;border-radius:6px}
.note{margin-top:24px;padding-top:16px;border-top:1px solid #e4e7eb;color:#57606a;font-size:.85rem}
.note ul{margin:6px 0;padding-left:18px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
`;

export function escapeHtml(value: string): string {
  return value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export interface LoginPageOptions {
  action: string;
  users: DevUser[];
  username?: string;
  error?: string;
}

export function renderLoginPage({ action, users, username, error }: LoginPageOptions): string {
  const userList = users.map((user) => `<li><code>${escapeHtml(user.username)}</code> — ${escapeHtml(user.name)}</li>`).join("\n");
  const errorBlock = error ? `<p class="error" role="alert">${escapeHtml(error)}</p>\n` : "";
  return layout(
    "Sign in to Modelport",
    `<h1>Sign in to Modelport</h1>
${errorBlock}<form method="post" action="${escapeHtml(action)}">
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(username ?? "")}"${username ? "" : " autofocus"}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${username ? " autofocus" : ""}>
<button type="submit">Sign in</button>
</form>
<div class="note">
<strong>Development sign-in.</strong> This is Modelport's embedded identity provider. Development users:
<ul>
${userList}
</ul>
All of them sign in with the development password set by <code>MODELPORT_DEV_PASSWORD</code>.
</div>`,
  );
}

export function renderMessagePage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`);
}

// `form` is oidc-provider's own logout form markup (action and CSRF token); it is trusted HTML.
export function renderLogoutPage(form: string): string {
  return layout(
    "Sign out of Modelport",
    `<h1>Sign out of Modelport?</h1>
${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>
<button class="secondary" type="submit" form="op.logoutForm">Stay signed in</button>`,
  );
}

const SIGNING_OUT_SCRIPT = `document.getElementById("op.logoutForm").submit();`;
/** The CSP source that allows exactly the signing-out page's one inline script. */
export const SIGNING_OUT_SCRIPT_SOURCE = `'sha256-${createHash("sha256").update(SIGNING_OUT_SCRIPT).digest("base64")}'`;

// Submits oidc-provider's logout form at once, with `logout=yes` so the whole issuer session ends (not only this
// client's part of it); without scripts, one button does the same.
export function renderSigningOutPage(form: string): string {
  const signOutEverywhere = form.replace("</form>", '<input type="hidden" name="logout" value="yes"/></form>');
  return layout(
    "Signing out of Modelport",
    `<h1>Signing out…</h1>
${signOutEverywhere}
<noscript><button type="submit" form="op.logoutForm">Sign out</button></noscript>
<script>${SIGNING_OUT_SCRIPT}</script>`,
  );
}

export function renderErrorPage(error: string, description?: string): string {
  const detail = description ? `<p>${escapeHtml(description)}</p>\n` : "";
  return layout("Sign-in error", `<h1>Something went wrong</h1>\n${detail}<p><code>${escapeHtml(error)}</code></p>`);
}
