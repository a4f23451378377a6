// The behaviour every ArtifactStore must show, as a vitest suite each implementation's test file runs against itself.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { beforeEach, describe, expect, it } from "vitest";
import type { ArtifactStore } from "@/lib/storage/artifact-store";

const MiB = 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;

/** A stream of fresh random bytes, hashed as they are produced; with `stallAfter` it stops sending (without ending). */
export function generatedBody(totalBytes: number, options: { stallAfter?: number } = {}) {
  const hash = createHash("sha256");
  let sent = 0;
  let reportStall = () => {};
  const stalled = new Promise<void>((resolve) => (reportStall = resolve));
  const limit = Math.min(totalBytes, options.stallAfter ?? totalBytes);
  const body = new Readable({
    highWaterMark: CHUNK_BYTES,
    read() {
      if (sent >= limit) {
        if (sent < totalBytes) reportStall();
        else this.push(null);
        return;
      }
      const chunk = randomBytes(Math.min(CHUNK_BYTES, limit - sent));
      hash.update(chunk);
      sent += chunk.length;
      this.push(chunk);
    },
  });
  return { body, stalled, sha256: () => hash.digest("hex") };
}

/** A stream that sends `data` and then neither sends more nor ends, like a download that hangs. */
export function sendsThenStalls(data: Buffer): { body: Readable; sent: Promise<void> } {
  let reportSent = () => {};
  const sent = new Promise<void>((resolve) => (reportSent = resolve));
  let pushed = false;
  const body = new Readable({
    read() {
      if (pushed) return;
      pushed = true;
      this.push(data);
      reportSent();
    },
  });
  return { body, sent };
}

export async function sha256Of(stream: Readable): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export async function textOf(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The highest resident set size seen while `work` runs, above what it was before. */
async function rssGrowthDuring(work: () => Promise<void>): Promise<number> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, process.memoryUsage.rss()) - before;
}

/** Aborts a write once its source has sent `stallAfter` bytes and stalled; resolves with the write's rejection. */
async function abortedWrite(store: ArtifactStore, key: string, totalBytes: number, stallAfter: number): Promise<unknown> {
  const source = generatedBody(totalBytes, { stallAfter });
  const controller = new AbortController();
  const writing = store.write(key, source.body, { signal: controller.signal, bytesTotal: totalBytes });
  await source.stalled;
  controller.abort();
  return writing.then(
    () => undefined,
    (error: unknown) => error,
  );
}

const BAD_KEYS = ["", "/etc/passwd", "../escape", "a/../../b", "a/./b", "a//b", "a\u0000b", "a\\b", "a\nb"];

