// Weights in an S3 bucket, below an optional prefix of the bucket. Writes stream as multipart uploads (see
// s3-upload.ts) and become visible only once complete; S3 cannot append, so an interrupted file starts over.
import type { S3Client } from "@aws-sdk/client-s3";
import type { Readable } from "node:stream";
import { AppError } from "@/lib/errors";
import { checkedKey, checkedPrefix, keyOrUndefined } from "@/lib/storage/artifact-key";
import type { ArtifactStore, StoredFile } from "@/lib/storage/artifact-store";
import {
  listS3Objects,
  loadS3Sdk,
  makeS3Client,
  openS3Object,
  s3Call,
  type S3ConnectionOptions,
  type S3Context,
} from "@/lib/storage/s3-client";
import { uploadStream } from "@/lib/storage/s3-upload";

/** DeleteObjects takes at most 1000 keys per request. */
const DELETE_BATCH = 1000;

export interface S3StoreOptions extends S3ConnectionOptions {
  bucket: string;
  /** Keys of this store live below it: prefix "weights" stores key "a/b" as "weights/a/b". */
  prefix?: string;
  /** Objects per ListObjectsV2 page; S3's own maximum (1000) when absent. */
  listPageSize?: number;
}

export class S3Store implements ArtifactStore {
  readonly kind = "s3";
  /** The client every request goes through, once the SDK has loaded (public so tests can observe the requests). */
  readonly client: Promise<S3Client>;
  private readonly basePrefix: string;

  constructor(private readonly options: S3StoreOptions) {
    this.client = makeS3Client(options);
    this.basePrefix = (options.prefix ?? "").replace(/^\/+|\/+$/g, "");
  }

  urlOf(prefix: string): string {
    return `s3://${this.options.bucket}/${this.objectKey(checkedPrefix(prefix))}`;
  }

  prefixOf(url: string): string | undefined {
    const start = `s3://${this.options.bucket}/${this.basePrefix ? `${this.basePrefix}/` : ""}`;
    return url.startsWith(start) ? keyOrUndefined(url.slice(start.length)) : undefined;
  }

  async write(
    key: string,
    body: Readable,
    options: { resumeFrom?: number; bytesTotal?: number; signal?: AbortSignal } = {},
  ): Promise<void> {
    const objectKey = this.objectKey(checkedKey(key));
    // partialBytes is always 0, so a caller following the contract never asks to continue.
    if ((options.resumeFrom ?? 0) > 0) throw new AppError("conflict", `${key}: S3 cannot continue an interrupted write; start over`);
    await uploadStream(
      { client: await this.client, bucket: this.options.bucket, key: objectKey, context: this.context(objectKey) },
      body,
      options,
    );
  }

  /** Always 0: S3 has no append, and an interrupted upload is aborted, so that file starts over (completed files stay). */
  async partialBytes(key: string): Promise<number> {
    checkedKey(key);
    return 0;
  }

  async read(key: string, range?: { start: number; end?: number }): Promise<Readable> {
    const objectKey = this.objectKey(checkedKey(key));
    return (await openS3Object(await this.client, this.options.bucket, objectKey, range, { endpoint: this.options.endpoint })).body;
  }

  async stat(key: string): Promise<StoredFile | undefined> {
    const objectKey = this.objectKey(checkedKey(key));
    const [client, { HeadObjectCommand }] = await Promise.all([this.client, loadS3Sdk()]);
    try {
      const head = await s3Call(this.context(objectKey), () =>
        client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: objectKey })),
      );
      return { path: key, bytes: head.ContentLength ?? 0 };
    } catch (error) {
      // HEAD answers have no body, so a missing bucket also reads as a missing object here.
      if (error instanceof AppError && error.code === "not_found") return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<StoredFile[]> {
    const directory = `${this.objectKey(checkedPrefix(prefix))}/`;
    const objects = await this.objectsBelow(directory);
    return objects.map((object) => ({ path: object.key.slice(directory.length), bytes: object.bytes }));
  }

  async remove(prefix: string): Promise<void> {
    const root = this.objectKey(checkedPrefix(prefix));
    // The prefix may name one file as well as a directory of them.
    const [client, { DeleteObjectsCommand }] = await Promise.all([this.client, loadS3Sdk()]);
    const keys = [root, ...(await this.objectsBelow(`${root}/`)).map((object) => object.key)];
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const batch = keys.slice(start, start + DELETE_BATCH).map((Key) => ({ Key }));
      const result = await s3Call(this.context(root), () =>
        client.send(new DeleteObjectsCommand({ Bucket: this.options.bucket, Delete: { Objects: batch, Quiet: true } })),
      );
      const failed = result.Errors ?? [];
      if (failed.length > 0) {
        throw new AppError(
          "unavailable",
          `${failed.length} objects below ${root} could not be removed from bucket "${this.options.bucket}" (${failed[0].Code})`,
        );
      }
    }
  }

  private async objectsBelow(directory: string) {
    return listS3Objects(await this.client, this.options.bucket, directory, {
      pageSize: this.options.listPageSize,
      endpoint: this.options.endpoint,
    });
  }

  private objectKey(key: string): string {
    return this.basePrefix ? `${this.basePrefix}/${key}` : key;
  }

  private context(key: string): S3Context {
    return { bucket: this.options.bucket, key, endpoint: this.options.endpoint };
  }
}
