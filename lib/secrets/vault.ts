// Reads KV v2 secrets from OpenBao or Vault (../shared/reference/vault-kv2.md) with a token or by Kubernetes auth, and
// turns one into S3 credentials. References: "<mount>/<path>" with the mount as the first segment, e.g.
// "secret/modelport/s3/acme" or "kv/modelport/s3/acme"; a second segment "data" followed by more is the API's own and
// is dropped ("secret/data/modelport/s3/acme" is the same secret), so a path that itself starts with "data/" is
// written "secret/data/data/…". A version may follow as "#3" or "?version=3"; none, or 0, means the latest.
// Errors are AppErrors saying what to fix; they never carry the token, the service account JWT or secret values.
import { readFile } from "node:fs/promises";
import { AppError } from "@/lib/errors";

export interface VaultConnection {
  address: string;
  /** Used when given; otherwise the Kubernetes login below. */
  token?: string;
  kubernetes?: { role: string; jwtPath?: string; mount?: string };
  namespace?: string;
  fetch?: typeof fetch;
  /** Milliseconds one request may take. */
  timeoutMs?: number;
}

export interface SecretReference {
  /** "secret" unless given. */
  mount?: string;
  path: string;
  /** Absent or 0: the latest version. */
  version?: number;
}

export interface KvSecret {
  data: Record<string, string>;
  version: number;
}

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  endpoint?: string;
  region?: string;
}

const DEFAULT_JWT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount/token";
/** A Kubernetes login is renewed this share of its lease early, and at most this long before it runs out. */
const RENEW_EARLY_SHARE = 0.1;
const RENEW_EARLY_MAX_MS = 5 * 60_000;

interface VaultReply {
  status: number;
  body: unknown;
}