export function describeArtifactStore(label: string, make: () => ArtifactStore | Promise<ArtifactStore>): void {
  describe(`${label} as an ArtifactStore`, () => {
    let store: ArtifactStore;
    let base: string;

    beforeEach(async () => {
      store = await make();
      base = `tenant-${randomUUID().slice(0, 8)}/model`;
    });

    it("writes a file, reads it back and reports its size", async () => {
      const key = `${base}/v1/config.json`;
      await store.write(key, Readable.from([Buffer.from('{"hidden_size": 4096}')]));
      expect(await textOf(await store.read(key))).toBe('{"hidden_size": 4096}');
      expect(await store.stat(key)).toEqual({ path: key, bytes: 21 });
      expect(await store.stat(`${base}/v1/absent.json`)).toBeUndefined();
      await expect(store.read(`${base}/v1/absent.json`)).rejects.toMatchObject({ code: "not_found" });
    });

    it("stores an empty file", async () => {
      await store.write(`${base}/v1/empty`, Readable.from([]));
      expect(await store.stat(`${base}/v1/empty`)).toEqual({ path: `${base}/v1/empty`, bytes: 0 });
      expect(await textOf(await store.read(`${base}/v1/empty`))).toBe("");
    });

    it("replaces a file written twice", async () => {
      const key = `${base}/v1/tokenizer.json`;
      await store.write(key, Readable.from([Buffer.from("first, longer version")]));
      await store.write(key, Readable.from([Buffer.from("second")]));
      expect(await textOf(await store.read(key))).toBe("second");
    });

    it("lists every file below a prefix, recursively, relative to it", async () => {
      await store.write(`${base}/v1/config.json`, Readable.from([Buffer.from("{}")]));
      await store.write(`${base}/v1/weights/model-00001.safetensors`, Readable.from([Buffer.alloc(300, 1)]));
      await store.write(`${base}/v1/weights/nested/deeper/part.bin`, Readable.from([Buffer.alloc(7, 2)]));
      await store.write(`${base}/v10/config.json`, Readable.from([Buffer.from("{ }")]));
      const listed = await store.list(`${base}/v1`);
      expect([...listed].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
        { path: "config.json", bytes: 2 },
        { path: "weights/model-00001.safetensors", bytes: 300 },
        { path: "weights/nested/deeper/part.bin", bytes: 7 },
      ]);
      expect(await store.list(`${base}/v1/`)).toHaveLength(3);
      expect(await store.list(`${base}/never-written`)).toEqual([]);
    });

    it("streams a 40 MB file in and out unchanged without holding it in memory", async () => {
      const key = `${base}/v1/model.safetensors`;
      const source = generatedBody(40 * MiB);
      let readBack = "";
      const growth = await rssGrowthDuring(async () => {
        await store.write(key, source.body, { bytesTotal: 40 * MiB });
        readBack = await sha256Of(await store.read(key));
      });
      expect(readBack).toBe(source.sha256());
      expect(await store.stat(key)).toEqual({ path: key, bytes: 40 * MiB });
      expect(growth).toBeLessThan(64 * MiB);
    });

    it("reads a range of a file, end inclusive, or from an offset to the end", async () => {
      const key = `${base}/v1/range.bin`;
      await store.write(key, Readable.from([Buffer.from("0123456789abcdefghij")]));
      expect(await textOf(await store.read(key, { start: 10, end: 14 }))).toBe("abcde");
      expect(await textOf(await store.read(key, { start: 15 }))).toBe("fghij");
    });

    it("leaves nothing visible under the key when a write is aborted", async () => {
      const key = `${base}/v1/aborted.safetensors`;
      const error = await abortedWrite(store, key, 30 * MiB, 12 * MiB);
      expect(error).toMatchObject({ name: "AbortError" });
      expect(await store.stat(key)).toBeUndefined();
      expect(await store.list(`${base}/v1`)).toEqual([]);
    });

    it("keeps the earlier complete file when an overwrite is aborted", async () => {
      const key = `${base}/v1/kept.bin`;
      await store.write(key, Readable.from([Buffer.from("complete")]));
      await abortedWrite(store, key, 20 * MiB, 10 * MiB);
      expect(await textOf(await store.read(key))).toBe("complete");
    });

    it("refuses a source that ends short of bytesTotal, leaving nothing visible", async () => {
      const key = `${base}/v1/short.bin`;
      await expect(store.write(key, Readable.from([Buffer.from("only this")]), { bytesTotal: 100 })).rejects.toMatchObject({
        code: "unavailable",
        message: expect.stringContaining("9 of 100 bytes"),
      });
      expect(await store.stat(key)).toBeUndefined();
    });

    it("completes an interrupted file by continuing from partialBytes", async () => {
      const key = `${base}/v1/resumed.bin`;
      const content = randomBytes(3 * MiB);
      expect(await store.partialBytes(key)).toBe(0);
      const controller = new AbortController();
      const source = sendsThenStalls(content.subarray(0, MiB));
      const interrupted = store.write(key, source.body, { signal: controller.signal });
      await source.sent;
      controller.abort();
      await expect(interrupted).rejects.toMatchObject({ name: "AbortError" });
      const resumeFrom = await store.partialBytes(key);
      expect(resumeFrom).toBeLessThanOrEqual(MiB);
      await store.write(key, Readable.from([content.subarray(resumeFrom)]), { resumeFrom, bytesTotal: content.length });
      expect(await sha256Of(await store.read(key))).toBe(createHash("sha256").update(content).digest("hex"));
      expect(await store.partialBytes(key)).toBe(0);
    });

    it("removes every file below a prefix, sparing neighbours whose names only start the same", async () => {
      await store.write(`${base}/v1/a.bin`, Readable.from([Buffer.from("a")]));
      await store.write(`${base}/v1/deep/b.bin`, Readable.from([Buffer.from("b")]));
      await store.write(`${base}/v10/c.bin`, Readable.from([Buffer.from("c")]));
      await store.remove(`${base}/v1`);
      expect(await store.list(`${base}/v1`)).toEqual([]);
      expect(await store.stat(`${base}/v1/deep/b.bin`)).toBeUndefined();
      expect(await store.list(`${base}/v10`)).toEqual([{ path: "c.bin", bytes: 1 }]);
      await store.remove(`${base}/v10/c.bin`);
      expect(await store.stat(`${base}/v10/c.bin`)).toBeUndefined();
      await expect(store.remove(`${base}/never-written`)).resolves.toBeUndefined();
    });

    it("names a prefix by URL and finds the prefix of its own URLs only", () => {
      const url = store.urlOf(`${base}/v1`);
      expect(url.startsWith(`${store.kind}://`)).toBe(true);
      expect(store.prefixOf(url)).toBe(`${base}/v1`);
      expect(store.prefixOf("hf://org/model")).toBeUndefined();
      expect(store.prefixOf(url.replace(/^[a-z0-9]+:\/\/[^/]+/, "$&-elsewhere"))).toBeUndefined();
    });

    it.each(BAD_KEYS)("refuses the key %j in every operation", async (bad) => {
      const invalid = { code: "invalid" };
      await expect(store.write(bad, Readable.from([Buffer.from("x")]))).rejects.toMatchObject(invalid);
      await expect(store.read(bad)).rejects.toMatchObject(invalid);
      await expect(store.stat(bad)).rejects.toMatchObject(invalid);
      await expect(store.list(bad)).rejects.toMatchObject(invalid);
      await expect(store.remove(bad)).rejects.toMatchObject(invalid);
      await expect(store.partialBytes(bad)).rejects.toMatchObject(invalid);
      expect(() => store.urlOf(bad)).toThrow(expect.objectContaining(invalid));
    });
  });
}
