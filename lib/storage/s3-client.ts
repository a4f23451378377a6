// Talking to any S3-compatible endpoint: the client, listing and opening objects (also what the importer copies
// from), and S3's errors turned into ours, naming the bucket and never the credentials. The SDK (~20 MB resident) is
// loaded on first use, so a process whose weights live on a PVC and that never reads a bucket does not carry it.
import type { GetObjectCommandOutput, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { Readable } from "node:stream";
import { AppError } from "@/lib/errors";

export interface S3ConnectionOptions {
  /** For S3-compatible stores (MinIO, Ceph, …); AWS's own endpoint when absent. */
  endpoint?: string;
  region: string;
  /** Without a key pair the SDK's default chain applies (environment, profile, web identity, instance role). */
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  forcePathStyle: boolean;
}

export interface S3ObjectSummary {
  key: string;
  bytes: number;
  /** Without quotes; an MD5 for single uploads, "<hash>-<parts>" for multipart ones on AWS. */
  etag: string;
}

export interface S3ObjectBody {
  body: Readable;
  /** Bytes in `body` (of the range, when one was asked for). */
  bytes: number;
  /** Hex SHA-256 of the whole object when S3 stored one for it (not for ranges or multipart composites). */
  checksumSha256?: string;
}

/** Where a failure happened, for messages; the endpoint is shown by host only. */
export interface S3Context {
  bucket: string;
  key?: string;
  endpoint?: string;
}

let sdk: typeof import("@aws-sdk/client-s3") | undefined;

export async function loadS3Sdk(): Promise<typeof import("@aws-sdk/client-s3")> {
  sdk ??= await import("@aws-sdk/client-s3");
  return sdk;
}

/** Checks the options at once; the client itself comes with the SDK. */
export function makeS3Client(options: S3ConnectionOptions): Promise<S3Client> {
  if (Boolean(options.accessKeyId) !== Boolean(options.secretAccessKey)) {
    throw new AppError("invalid", "An S3 access key ID and secret access key must be given together");
  }
  const credentials =
    options.accessKeyId && options.secretAccessKey
      ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, sessionToken: options.sessionToken }
      : undefined;
  return loadS3Sdk().then(
    ({ S3Client }) =>
      new S3Client({
        endpoint: options.endpoint,
        region: options.region,
        forcePathStyle: options.forcePathStyle,
        credentials,
        // Checksums only where S3 demands them: streaming trailers ("aws-chunked") that newer SDKs add by default are not
        // understood by many S3-compatible stores, which would store the framing as data.
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
      }),
  );
}

/** Every object below `prefix` (directory markers left out), following continuation tokens page by page. */
export async function listS3Objects(
  client: S3Client,
  bucket: string,
  prefix: string,
  options: { pageSize?: number; endpoint?: string } = {},
): Promise<S3ObjectSummary[]> {
  const { ListObjectsV2Command } = await loadS3Sdk();
  const objects: S3ObjectSummary[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await s3Call({ bucket, endpoint: options.endpoint }, () =>
      client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: continuationToken, MaxKeys: options.pageSize }),
      ),
    );
    for (const object of page.Contents ?? []) {
      if (!object.Key || object.Key.endsWith("/")) continue;
      objects.push({ key: object.Key, bytes: object.Size ?? 0, etag: unquoted(object.ETag ?? "") });
    }
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (continuationToken);
  return objects;
}

/** Opens an object, or a part of it (`end` inclusive, as in HTTP ranges). */
export async function openS3Object(
  client: S3Client,
  bucket: string,
  key: string,
  range?: { start: number; end?: number },
  options: { endpoint?: string } = {},
): Promise<S3ObjectBody> {
  const { GetObjectCommand } = await loadS3Sdk();
  const response = await s3Call({ bucket, key, endpoint: options.endpoint }, () =>
    client.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        Range: range ? `bytes=${range.start}-${range.end ?? ""}` : undefined,
        ChecksumMode: range ? undefined : "ENABLED",
      }),
    ),
  );
  if (!(response.Body instanceof Readable)) throw new AppError("internal", `S3 returned no readable body for ${key} in bucket "${bucket}"`);
  return { body: response.Body, bytes: response.ContentLength ?? 0, checksumSha256: wholeObjectSha256(response) };
}

function wholeObjectSha256(response: GetObjectCommandOutput): string | undefined {
  const checksum = response.ChecksumSHA256;
  // A composite checksum ("<base64>-<parts>") is a checksum of part checksums, not of the file.
  if (!checksum || checksum.includes("-") || response.ChecksumType === "COMPOSITE") return undefined;
  return Buffer.from(checksum, "base64").toString("hex");
}

function unquoted(etag: string): string {
  return etag.replace(/^"|"$/g, "");
}

/** Runs one S3 call and turns what it throws into an AppError (aborts pass through untouched). */
export async function s3Call<T>(context: S3Context, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw s3Error(error, context);
  }
}

const NETWORK_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

export function s3Error(error: unknown, context: S3Context): Error {
  if (error instanceof AppError || (error instanceof Error && error.name === "AbortError")) return error;
  const bucket = `S3 bucket "${context.bucket}"${context.endpoint ? ` at ${hostOf(context.endpoint)}` : ""}`;
  if (isServiceException(error)) return serviceError(error, bucket, context.key);
  if (error instanceof Error && error.name === "CredentialsProviderError") {
    return new AppError(
      "unauthenticated",
      `No credentials for ${bucket}: give an access key ID and secret access key, or run with an IAM role`,
    );
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if ((code && NETWORK_ERROR_CODES.has(code)) || (error instanceof Error && error.name === "TimeoutError")) {
    return new AppError("unavailable", `${bucket} could not be reached (${code ?? "timed out"}): check the endpoint and the network`);
  }
  const why = error instanceof Error ? error.name : String(error);
  return new AppError("unavailable", `${bucket} failed: ${why}`);
}

/** An error S3 answered with; only a call made through the SDK, so loaded, can have thrown one. */
function isServiceException(error: unknown): error is S3ServiceException {
  return sdk !== undefined && error instanceof sdk.S3ServiceException;
}

function serviceError(error: S3ServiceException, bucket: string, key: string | undefined): AppError {
  const status = error.$metadata.httpStatusCode;
  switch (error.name) {
    case "NoSuchBucket":
      return new AppError("not_found", `${bucket} does not exist: create it or correct the bucket name`);
    case "NoSuchKey":
    case "NotFound":
      return new AppError("not_found", `${key ?? "The object"} not found in ${bucket}`);
    case "InvalidAccessKeyId":
      return new AppError("unauthenticated", `${bucket} does not know the access key ID: check the access key ID`);
    case "SignatureDoesNotMatch":
      return new AppError("unauthenticated", `${bucket} rejected the request signature: check the secret access key`);
    case "ExpiredToken":
    case "InvalidToken":
    case "TokenRefreshRequired":
      return new AppError("unauthenticated", `${bucket} rejected the session token: it is expired or invalid`);
    case "AccessDenied":
    case "AllAccessDisabled":
      return new AppError(
        "forbidden",
        `Access to ${bucket} was denied: the credentials need permission to list, read and write its objects`,
      );
    case "PermanentRedirect":
    case "AuthorizationHeaderMalformed":
      return new AppError("invalid", `${bucket} is in another region than the one configured: correct the region`);
  }
  if (status === 403) return new AppError("forbidden", `Access to ${bucket} was denied (403): check the credentials and their permissions`);
  return new AppError("unavailable", `${bucket} answered ${status ?? "?"} ${error.name}`);
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return "the configured endpoint";
  }
}
