// One file into a real PVC store: a source whose bytes do not match its published sha256 fails and leaves nothing; a
// partial file is continued from where it stopped; a source that stops sending is given up after the stall time.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { TransientJobError } from "@/lib/jobs/job";
import { PvcStore } from "@/lib/storage/pvc-store";
import { transferFile, type FileSource } from "./file-transfer";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "modelport-transfer-"));
const store = new PvcStore({ root, pvcName: "weights" });
const bytes = Buffer.from("x".repeat(100_000) + "y".repeat(100_000));
const sha256 = createHash("sha256").update(bytes).digest("hex");
const options = (key: string, expectedSha256: string | null, progress: number[] = []) => ({
  store,
  key,
  bytesTotal: bytes.length,
  expectedSha256,
  stallMs: 300,
  signal: new AbortController().signal,
  onProgress: (done: number) => progress.push(done),
});
const whole: FileSource = { open: async (start) => ({ body: Readable.from([bytes.subarray(start)]), rangeHonoured: true }) };

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("transferFile", () => {
  it("stores the bytes, reports progress and returns their sha256", async () => {
    const progress: number[] = [];
    await expect(transferFile(whole, options("a/model.bin", sha256, progress))).resolves.toEqual({ bytes: bytes.length, sha256 });
    expect(fs.readFileSync(path.join(root, "a/model.bin")).equals(bytes)).toBe(true);
    expect(progress.at(-1)).toBe(bytes.length);
  });

  it("fails a file whose bytes do not hash to the published sha256, and keeps nothing of it", async () => {
    const wrong = "0".repeat(64);
    const failure = await transferFile(whole, options("b/model.bin", wrong)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as Error).message).toBe(
      `Checksum mismatch for model.bin: the source published sha256 ${wrong}, the bytes received hash to ${sha256}`,
    );
    expect(await store.stat("b/model.bin")).toBeUndefined();
  });

  it("continues a partial file from where it stopped with a ranged read, and checks the whole file", async () => {
    fs.mkdirSync(path.join(root, "c"), { recursive: true });
    fs.writeFileSync(path.join(root, "c/model.bin.partial"), bytes.subarray(0, 150_000));
    const starts: number[] = [];
    const ranged: FileSource = {
      open: async (start) => {
        starts.push(start);
        return { body: Readable.from([bytes.subarray(start)]), rangeHonoured: true };
      },
    };
    await expect(transferFile(ranged, options("c/model.bin", sha256))).resolves.toEqual({ bytes: bytes.length, sha256 });
    expect(starts).toEqual([150_000]);
  });

  it("gives up on a source that stops sending, as a failure worth retrying", async () => {
    const stalls: FileSource = {
      open: async () => {
        const body = new PassThrough();
        body.write(bytes.subarray(0, 1000));
        return { body, rangeHonoured: true };
      },
    };
    const failure = await transferFile(stalls, options("d/model.bin", sha256)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransientJobError);
    expect((failure as Error).message).toMatch(/no bytes for 0 s|no bytes/);
    expect(await store.stat("d/model.bin")).toBeUndefined();
  });
});
