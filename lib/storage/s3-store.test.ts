import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createHash, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeArtifactStore, generatedBody, sha256Of, textOf } from "@/lib/storage/artifact-store-contract";
import { listS3Objects, makeS3Client, openS3Object } from "@/lib/storage/s3-client";
import { S3Store, type S3StoreOptions } from "@/lib/storage/s3-store";
import { S3RVER_CREDENTIALS, startS3StandIn, type S3StandIn } from "@/tests/stand-ins/s3";

const MiB = 1024 * 1024;
const CREDENTIALS = S3RVER_CREDENTIALS;
let server: S3StandIn;
let endpoint: string;

beforeAll(async () => {
  server = await startS3StandIn(["weights", "source-models"]);
  endpoint = server.endpoint;
});

afterAll(async () => {
  await server.close();
});

function storeWith(options: Partial<S3StoreOptions> = {}): S3Store {
  return new S3Store({
    endpoint,
    region: "us-east-1",
    bucket: "weights",
    prefix: `run-${randomUUID().slice(0, 8)}`,
    forcePathStyle: true,
    ...CREDENTIALS,
    ...options,
  });
}

/** The commands a client sends from now on, with the size of each uploaded part. */
function recordCommands(client: S3Client): { commands: string[]; partBytes: number[] } {
  const record = { commands: [] as string[], partBytes: [] as number[] };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      record.commands.push(context.commandName ?? "unknown");
      const input = args.input as { PartNumber?: number; ContentLength?: number };
      if (input.PartNumber !== undefined) record.partBytes.push(input.ContentLength ?? -1);
      return next(args);
    },
    { step: "initialize" },
  );
  return record;
}

/** A stand-in S3 endpoint answering every request with what `answer` writes. */
async function standIn(answer: http.RequestListener): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const standInServer = http.createServer(answer);
  await new Promise<void>((resolve) => standInServer.listen(0, "127.0.0.1", resolve));
  const { port } = standInServer.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => standInServer.close(() => resolve())),
  };
}