export function parseSecretReference(text: string): SecretReference & { mount: string } {
  const match = /^\/*([^#?]*?)\/*(?:#(\d+)|\?version=(\d+))?$/.exec(text.trim());
  if (!match) throw invalidReference('it may end only in "#<version>" or "?version=<version>"');
  const [mount, ...rest] = match[1].split("/");
  const segments = rest.length > 1 && rest[0] === "data" ? rest.slice(1) : rest;
  const version = Number(match[2] ?? match[3] ?? 0);
  return checkedReference({ mount, path: segments.join("/"), version: version || undefined });
}

export async function readKv2Secret(connection: VaultConnection, reference: SecretReference): Promise<KvSecret> {
  const { mount, path, version } = checkedReference({ ...reference, mount: reference.mount ?? "secret" });
  const secret = { where: `${mount}/${path}`, version };
  const route = `${encodePath(mount)}/data/${encodePath(path)}${version ? `?version=${version}` : ""}`;
  const first = await clientToken(connection);
  let reply = await request(connection, "GET", route, { token: first.token });
  if (reply.status === 403 && first.fromCache) {
    // A cached login may have been revoked before its lease ran out: log in once more before giving up.
    forgetLogin(connection);
    reply = await request(connection, "GET", route, { token: (await clientToken(connection)).token });
  }
  return secretFrom(reply, connection, secret);
}

function secretFrom(reply: VaultReply, connection: VaultConnection, secret: { where: string; version?: number }): KvSecret {
  const asked = secret.version ? `version ${secret.version} of ${secret.where}` : secret.where;
  const envelope = reply.body as {
    data?: { data?: unknown; metadata?: { version?: unknown; destroyed?: unknown; deletion_time?: unknown } };
  };
  const metadata = envelope?.data?.metadata;
  switch (reply.status) {
    case 200: {
      const values = envelope?.data?.data;
      if (!isRecord(values) || typeof metadata?.version !== "number") {
        throw new AppError(
          "invalid",
          `OpenBao answered for ${asked} without KV v2 data: check that ${mountOf(secret.where)} is a KV version 2 engine`,
        );
      }
      return { data: textValues(values), version: metadata.version };
    }
    case 403:
      throw new AppError(
        "forbidden",
        `OpenBao refused the token for ${asked} (permission denied): check the policy of ${credentialName(connection)} grants "read" on ` +
          `${mountOf(secret.where)}/data/${pathOf(secret.where)}${connection.namespace ? ` in namespace ${connection.namespace}` : ""}`,
      );
    case 404:
      // With a body the version exists but was deleted or destroyed; without one there is no such path or version.
      throw new AppError("not_found", metadata ? goneVersionMessage(secret, metadata) : missingMessage(secret));
    default:
      throw unexpectedReply(reply, connection, `reading ${asked}`, [connection.token]);
  }
}

function missingMessage(secret: { where: string; version?: number }): string {
  const asked = secret.version ? `version ${secret.version} of ${secret.where}` : secret.where;
  const check = secret.version ? "the path and the version" : "the path";
  return `OpenBao has no ${asked}: check ${check}, and that ${mountOf(secret.where)} is a KV version 2 engine`;
}

function goneVersionMessage(secret: { where: string; version?: number }, metadata: { version?: unknown; destroyed?: unknown }): string {
  const which = secret.version
    ? `Version ${secret.version} of ${secret.where}`
    : `The latest version (${String(metadata.version)}) of ${secret.where}`;
  return metadata.destroyed === true
    ? `${which} was destroyed in OpenBao and cannot be recovered: write the credentials again, or refer to another version`
    : `${which} was deleted in OpenBao: undelete it, or refer to another version`;
}

// --- tokens and the Kubernetes login -------------------------------------------------------------------------------

interface Login {
  token: string;
  renewAt: number;
}

/** One login per OpenBao, namespace, auth mount and role, shared by every read until shortly before its lease ends. */
const logins = new Map<string, Promise<Login>>();

const loginKey = (connection: VaultConnection) =>
  JSON.stringify([
    connection.address,
    connection.namespace ?? "",
    connection.kubernetes?.mount,
    connection.kubernetes?.role,
    connection.kubernetes?.jwtPath,
  ]);

function forgetLogin(connection: VaultConnection): void {
  logins.delete(loginKey(connection));
}

async function clientToken(connection: VaultConnection): Promise<{ token: string; fromCache: boolean }> {
  if (connection.token) return { token: connection.token, fromCache: false };
  if (!connection.kubernetes) {
    throw new AppError(
      "unavailable",
      "OpenBao has no credentials to read secrets with: set OPENBAO_TOKEN, or OPENBAO_K8S_ROLE for Kubernetes auth",
    );
  }
  const key = loginKey(connection);
  const cached = await logins.get(key)?.catch(() => undefined);
  if (cached && Date.now() < cached.renewAt) return { token: cached.token, fromCache: true };
  const fresh = logIn(connection, connection.kubernetes);
  logins.set(key, fresh);
  fresh.catch(() => logins.get(key) === fresh && logins.delete(key));
  return { token: (await fresh).token, fromCache: false };
}

async function logIn(connection: VaultConnection, kubernetes: NonNullable<VaultConnection["kubernetes"]>): Promise<Login> {
  const jwtPath = kubernetes.jwtPath ?? DEFAULT_JWT_PATH;
  const mount = kubernetes.mount ?? "kubernetes";
  const jwt = await readFile(jwtPath, "utf8").then(
    (text) => text.trim(),
    (error: NodeJS.ErrnoException) => {
      throw new AppError(
        "unavailable",
        `Cannot read the service account token at ${jwtPath} for the OpenBao Kubernetes login (${error.code ?? error.message}): ` +
          "check that the pod mounts its service account token",
      );
    },
  );
  const sentAt = Date.now();
  const reply = await request(connection, "POST", `auth/${encodePath(mount)}/login`, { body: { role: kubernetes.role, jwt } });
  const auth = (reply.body as { auth?: { client_token?: unknown; lease_duration?: unknown } } | undefined)?.auth;
  if (reply.status === 200 && typeof auth?.client_token === "string") {
    const leaseMs = typeof auth.lease_duration === "number" ? auth.lease_duration * 1000 : 0;
    const renewAt = leaseMs > 0 ? sentAt + leaseMs - Math.min(leaseMs * RENEW_EARLY_SHARE, RENEW_EARLY_MAX_MS) : Infinity;
    return { token: auth.client_token, renewAt };
  }
  if (reply.status === 400 || reply.status === 403) {
    throw new AppError(
      "unavailable",
      `OpenBao refused the Kubernetes login as role "${kubernetes.role}" at auth/${mount} (${reply.status}: ${serverErrors(reply, [jwt])}): ` +
        `check OPENBAO_K8S_MOUNT names where Kubernetes auth is enabled, and that the role exists and is bound to ` +
        "this pod's service account and namespace (OPENBAO_K8S_ROLE)",
    );
  }
  throw unexpectedReply(reply, connection, `logging in as role "${kubernetes.role}" at auth/${mount}`, [jwt]);
}

// --- HTTP ----------------------------------------------------------------------------------------------------------

async function request(
  connection: VaultConnection,
  method: "GET" | "POST",
  route: string,
  options: { token?: string; body?: unknown },
): Promise<VaultReply> {
  const address = connection.address.replace(/\/+$/, "");
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.token) headers["x-vault-token"] = options.token;
  if (connection.namespace) headers["x-vault-namespace"] = connection.namespace;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const timeoutMs = connection.timeoutMs ?? 10_000;
  try {
    const response = await (connection.fetch ?? fetch)(`${address}/v1/${route}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, body: parseJson(text) };
  } catch (error) {
    const why = isTimeout(error) ? `no answer within ${timeoutMs} ms` : networkCause(error);
    throw new AppError("unavailable", `OpenBao at ${address} is unavailable (${why}): check OPENBAO_ADDR and that the server is running`);
  }
}

function unexpectedReply(reply: VaultReply, connection: VaultConnection, doing: string, secrets: Array<string | undefined>): AppError {
  if (reply.status === 503) {
    return new AppError(
      "unavailable",
      `OpenBao at ${connection.address} is sealed or in maintenance (503) while ${doing}: unseal it and try again`,
    );
  }
  return new AppError("unavailable", `OpenBao answered ${reply.status} while ${doing}: ${serverErrors(reply, secrets)}`);
}

/** The server's own error messages, with anything secret we sent blanked out in case one is echoed. */
function serverErrors(reply: VaultReply, secrets: Array<string | undefined>): string {
  const errors = (reply.body as { errors?: unknown } | undefined)?.errors;
  const text = Array.isArray(errors) && errors.length > 0 ? errors.map(String).join("; ") : "no details";
  return secrets.reduce<string>((scrubbed, secret) => (secret ? scrubbed.split(secret).join("[redacted]") : scrubbed), text);
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

const isTimeout = (error: unknown) => error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");

function networkCause(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}

// --- references and values -----------------------------------------------------------------------------------------

function checkedReference(reference: SecretReference & { mount: string }): SecretReference & { mount: string } {
  const mount = reference.mount.replace(/^\/+|\/+$/g, "");
  const path = reference.path.replace(/^\/+|\/+$/g, "");
  const badSegment = (text: string) => text.split("/").some((segment) => segment === "" || segment === "." || segment === "..");
  if (mount === "" || badSegment(mount)) throw invalidReference("it needs a mount before the path");
  if (path === "" || badSegment(path)) throw invalidReference('its path needs non-empty segments and no "." or ".."');
  if (reference.version !== undefined && !(Number.isSafeInteger(reference.version) && reference.version >= 0)) {
    throw invalidReference("its version must be a whole number, 1 or more");
  }
  return { ...reference, mount, path, version: reference.version || undefined };
}

const invalidReference = (why: string) =>
  new AppError(
    "invalid",
    `The secret reference is not valid: ${why}. Write it as <mount>/<path>[#<version>], e.g. secret/modelport/s3/acme#2`,
  );

const encodePath = (path: string) => path.split("/").map(encodeURIComponent).join("/");
const mountOf = (where: string) => where.split("/")[0];
const pathOf = (where: string) => where.split("/").slice(1).join("/");
const credentialName = (connection: VaultConnection) =>
  connection.token ? "the token in OPENBAO_TOKEN" : `Kubernetes role "${connection.kubernetes?.role}"`;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** KV v2 holds any JSON; credentials are text, so numbers and booleans become text and nested values are left out. */
function textValues(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).flatMap(([key, value]) =>
      typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? [[key, String(value)]] : [],
    ),
  );
}

/** Key names per field, compared without case or separators, so AWS_ACCESS_KEY_ID and accessKeyId match too. */
const S3_KEY_NAMES = {
  accessKeyId: ["access_key_id", "aws_access_key_id", "access_key"],
  secretAccessKey: ["secret_access_key", "aws_secret_access_key", "secret_key"],
  sessionToken: ["session_token", "aws_session_token"],
  endpoint: ["endpoint", "endpoint_url", "aws_endpoint_url", "s3_endpoint"],
  region: ["region", "aws_region", "aws_default_region"],
} as const satisfies Record<keyof S3Credentials, readonly string[]>;

const comparable = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, "");

export function s3CredentialsFromSecret(data: Record<string, string>): S3Credentials {
  const byComparableKey = new Map(
    Object.entries(data)
      .filter(([, value]) => value !== "")
      .map(([key, value]) => [comparable(key), value]),
  );
  const pick = (field: keyof S3Credentials) => S3_KEY_NAMES[field].map((name) => byComparableKey.get(comparable(name))).find(Boolean);
  const required = (field: "accessKeyId" | "secretAccessKey", what: string) => {
    const value = pick(field);
    if (value) return value;
    const keys = Object.keys(data).join(", ") || "none";
    throw new AppError(
      "invalid",
      `The secret has no ${what}: add the key ${S3_KEY_NAMES[field][0]} (also read: ${S3_KEY_NAMES[field].slice(1).join(", ")}, ` +
        `in any letter case, with or without underscores). The secret's keys: ${keys}`,
    );
  };
  const credentials: S3Credentials = {
    accessKeyId: required("accessKeyId", "S3 access key id"),
    secretAccessKey: required("secretAccessKey", "S3 secret access key"),
  };
  for (const field of ["sessionToken", "endpoint", "region"] as const) {
    const value = pick(field);
    if (value) credentials[field] = value;
  }
  return credentials;
}
