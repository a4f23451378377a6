// Streams one object into S3 in bounded memory: a body shorter than a part is one PutObject, anything longer a
// multipart upload of 8 MiB parts with two in flight. Nothing becomes visible until the upload completes; on failure
// or abort the multipart upload is aborted before the promise settles.
import type { CompletedPart, S3Client } from "@aws-sdk/client-s3";
import { addAbortSignal, type Readable } from "node:stream";
import { AppError } from "@/lib/errors";
import { loadS3Sdk, s3Call, type S3Context } from "@/lib/storage/s3-client";

/** S3's minimum part is 5 MiB; 8 MiB × 10,000 parts still covers 78 GiB files. */
const PART_BYTES = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

export interface UploadTarget {
  client: S3Client;
  bucket: string;
  key: string;
  /** For error messages. */
  context: S3Context;
}

interface Part {
  number: number;
  data: Buffer;
  /** The reusable buffer `data` lies in. */
  buffer: Buffer;
}

export async function uploadStream(
  target: UploadTarget,
  body: Readable,
  options: { bytesTotal?: number; signal?: AbortSignal },
): Promise<void> {
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  // Stopping destroys the body, so a source that is still sending (or stalled) does not hold the write open.
  addAbortSignal(signal, body);
  const spare: Buffer[] = [];
  const parts = partsOf(body, spare);
  try {
    const first = (await parts.next()).value;
    if (first && first.data.length === PART_BYTES) {
      await uploadParts(target, first, parts, { signal, stop, spare, bytesTotal: options.bytesTotal });
    } else {
      const data = first?.data ?? Buffer.alloc(0);
      expectBytes(data.length, options.bytesTotal, target.key);
      const { bucket: Bucket, key: Key } = target;
      const { PutObjectCommand } = await loadS3Sdk();
      await s3Call(target.context, () =>
        target.client.send(new PutObjectCommand({ Bucket, Key, Body: data, ContentLength: data.length }), { abortSignal: signal }),
      );
    }
  } catch (error) {
    throw options.signal?.aborted ? abortError(options.signal) : error;
  }
}

async function uploadParts(
  target: UploadTarget,
  first: Part,
  rest: AsyncGenerator<Part>,
  control: { signal: AbortSignal; stop: AbortController; spare: Buffer[]; bytesTotal?: number },
): Promise<void> {
  const { client, bucket: Bucket, key: Key, context } = target;
  const { signal } = control;
  const { AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, UploadPartCommand } =
    await loadS3Sdk();
  const { UploadId } = await s3Call(context, () => client.send(new CreateMultipartUploadCommand({ Bucket, Key }), { abortSignal: signal }));
  const completed: CompletedPart[] = [];
  let bytes = 0;
  let firstFailure: unknown;
  const uploadPart = async ({ number, data, buffer }: Part) => {
    bytes += data.length;
    const { ETag } = await s3Call(context, () =>
      client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: number, Body: data, ContentLength: data.length }), {
        abortSignal: signal,
      }),
    );
    completed.push({ PartNumber: number, ETag });
    // Only after success: a failed or aborted request may still be reading the buffer.
    control.spare.push(buffer);
  };
  const worker = async (initial?: Part) => {
    try {
      if (initial) await uploadPart(initial);
      for (let next = await rest.next(); !next.done; next = await rest.next()) await uploadPart(next.value);
    } catch (error) {
      // The first failure is the cause; the others are the stop it triggers.
      firstFailure ??= error;
      control.stop.abort();
    }
  };
  try {
    await Promise.all([worker(first), ...Array.from({ length: PARTS_IN_FLIGHT - 1 }, () => worker())]);
    if (firstFailure !== undefined) throw firstFailure;
    expectBytes(bytes, control.bytesTotal, Key);
    completed.sort((a, b) => (a.PartNumber ?? 0) - (b.PartNumber ?? 0));
    await s3Call(context, () =>
      client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: completed } }), {
        abortSignal: signal,
      }),
    );
  } catch (error) {
    // Best effort without the (aborted) signal: the caller needs the original failure, and an upload that cannot be
    // aborted stays invisible until a lifecycle rule (AbortIncompleteMultipartUpload) removes its parts. s3rver, for
    // one, answers MethodNotAllowed to it.
    await client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => undefined);
    throw error;
  }
}

/**
 * The body cut into numbered parts of PART_BYTES (the last may be shorter; an empty body has none). Each fills a
 * buffer from `spare`, where the uploader puts it back once the part is stored: an upload holds at most the parts in
 * flight plus the one being filled, however large the file, and leaves no garbage for the collector to catch up with.
 */
async function* partsOf(body: Readable, spare: Buffer[]): AsyncGenerator<Part> {
  let buffer: Buffer | undefined;
  let filled = 0;
  let number = 0;
  for await (const chunk of body) {
    let data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    while (data.length > 0) {
      buffer ??= spare.pop() ?? Buffer.allocUnsafe(PART_BYTES);
      const copied = data.copy(buffer, filled);
      filled += copied;
      data = data.subarray(copied);
      if (filled === buffer.length) {
        yield { number: ++number, data: buffer, buffer };
        buffer = undefined;
        filled = 0;
      }
    }
  }
  if (buffer) yield { number: number + 1, data: buffer.subarray(0, filled), buffer };
}

function expectBytes(received: number, bytesTotal: number | undefined, key: string): void {
  if (bytesTotal !== undefined && received !== bytesTotal) {
    throw new AppError("unavailable", `${key}: the source delivered ${received} of ${bytesTotal} bytes`);
  }
}

/** What an aborted write rejects with, like `stream.pipeline` does for the volume store. */
function abortError(signal: AbortSignal): Error {
  return Object.assign(new Error("The operation was aborted", { cause: signal.reason }), { name: "AbortError", code: "ABORT_ERR" });
}
