// An S3 location to read weights from, with its credentials resolved where they are kept: given with the request
// (held in a Kubernetes Secret for the job's life), a Kubernetes Secret the caller names, an OpenBao / Vault KV v2
// path, or the process's own default chain. Credentials are used here and never stored or logged by Modelport.
import type { Readable } from "node:stream";
import { getCluster } from "@/lib/k8s/cluster";
import { readSecretData } from "@/lib/k8s/secrets";
import type { Caller } from "@/lib/auth/caller";
import { AppError, invalid } from "@/lib/errors";
import { getRuntime } from "@/lib/runtime";
import { parseSecretReference, readKv2Secret, s3CredentialsFromSecret } from "@/lib/secrets/vault";
import { listS3Objects, makeS3Client, openS3Object } from "@/lib/storage/s3-client";

export interface S3Location {
  bucket: string;
  prefix: string;
  endpoint?: string;
  region: string;
}

export type S3Credentials =
  | { kind: "keys"; accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  | { kind: "secret"; name: string }
  | { kind: "openbao"; path: string; version?: number }
  | { kind: "default" };

export interface S3Object {
  /** Relative to the location's prefix. */
  path: string;
  key: string;
  bytes: number;
}

export interface S3Source {
  list(): Promise<S3Object[]>;
  /** The whole object's SHA-256 comes with it when S3 stored one (a read from the start only). */
  open(object: S3Object, start: number, signal: AbortSignal): Promise<{ body: Readable; rangeHonoured: boolean; sha256?: string }>;
}

export async function s3SourceFor(namespace: string, location: S3Location, credentials: S3Credentials): Promise<S3Source> {
  const keys = await resolveKeys(namespace, credentials);
  const client = await makeS3Client({
    endpoint: location.endpoint ?? keys?.endpoint,
    region: location.region ?? keys?.region,
    accessKeyId: keys?.accessKeyId,
    secretAccessKey: keys?.secretAccessKey,
    sessionToken: keys?.sessionToken,
    forcePathStyle: Boolean(location.endpoint ?? keys?.endpoint),
  });
  // A prefix names a folder: "models/llama" is models/llama/…, not models/llama-70b/….
  const trimmed = location.prefix.replace(/^\/+/, "");
  const base = trimmed === "" || trimmed.endsWith("/") ? trimmed : `${trimmed}/`;
  return {
    async list() {
      const objects = await listS3Objects(client, location.bucket, base, { endpoint: location.endpoint });
      return objects.map((object) => ({ key: object.key, path: relativeTo(base, object.key), bytes: object.bytes }));
    },
    async open(object, start, signal) {
      signal.throwIfAborted();
      const opened = await openS3Object(client, location.bucket, object.key, start > 0 ? { start } : undefined, {
        endpoint: location.endpoint,
      });
      signal.addEventListener("abort", () => opened.body.destroy(signal.reason as Error), { once: true });
      return { body: opened.body, rangeHonoured: true, sha256: opened.checksumSha256 };
    },
  };
}

/** The keys behind a credentials reference; undefined means the default chain (instance role, environment). */
export async function resolveKeys(
  namespace: string,
  credentials: S3Credentials,
): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; endpoint?: string; region?: string } | undefined> {
  switch (credentials.kind) {
    case "keys":
      return credentials;
    case "secret":
      return s3CredentialsFromSecret(await readSecretData(getCluster(), namespace, credentials.name));
    case "openbao": {
      const { config } = getRuntime();
      if (!config.OPENBAO_ADDR) {
        throw new AppError("invalid", "openbao_secret_path needs OpenBao: this Modelport has no OPENBAO_ADDR", {
          fields: [{ field: "openbao_secret_path", message: "OPENBAO_ADDR is not configured" }],
        });
      }
      const secret = await readKv2Secret(
        {
          address: config.OPENBAO_ADDR,
          token: config.OPENBAO_TOKEN,
          namespace: config.OPENBAO_NAMESPACE,
          kubernetes: config.OPENBAO_K8S_ROLE
            ? { role: config.OPENBAO_K8S_ROLE, mount: config.OPENBAO_K8S_MOUNT, jwtPath: config.OPENBAO_K8S_TOKEN_PATH }
            : undefined,
        },
        { ...parseSecretReference(credentials.path), ...(credentials.version ? { version: credentials.version } : {}) },
      );
      return s3CredentialsFromSecret(secret.data);
    }
    case "default":
      return undefined;
  }
}

/** The credentials of an /api/v1 import body, as a source reads them. */
export function s3CredentialsOf(
  given:
    | { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
    | { secret: string }
    | { openbaoPath: string; version?: number }
    | undefined,
): S3Credentials {
  if (!given) return { kind: "default" };
  if ("accessKeyId" in given) return { kind: "keys", ...given };
  if ("secret" in given) return { kind: "secret", name: given.secret };
  return { kind: "openbao", path: given.openbaoPath, version: given.version };
}

/**
 * Who may use which credentials. Modelport's own S3 access (the SDK's default chain) is for admins: a tenant would
 * otherwise read any bucket Modelport can, at any endpoint it names. An OpenBao path must lie below the tenant's
 * prefix (OPENBAO_TENANT_PREFIX, e.g. "secret/tenants/{tenant}/"), as Modelport's policy reads for every tenant;
 * without that setting only admins may name OpenBao paths. `field` is the body's name for the credentials.
 */
export function requireS3CredentialsPolicy(caller: Caller, tenant: string, credentials: S3Credentials, field: string): void {
  if (caller.isAdmin) return;
  if (credentials.kind === "default") {
    throw invalid([
      { field, message: "Give S3 credentials (keys, a Kubernetes Secret or an OpenBao path); Modelport's own S3 access is for admins" },
    ]);
  }
  if (credentials.kind !== "openbao") return;
  const { config } = getRuntime();
  const template = config.OPENBAO_TENANT_PREFIX;
  if (!template) {
    throw invalid([
      { field, message: "OpenBao paths need OPENBAO_TENANT_PREFIX (each tenant's own part of OpenBao); ask an admin to set it" },
    ]);
  }
  const allowed = parseSecretReference(`${template.replace(/\{tenant\}/g, tenant).replace(/\/*$/, "")}/x`);
  const base = allowed.path.replace(/x$/, "");
  const named = parseSecretReference(credentials.path);
  if (named.mount !== allowed.mount || !named.path.startsWith(base)) {
    throw invalid([{ field, message: `Must be below ${allowed.mount}/${base} (tenant ${tenant}'s secrets)` }]);
  }
}

/** A key below the listed folder, relative to it. */
function relativeTo(folder: string, key: string): string {
  return key.slice(folder.length);
}
