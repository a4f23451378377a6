// Where imported weights are kept: a directory standing for a PVC, or an S3 bucket. Both stream in and out in bounded
// buffers, so a multi-gigabyte file never sits in memory; keys are relative paths ("<tenant>/<model>/<version>/x").
import type { Readable } from "node:stream";

export interface StoredFile {
  /** Relative to the prefix that was listed. */
  path: string;
  bytes: number;
}

export interface ArtifactStore {
  readonly kind: "pvc" | "s3";
  /** What a serving engine loads for a prefix: `pvc://<pvc>/<prefix>` or `s3://<bucket>/<prefix>`. */
  urlOf(prefix: string): string;
  /** The prefix a URL of this store names, or undefined when the URL belongs elsewhere. */
  prefixOf(url: string): string | undefined;
  /**
   * Writes one file from a stream. With `resumeFrom` > 0 the bytes before it are already stored by an earlier,
   * interrupted write of the same key (see `partialBytes`) and the stream carries the rest.
   * Resolves once the file is complete and visible under `key`.
   */
  write(key: string, body: Readable, options?: { resumeFrom?: number; bytesTotal?: number; signal?: AbortSignal }): Promise<void>;
  /** How many bytes an interrupted write of `key` left that `write(…, {resumeFrom})` can continue from (0: start over). */
  partialBytes(key: string): Promise<number>;
  /** Reads a stored file, or a part of it. */
  read(key: string, range?: { start: number; end?: number }): Promise<Readable>;
  stat(key: string): Promise<StoredFile | undefined>;
  /** Every file below a prefix, recursively, paths relative to it. */
  list(prefix: string): Promise<StoredFile[]>;
  /** Removes every file below a prefix (and partial writes); removing nothing is not an error. */
  remove(prefix: string): Promise<void>;
}
