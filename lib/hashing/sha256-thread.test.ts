import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ThreadedSha256 } from "@/lib/hashing/sha256-thread";

const MiB = 1024 * 1024;

/** Feeds `data` in chunks of the given sizes (cycled), waiting whenever the hash asks to. */
async function threadedDigest(data: Buffer, chunkSizes: number[]): Promise<{ hex: string; waits: number }> {
  const hash = new ThreadedSha256();
  let waits = 0;
  for (let offset = 0, index = 0; offset < data.length; index++) {
    const size = chunkSizes[index % chunkSizes.length];
    const behind = hash.update(data.subarray(offset, offset + size));
    offset += size;
    if (behind) {
      waits++;
      await behind;
    }
  }
  return { hex: await hash.digest(), waits };
}

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

describe("ThreadedSha256", () => {
  it.each([
    ["nothing", 0, [1]],
    ["one byte", 1, [1]],
    ["exactly one batch", MiB, [MiB]],
    ["a batch and a byte, in odd chunks", MiB + 1, [65_537, 3]],
    ["several batches in chunks that straddle them", 5 * MiB + 12_345, [700_001, 64 * 1024, 17]],
  ])("digests %s as crypto's sha256 does", async (_label, size, chunks) => {
    const data = randomBytes(size);
    expect((await threadedDigest(data, chunks)).hex).toBe(sha256(data));
  });

  it("keeps concurrent hashes apart", async () => {
    const inputs = [randomBytes(3 * MiB + 5), randomBytes(2 * MiB), randomBytes(17)];
    const digests = await Promise.all(inputs.map((data, index) => threadedDigest(data, [40_000 + index * 9_999])));
    expect(digests.map((digest) => digest.hex)).toEqual(inputs.map(sha256));
  });

  it("asks the writer to wait once four batches are in flight, so memory stays bounded", async () => {
    const { hex, waits } = await threadedDigest(randomBytes(16 * MiB), [MiB]);
    expect(waits).toBeGreaterThan(0);
    expect(hex).toHaveLength(64);
  });

  it("ignores a hash dropped before its digest, and digests again the same bytes after", async () => {
    const data = randomBytes(2 * MiB + 3);
    const dropped = new ThreadedSha256();
    dropped.update(data.subarray(0, MiB + 1));
    dropped.drop();
    expect((await threadedDigest(data, [MiB / 2])).hex).toBe(sha256(data));
  });
});
