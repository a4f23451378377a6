// A real S3 protocol server for tests and benchmarks: s3rver on 127.0.0.1, its data in a temporary folder, buckets
// made up front. Its fixed key pair is S3RVER / S3RVER (it checks the key id, not the signature).
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

// s3rver ships without type declarations; this is the part of its API we use.
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  port: number;
  address: string;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
}) => S3rverInstance;
const S3rver = createRequire(import.meta.url)("s3rver") as S3rverConstructor;

export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface S3StandIn {
  endpoint: string;
  /** Where s3rver keeps objects (one folder per bucket). */
  directory: string;
  close(): Promise<void>;
}

export async function startS3StandIn(buckets: string[], directory?: string): Promise<S3StandIn> {
  const folder = directory ?? (await mkdtemp(path.join(os.tmpdir(), "s3rver-")));
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory: folder,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    directory: folder,
    async close() {
      await server.close();
      if (!directory) await rm(folder, { recursive: true, force: true });
    },
  };
}
