// One structured logger: JSON lines on stdout. Callers pass the request id; fields that may hold secrets are masked.
type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function threshold(): number {
  const level = (globalThis as { __modelportLogLevel?: Level }).__modelportLogLevel ?? "info";
  return ORDER[level];
}

// Words in a field's name that mean its value may carry a secret: `env`, `args`, `accessToken`, `client_secret`,
// `set-cookie`, `x-api-key`. Whole words only, so `promptTokens` or `environment` counts stay readable.
const SECRET_WORDS = new Set(["env", "args", "token", "password", "passwd", "secret", "authorization", "cookie", "credentials", "apikey"]);
const MAX_DEPTH = 8;
export const REDACTED_FIELD = "[redacted]";

/** Splits a key into lower-case words: `accessToken` → access, token; `x-api-key` → x, api, key (and apikey). */
function keyWords(key: string): string[] {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const pairs = words.slice(1).map((word, index) => `${words[index]}${word}`);
  return [...words, ...pairs];
}

/** Field names are few and repeat on every line: each is split into words once. */
const SECRET_KEYS = new Map<string, boolean>();

export function isSecretField(key: string): boolean {
  let secret = SECRET_KEYS.get(key);
  if (secret === undefined) {
    secret = keyWords(key).some((word) => SECRET_WORDS.has(word));
    if (SECRET_KEYS.size > 10_000) SECRET_KEYS.clear();
    SECRET_KEYS.set(key, secret);
  }
  return secret;
}

/** Masks the values of secret-bearing keys at any depth, and in strings a credential after `Bearer`/`Basic` and the
 * parameter list Drizzle appends to a failed query's message. */
export function redactLogFields(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (Array.isArray(value)) return value.map((item) => redactLogFields(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") return redactLogFields(toJSON.call(value), depth + 1);
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, isSecretField(key) ? REDACTED_FIELD : redactLogFields(item, depth + 1)]),
  );
}

function redactText(text: string): string {
  return text
    .replace(/\b(Bearer|Basic) [A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED_FIELD}`)
    .replace(/^params: .*$/gm, `params: ${REDACTED_FIELD}`);
}

function write(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  if (ORDER[level] < threshold()) return;
  const safe = redactLogFields(fields) as Record<string, unknown>;
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...safe });
  if (level === "error" || level === "warn") process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}

export const logger = {
  /** Whether a line at `level` would be written: a caller can skip building fields nobody will read. */
  enabled: (level: Level) => ORDER[level] >= threshold(),
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};

export function setLogLevel(level: Level): void {
  (globalThis as { __modelportLogLevel?: Level }).__modelportLogLevel = level;
}
