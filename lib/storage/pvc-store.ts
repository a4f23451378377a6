// Weights on a mounted volume (the PVC at WEIGHTS_STORAGE_PATH): each file is written to "<key>.partial", synced and
// then renamed, so a crashed or aborted write never looks complete and can be continued from the bytes it left.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat, statfs } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "@/lib/errors";
import { checkedKey, checkedPrefix, keyOrUndefined } from "@/lib/storage/artifact-key";
import type { ArtifactStore, StoredFile } from "@/lib/storage/artifact-store";

const PARTIAL_SUFFIX = ".partial";

export interface PvcStoreOptions {
  /** Where the volume is mounted in this process (WEIGHTS_STORAGE_PATH). */
  root: string;
  /** The PersistentVolumeClaim serving engines mount (WEIGHTS_PVC_NAME). */
  pvcName: string;
}

export class PvcStore implements ArtifactStore {
  readonly kind = "pvc";

  constructor(private readonly options: PvcStoreOptions) {}

  urlOf(prefix: string): string {
    return `pvc://${this.options.pvcName}/${checkedPrefix(prefix)}`;
  }

  prefixOf(url: string): string | undefined {
    const start = `pvc://${this.options.pvcName}/`;
    return url.startsWith(start) ? keyOrUndefined(url.slice(start.length)) : undefined;
  }

  async write(
    key: string,
    body: Readable,
    options: { resumeFrom?: number; bytesTotal?: number; signal?: AbortSignal } = {},
  ): Promise<void> {
    const target = this.fileOf(key);
    const partial = target + PARTIAL_SUFFIX;
    const resumeFrom = options.resumeFrom ?? 0;
    await mkdir(path.dirname(target), { recursive: true });
    if (resumeFrom > 0) await expectPartialBytes(partial, resumeFrom, key);
    // Neither the file nor its directory is synced: either waits for the file's data to reach the disk, which halves
    // an import's throughput. A process that dies loses nothing (the page cache outlives it); after a machine crash
    // the importer re-hashes the files a resumed job recorded as done before trusting them.
    await pipeline(body, createWriteStream(partial, { flags: resumeFrom > 0 ? "a" : "w" }), { signal: options.signal });
    const written = (await stat(partial)).size;
    if (options.bytesTotal !== undefined && written !== options.bytesTotal) {
      // A short file stays partial so the write can continue; a long one can never become right.
      if (written > options.bytesTotal) await rm(partial, { force: true });
      throw new AppError("unavailable", `${key}: the source delivered ${written} of ${options.bytesTotal} bytes`);
    }
    await rename(partial, target);
  }

  async partialBytes(key: string): Promise<number> {
    return (await fileBytes(this.fileOf(key) + PARTIAL_SUFFIX)) ?? 0;
  }

  async read(key: string, range?: { start: number; end?: number }): Promise<Readable> {
    const file = this.fileOf(key);
    if (!(await this.stat(key))) throw new AppError("not_found", `${key} not found on volume ${this.options.pvcName}`);
    // `end` is inclusive, as in HTTP ranges and fs.createReadStream.
    return createReadStream(file, range ? { start: range.start, end: range.end } : {});
  }

  async stat(key: string): Promise<StoredFile | undefined> {
    const bytes = await fileBytes(this.fileOf(key));
    return bytes === undefined ? undefined : { path: key, bytes };
  }

  async list(prefix: string): Promise<StoredFile[]> {
    const directory = path.join(this.options.root, checkedPrefix(prefix));
    const files = await filesBelow(directory);
    return files
      .filter((file) => !file.path.endsWith(PARTIAL_SUFFIX))
      .map((file) => ({ path: file.path.split(path.sep).join("/"), bytes: file.bytes }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async remove(prefix: string): Promise<void> {
    const target = path.join(this.options.root, checkedPrefix(prefix));
    await rm(target, { recursive: true, force: true });
    await rm(target + PARTIAL_SUFFIX, { force: true });
  }

  private fileOf(key: string): string {
    const checked = checkedKey(key);
    // "x.partial" would be the unfinished copy of "x".
    if (checked.endsWith(PARTIAL_SUFFIX)) throw new AppError("invalid", `Storage key ${JSON.stringify(key)} ends in ${PARTIAL_SUFFIX}`);
    return path.join(this.options.root, checked);
  }
}

async function expectPartialBytes(partial: string, resumeFrom: number, key: string): Promise<void> {
  const stored = (await fileBytes(partial)) ?? 0;
  // The body carries only the bytes after resumeFrom: writing it anywhere else would corrupt the file.
  if (stored !== resumeFrom) {
    throw new AppError("conflict", `${key}: cannot continue from byte ${resumeFrom}, the unfinished copy has ${stored} bytes; start over`);
  }
}

/** Size of a regular file, or undefined when there is none. */
async function fileBytes(file: string): Promise<number | undefined> {
  try {
    const stats = await stat(file);
    return stats.isFile() ? stats.size : undefined;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

async function filesBelow(directory: string): Promise<StoredFile[]> {
  let entries;
  try {
    entries = await readdir(directory, { recursive: true, withFileTypes: true });
  } catch (error) {
    if (isMissing(error) || (error as NodeJS.ErrnoException).code === "ENOTDIR") return [];
    throw error;
  }
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  return Promise.all(files.map(async (file) => ({ path: path.relative(directory, file), bytes: (await stat(file)).size })));
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}

export interface DiskUsage {
  usedBytes: number;
  /** What an unprivileged writer may still use (excludes blocks reserved for root). */
  freeBytes: number;
  totalBytes: number;
}

export async function diskUsage(root: string): Promise<DiskUsage> {
  const stats = await statfs(root);
  return {
    usedBytes: (stats.blocks - stats.bfree) * stats.bsize,
    freeBytes: stats.bavail * stats.bsize,
    totalBytes: stats.blocks * stats.bsize,
  };
}

/** Bytes of every file below `directory` (unfinished writes included: they occupy the disk too); 0 when missing. */
export async function directorySize(directory: string): Promise<number> {
  const files = await filesBelow(directory);
  return files.reduce((sum, file) => sum + file.bytes, 0);
}