function s3ErrorAnswer(status: number, code: string): http.RequestListener {
  return (request, response) => {
    request.resume();
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>refused</Message><RequestId>stand-in</RequestId></Error>`;
    response
      .writeHead(status, { "content-type": "application/xml", "x-amz-request-id": "stand-in" })
      .end(request.method === "HEAD" ? undefined : body);
  };
}

function continuationToken(lastKey: string): string {
  return Buffer.from(lastKey).toString("base64url");
}

/** ListObjectsV2 over a fixed set of one-byte objects, recording each request's query. */
function listObjectsV2Answer(keys: string[], requests: URLSearchParams[]): http.RequestListener {
  return (request, response) => {
    const query = new URL(request.url ?? "/", "http://stand-in").searchParams;
    requests.push(query);
    const prefix = query.get("prefix") ?? "";
    const token = query.get("continuation-token");
    const after = token ? Buffer.from(token, "base64url").toString() : "";
    const matching = keys.filter((key) => key.startsWith(prefix) && key > after).sort();
    const page = matching.slice(0, Number(query.get("max-keys") ?? 1000));
    const isTruncated = page.length < matching.length;
    const contents = page.map(
      (key) =>
        `<Contents><Key>${key}</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>&quot;0cc175b9c0f1b6a831c399e269772661&quot;</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    );
    const next = isTruncated ? `<NextContinuationToken>${continuationToken(page[page.length - 1])}</NextContinuationToken>` : "";
    response
      .writeHead(200, { "content-type": "application/xml" })
      .end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>weights</Name><Prefix>${prefix}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${query.get("max-keys") ?? 1000}</MaxKeys><IsTruncated>${isTruncated}</IsTruncated>${next}${contents.join("")}</ListBucketResult>`,
      );
  };
}

describeArtifactStore("S3Store", () => storeWith());

describe("S3Store", () => {
  it("uploads a file larger than a part as a multipart upload of 8 MiB parts", async () => {
    const store = storeWith();
    const record = recordCommands(await store.client);
    const source = generatedBody(20 * MiB);
    await store.write("tenant-a/big/v1/model.safetensors", source.body);
    expect(record.commands.filter((name) => name !== "UploadPartCommand")).toEqual([
      "CreateMultipartUploadCommand",
      "CompleteMultipartUploadCommand",
    ]);
    expect(record.partBytes).toEqual([8 * MiB, 8 * MiB, 4 * MiB]);
    expect(await sha256Of(await store.read("tenant-a/big/v1/model.safetensors"))).toBe(source.sha256());
  });

  it("uploads a file smaller than a part with one PutObject", async () => {
    const store = storeWith();
    const record = recordCommands(await store.client);
    await store.write("tenant-a/small/v1/config.json", Readable.from([Buffer.from("{}")]));
    expect(record.commands).toEqual(["PutObjectCommand"]);
  });

  it("aborts the multipart upload when the write is aborted", async () => {
    const store = storeWith();
    const record = recordCommands(await store.client);
    const source = generatedBody(30 * MiB, { stallAfter: 12 * MiB });
    const controller = new AbortController();
    const writing = store.write("tenant-a/aborted/v1/model.bin", source.body, { signal: controller.signal });
    await source.stalled;
    controller.abort();
    await expect(writing).rejects.toMatchObject({ name: "AbortError" });
    // s3rver answers MethodNotAllowed to AbortMultipartUpload; the request is what the store owes real S3.
    expect(record.commands).toContain("AbortMultipartUploadCommand");
    expect(record.commands).not.toContain("CompleteMultipartUploadCommand");
    expect(source.body.destroyed).toBe(true);
  });

  // s3rver's continuation tokens use DES, which Node 20's OpenSSL 3 no longer offers (it answers 500), so paging
  // is shown against a stand-in that lists the way ListObjectsV2 does.
  it("follows continuation tokens through every page of a listing", async () => {
    const keys = ["a", "b", "c", "d", "e"].map((name) => `models/tenant-a/m/v1/${name}.bin`).concat("models/tenant-a/m/v10/x.bin");
    const requests: URLSearchParams[] = [];
    const listing = await standIn(listObjectsV2Answer(keys, requests));
    try {
      const store = storeWith({ endpoint: listing.endpoint, prefix: "models", listPageSize: 2 });
      const listed = await store.list("tenant-a/m/v1");
      expect(listed).toEqual(["a", "b", "c", "d", "e"].map((name) => ({ path: `${name}.bin`, bytes: 1 })));
      expect(requests.map((query) => [query.get("prefix"), query.get("max-keys"), query.get("continuation-token")])).toEqual([
        ["models/tenant-a/m/v1/", "2", null],
        ["models/tenant-a/m/v1/", "2", continuationToken("models/tenant-a/m/v1/b.bin")],
        ["models/tenant-a/m/v1/", "2", continuationToken("models/tenant-a/m/v1/d.bin")],
      ]);
    } finally {
      await listing.close();
    }
  });

  it("says S3 cannot continue a write, and reports nothing to continue from", async () => {
    const store = storeWith();
    expect(await store.partialBytes("tenant-a/x/v1/model.bin")).toBe(0);
    await expect(store.write("tenant-a/x/v1/model.bin", Readable.from([Buffer.from("rest")]), { resumeFrom: 10 })).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("names a prefix s3://<bucket>/<store prefix>/<prefix>", () => {
    const store = storeWith({ prefix: "/models/" });
    expect(store.urlOf("tenant-a/llama/v3")).toBe("s3://weights/models/tenant-a/llama/v3");
    expect(store.prefixOf("s3://weights/models/tenant-a/llama/v3")).toBe("tenant-a/llama/v3");
    expect(store.prefixOf("s3://weights/elsewhere/tenant-a/llama/v3")).toBeUndefined();
    expect(storeWith({ prefix: undefined }).urlOf("tenant-a/llama/v3")).toBe("s3://weights/tenant-a/llama/v3");
  });

  it("names a missing bucket in a not_found error", async () => {
    const store = storeWith({ bucket: "no-such-bucket" });
    await expect(store.list("tenant-a/m/v1")).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringContaining('"no-such-bucket"'),
    });
    await expect(store.write("tenant-a/m/v1/a", Readable.from([Buffer.from("a")]))).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses an unknown access key without repeating the credentials", async () => {
    const store = storeWith({ accessKeyId: "NOT-A-KEY", secretAccessKey: "secret-value-123" });
    const error = await store.list("tenant-a/m/v1").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "unauthenticated", message: expect.stringContaining('"weights"') });
    expect((error as Error).message).not.toMatch(/NOT-A-KEY|secret-value-123/);
  });

  // s3rver does not verify V4 signatures, so a wrong secret key and a denied request come from a stand-in endpoint.
  it.each([
    [403, "SignatureDoesNotMatch", "unauthenticated", "secret access key"],
    [403, "AccessDenied", "forbidden", "permission"],
    [301, "PermanentRedirect", "invalid", "region"],
  ])("maps %i %s to %s", async (status, code, expected, advice) => {
    const endpointStandIn = await standIn(s3ErrorAnswer(status, code));
    try {
      const store = storeWith({ endpoint: endpointStandIn.endpoint, secretAccessKey: "secret-value-123" });
      const error = await store.list("tenant-a/m/v1").catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: expected, message: expect.stringContaining(advice) });
      expect((error as Error).message).toContain('"weights"');
      expect((error as Error).message).not.toContain("secret-value-123");
    } finally {
      await endpointStandIn.close();
    }
  });

  it("reports an endpoint nobody listens on as unavailable", async () => {
    const closed = await standIn(() => {});
    await closed.close();
    const store = storeWith({ endpoint: closed.endpoint });
    await expect(store.list("tenant-a/m/v1")).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringContaining("ECONNREFUSED"),
    });
  });

  it("refuses half a key pair", () => {
    expect(() => makeS3Client({ region: "us-east-1", forcePathStyle: true, accessKeyId: "S3RVER" })).toThrow(/given together/);
  });
});

describe("S3 as an import source", () => {
  let client: S3Client;
  beforeAll(async () => {
    client = await makeS3Client({ endpoint, region: "us-east-1", forcePathStyle: true, ...CREDENTIALS });
  });

  it("lists objects below a prefix with sizes and ETags, skipping directory markers", async () => {
    const prefix = `org-${randomUUID().slice(0, 8)}/model/`;
    const files = { "config.json": '{"a":1}', "weights/model.safetensors": "tensor bytes", "tokenizer.json": "{}" };
    await client.send(new PutObjectCommand({ Bucket: "source-models", Key: `${prefix}weights/`, Body: new Uint8Array(0) }));
    for (const [name, content] of Object.entries(files)) {
      await client.send(new PutObjectCommand({ Bucket: "source-models", Key: prefix + name, Body: content }));
    }
    const listed = await listS3Objects(client, "source-models", prefix);
    expect(listed).toEqual(
      Object.entries(files)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, content]) => ({ key: prefix + name, bytes: content.length, etag: createHash("md5").update(content).digest("hex") })),
    );
  });

  it("opens an object whole or by range", async () => {
    const key = `org-${randomUUID().slice(0, 8)}/model/config.json`;
    await client.send(new PutObjectCommand({ Bucket: "source-models", Key: key, Body: "0123456789" }));
    const whole = await openS3Object(client, "source-models", key);
    expect(whole.bytes).toBe(10);
    expect(await textOf(whole.body)).toBe("0123456789");
    const part = await openS3Object(client, "source-models", key, { start: 2, end: 4 });
    expect(part.bytes).toBe(3);
    expect(await textOf(part.body)).toBe("234");
    await expect(openS3Object(client, "source-models", `${key}.missing`)).rejects.toMatchObject({ code: "not_found" });
  });

  // s3rver keeps no checksums, so the SHA-256 S3 reports for an object comes from a stand-in endpoint.
  it.each([
    ["FULL_OBJECT", "hex of the stored SHA-256"],
    ["COMPOSITE", "nothing"],
  ])("reports a %s SHA-256 checksum as %s", async (type) => {
    const content = Buffer.from("weights that S3 checksummed");
    const sha256 = createHash("sha256").update(content);
    const digest = sha256.digest();
    const checksumHeader = type === "FULL_OBJECT" ? digest.toString("base64") : `${digest.toString("base64")}-2`;
    const source = await standIn((request, response) => {
      response.writeHead(200, {
        "content-length": content.length,
        "content-type": "application/octet-stream",
        etag: '"abc"',
        "x-amz-checksum-sha256": checksumHeader,
        "x-amz-checksum-type": type,
      });
      response.end(content);
    });
    try {
      const opened = await openS3Object(
        await makeS3Client({ endpoint: source.endpoint, region: "us-east-1", forcePathStyle: true, ...CREDENTIALS }),
        "source-models",
        "org/model/model.safetensors",
      );
      expect(await textOf(opened.body)).toBe(content.toString());
      expect(opened.checksumSha256).toBe(type === "FULL_OBJECT" ? digest.toString("hex") : undefined);
    } finally {
      await source.close();
    }
  });
});
