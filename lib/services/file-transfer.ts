// Copies one file from a source (the Hub, an S3 bucket) into the artifact store: streamed in bounded buffers, hashed
// on the way, resumed from a partial write with a Range request where the source honours one, failed when it stalls,
// and checked against the checksum the source published. The digest is taken on a worker thread as the bytes pass.
import { createHash, type Hash } from "node:crypto";
import { ThreadedSha256 } from "@/lib/hashing/sha256-thread";
import { Transform, type Readable, pipeline } from "node:stream";
import { AppError } from "@/lib/errors";
import { TransientJobError } from "@/lib/jobs/job";
import type { ArtifactStore } from "@/lib/storage/artifact-store";

export interface FileSource {
  /**
   * Opens the file from byte `start`; `rangeHonoured` false means the body starts at 0 regardless. A source that
   * learns the file's checksum only on opening it (S3) gives it here.
   */
  open(start: number, signal: AbortSignal): Promise<{ body: Readable; rangeHonoured: boolean; sha256?: string }>;
}

export interface TransferOptions {
  store: ArtifactStore;
  key: string;
  bytesTotal: number | null;
  /** Hex sha256 the source published; a different digest fails the file. */
  expectedSha256: string | null;
  stallMs: number;
  signal: AbortSignal;
  /** Called with the bytes stored so far (including a resumed part). */
  onProgress(bytesDone: number): void;
}

export async function transferFile(source: FileSource, options: TransferOptions): Promise<{ bytes: number; sha256: string }> {
  const { store, key } = options;
  let start = await store.partialBytes(key);
  if (options.bytesTotal !== null && start > options.bytesTotal) start = 0;
  const controller = new AbortController();
  const abort = () => controller.abort(options.signal.reason);
  options.signal.addEventListener("abort", abort, { once: true });
  let hash: ThreadedSha256 | undefined;
  try {
    const opened = await source.open(start, controller.signal);
    if (!opened.rangeHonoured) start = 0;
    // A resumed file's digest needs the bytes already stored; without a resume it is taken on the way.
    hash = start === 0 ? new ThreadedSha256() : undefined;
    let bytes = start;
    options.onProgress(bytes);
    let lastByteAt = Date.now();
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        lastByteAt = Date.now();
        options.onProgress(bytes);
        const behind = hash?.update(chunk);
        if (behind) behind.then(() => done(null, chunk), done);
        else done(null, chunk);
      },
    });
    const stalled = setInterval(
      () => {
        if (Date.now() - lastByteAt >= options.stallMs) {
          meter.destroy(new TransientJobError(`${key.split("/").at(-1)}: no bytes for ${options.stallMs / 1000} s`));
        }
      },
      Math.min(1000, options.stallMs / 2),
    );
    const body = pipeline(opened.body, meter, () => undefined);
    try {
      await store.write(key, body, { resumeFrom: start, bytesTotal: options.bytesTotal ?? undefined, signal: controller.signal });
    } catch (error) {
      // A stall shows up at the store as an aborted body: the stall is the reason. Anything else is the store's own.
      const fromMeter = meterError(meter);
      throw fromMeter instanceof TransientJobError ? fromMeter : error;
    } finally {
      clearInterval(stalled);
      // A store that failed before reading (or stopped part-way) must not leave the source's connection open.
      opened.body.destroy();
    }
    if (options.bytesTotal !== null && bytes !== options.bytesTotal) {
      throw new TransientJobError(`${key}: the source sent ${bytes} of ${options.bytesTotal} bytes`);
    }
    const sha256 = hash ? await hash.digest() : await digestStored(store, key);
    const expected = options.expectedSha256 ?? opened.sha256;
    if (expected && sha256 !== expected.toLowerCase()) {
      await store.remove(key);
      throw new AppError(
        "invalid",
        `Checksum mismatch for ${key.split("/").at(-1)}: the source published sha256 ${expected}, the bytes received hash to ${sha256}`,
      );
    }
    return { bytes, sha256 };
  } finally {
    hash?.drop();
    options.signal.removeEventListener("abort", abort);
  }
}

function meterError(meter: Transform): Error | undefined {
  const error = (meter as Transform & { errored?: Error | null }).errored;
  return error ?? undefined;
}

/** The sha256 of a stored file, read back from the store. */
export async function digestStored(store: ArtifactStore, key: string): Promise<string> {
  const hash: Hash = createHash("sha256");
  for await (const chunk of await store.read(key)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
