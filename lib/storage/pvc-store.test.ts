import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeArtifactStore, sendsThenStalls, sha256Of, textOf } from "@/lib/storage/artifact-store-contract";
import { directorySize, diskUsage, PvcStore } from "@/lib/storage/pvc-store";

const MiB = 1024 * 1024;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "pvc-store-"));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describeArtifactStore("PvcStore", () => new PvcStore({ root, pvcName: "model-weights" }));

describe("PvcStore", () => {
  const store = () => new PvcStore({ root, pvcName: "model-weights" });

  async function waitForPartialBytes(key: string, bytes: number): Promise<void> {
    for (let tries = 0; (await store().partialBytes(key)) < bytes; tries++) {
      if (tries > 200) throw new Error(`the partial file of ${key} never reached ${bytes} bytes`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it("keeps an interrupted write as a hidden .partial file and continues it to the full file", async () => {
    const key = "tenant-a/resume/v1/model.safetensors";
    const content = randomBytes(5 * MiB);
    const controller = new AbortController();
    const source = sendsThenStalls(content.subarray(0, 2 * MiB));
    const interrupted = store().write(key, source.body, { signal: controller.signal });
    await waitForPartialBytes(key, 2 * MiB);
    controller.abort();
    await expect(interrupted).rejects.toMatchObject({ name: "AbortError" });

    expect(await store().partialBytes(key)).toBe(2 * MiB);
    expect(await readdir(path.join(root, "tenant-a/resume/v1"))).toEqual(["model.safetensors.partial"]);
    expect(await store().stat(key)).toBeUndefined();
    expect(await store().list("tenant-a/resume")).toEqual([]);

    await store().write(key, Readable.from([content.subarray(2 * MiB)]), { resumeFrom: 2 * MiB, bytesTotal: content.length });
    expect(await sha256Of(await store().read(key))).toBe(createHash("sha256").update(content).digest("hex"));
    expect(await readdir(path.join(root, "tenant-a/resume/v1"))).toEqual(["model.safetensors"]);
  });

  it("refuses to continue from a byte count the partial file does not have, leaving it as it was", async () => {
    const key = "tenant-a/mismatch/v1/model.bin";
    await mkdir(path.join(root, "tenant-a/mismatch/v1"), { recursive: true });
    await writeFile(path.join(root, `${key}.partial`), "12345");
    await expect(store().write(key, Readable.from([Buffer.from("tail")]), { resumeFrom: 3 })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("has 5 bytes"),
    });
    expect(await store().partialBytes(key)).toBe(5);
  });

  it("starts over when written without resumeFrom, discarding an old partial file", async () => {
    const key = "tenant-a/restart/v1/model.bin";
    await mkdir(path.join(root, "tenant-a/restart/v1"), { recursive: true });
    await writeFile(path.join(root, `${key}.partial`), "stale bytes from a crashed write");
    await store().write(key, Readable.from([Buffer.from("fresh")]));
    expect(await textOf(await store().read(key))).toBe("fresh");
    expect(await store().partialBytes(key)).toBe(0);
  });

  it("removes unfinished writes with their prefix", async () => {
    await mkdir(path.join(root, "tenant-a/cleanup/v1"), { recursive: true });
    await writeFile(path.join(root, "tenant-a/cleanup/v1/model.bin.partial"), "unfinished");
    await store().remove("tenant-a/cleanup/v1");
    expect(await store().partialBytes("tenant-a/cleanup/v1/model.bin")).toBe(0);
    expect(await directorySize(path.join(root, "tenant-a/cleanup"))).toBe(0);
  });

  it("refuses keys that would collide with an unfinished copy", async () => {
    await expect(store().write("tenant-a/x/model.bin.partial", Readable.from([]))).rejects.toMatchObject({ code: "invalid" });
  });

  it("names a prefix pvc://<claim>/<prefix> and reads back only its own claim's URLs", () => {
    expect(store().urlOf("tenant-a/llama/v3")).toBe("pvc://model-weights/tenant-a/llama/v3");
    expect(store().urlOf("tenant-a/llama/v3/")).toBe("pvc://model-weights/tenant-a/llama/v3");
    expect(store().prefixOf("pvc://model-weights/tenant-a/llama/v3")).toBe("tenant-a/llama/v3");
    expect(store().prefixOf("pvc://other-claim/tenant-a/llama/v3")).toBeUndefined();
    expect(store().prefixOf("pvc://model-weights/../etc")).toBeUndefined();
    expect(store().prefixOf("s3://model-weights/tenant-a")).toBeUndefined();
  });

  it("measures the volume and the bytes below a directory", async () => {
    await store().write("tenant-b/sized/v1/a.bin", Readable.from([Buffer.alloc(1000)]));
    await store().write("tenant-b/sized/v1/deep/b.bin", Readable.from([Buffer.alloc(234)]));
    expect(await directorySize(path.join(root, "tenant-b/sized"))).toBe(1234);
    expect(await directorySize(path.join(root, "tenant-b/never"))).toBe(0);

    const usage = await diskUsage(root);
    expect(usage.totalBytes).toBeGreaterThan(0);
    expect(usage.usedBytes).toBeGreaterThan(0);
    expect(usage.freeBytes).toBeGreaterThanOrEqual(0);
    expect(usage.usedBytes + usage.freeBytes).toBeLessThanOrEqual(usage.totalBytes);
    expect(usage.totalBytes).toBe((await diskUsage(os.tmpdir())).totalBytes);
  });
});
