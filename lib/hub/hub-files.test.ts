// The importer's and the Hub search's view of the Hub, against the stand-in Hub: file lists with LFS hashes that
// match the bytes, resumable downloads through the CDN redirect, gated and unknown models, rate limits, paging, and
// a 200 MB file streamed in bounded memory.
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { listFiles, parseSafetensorsMetadata } from "@huggingface/hub";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { listRepoFiles, modelDetails, openRepoFile, searchModels } from "@/lib/hub/hub-files";
import type { HubSource } from "@/lib/hub/hugging-face";
import { generateModelRepo } from "@/tests/stand-ins/hub-repos";
import { startHubStandIn, type HubStandIn, type StandInModel } from "@/tests/stand-ins/hugging-face-hub";

const BIG_BYTES = 200 * 1024 * 1024;
/** Two layers, hidden 256, vocabulary 1024, MLP 683: embeddings and head 2·1024·256, each layer 2·256 + 4·256² + 3·683·256, the final norm 256. */
const TINY_PARAMETERS = 2 * 1024 * 256 + 2 * (2 * 256 + 4 * 256 * 256 + 3 * 683 * 256) + 256;

const tiny = generateModelRepo({ id: "acme/tiny-llama", layers: 2, hidden: 256, vocab: 1024, shards: 2 });
const single = generateModelRepo({
  id: "acme/single-qwen",
  architecture: "Qwen2ForCausalLM",
  layers: 1,
  hidden: 128,
  vocab: 256,
  dtype: "F16",
});
const gated: StandInModel = { ...generateModelRepo({ id: "acme/gated-llama", layers: 1, hidden: 64, vocab: 128 }), gated: "manual" };
const nested: StandInModel = {
  id: "acme/nested",
  files: { "config.json": "{}", "onnx/model.onnx": Buffer.alloc(4096, 1), "onnx/int8/model.onnx": Buffer.alloc(2048, 2) },
};
const big: StandInModel = { id: "acme/big", files: { "config.json": "{}", "weights.bin": { bytes: BIG_BYTES, seed: 7 } } };
const listed: StandInModel[] = [
  { id: "org/chat-a", files: {}, downloads: 500, pipelineTag: "text-generation", tags: ["license:mit"] },
  { id: "org/chat-b", files: {}, downloads: 900, pipelineTag: "text-generation", gated: "auto" },
  { id: "org/chat-c", files: {}, downloads: 100, pipelineTag: "text-generation" },
  { id: "org/embed-d", files: {}, downloads: 700, pipelineTag: "feature-extraction" },
  { id: "org/chat-e", files: {}, downloads: 300, pipelineTag: "text-generation" },
];

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const gitBlobOid = (bytes: Buffer) => createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");

describe("a repository's files through the Hub", () => {
  let hub: HubStandIn;
  let source: HubSource;

  beforeAll(async () => {
    hub = await startHubStandIn([tiny, single, gated, nested, big, ...listed], ["hf_good_token"], { treePageSize: 3 });
    source = { endpoint: hub.url };
  });
  afterAll(() => hub?.close());

  it("lists every file at the revision's commit, following tree pages, with LFS sha256 equal to the bytes served", async () => {
    const { commit, gated: gating, files } = await listRepoFiles(source, "acme/tiny-llama", "main");
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    expect(gating).toBe(false);
    expect(files.map((file) => file.path).sort()).toEqual(Object.keys(tiny.files).sort());
    expect(
      hub.received.filter((request) => request.path.endsWith("/tree/" + commit) && request.query.includes("cursor=")).length,
    ).toBeGreaterThan(0);

    const shards = files.filter((file) => file.path.endsWith(".safetensors"));
    expect(shards.map((file) => file.path)).toEqual(["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"]);
    for (const shard of shards) {
      const opened = await openRepoFile(source, "acme/tiny-llama", commit, shard.path, {});
      const bytes = await readAll(opened.body);
      expect(opened).toMatchObject({ bytesTotal: shard.bytes, rangeHonoured: true });
      expect(bytes.length).toBe(shard.bytes);
      expect(shard.sha256).toBe(sha256(bytes));
    }
    const config = files.find((file) => file.path === "config.json");
    expect(config?.sha256).toBeUndefined();
    const configBytes = await readAll((await openRepoFile(source, "acme/tiny-llama", commit, "config.json")).body);
    expect(config?.gitOid).toBe(gitBlobOid(configBytes));
    expect(JSON.parse(configBytes.toString())).toMatchObject({ architectures: ["LlamaForCausalLM"], num_hidden_layers: 2 });
  });

  it("lists a folder's own entries, with its subfolders as directories, and every nested file when recursive", async () => {
    const folder = [];
    for await (const entry of listFiles({ repo: "acme/nested", path: "onnx", hubUrl: hub.url })) folder.push(entry);
    expect(folder.map(({ type, path }) => ({ type, path }))).toEqual([
      { type: "directory", path: "onnx/int8" },
      { type: "file", path: "onnx/model.onnx" },
    ]);
    expect(folder[1].lfs).toMatchObject({ oid: sha256(Buffer.alloc(4096, 1)), size: 4096 });
    const { files } = await listRepoFiles(source, "acme/nested", "main");
    expect(files.map((file) => file.path).sort()).toEqual(["config.json", "onnx/int8/model.onnx", "onnx/model.onnx"]);
    expect((await failure(modelDetails(source, "acme/nested", "no-such-branch"))).code).toBe("not_found");
  });

  it("resumes from an offset with the file's tail, and refuses an offset past the end", async () => {
    const { commit, files } = await listRepoFiles(source, "acme/tiny-llama", "main");
    const shard = files.find((file) => file.path === "model-00002-of-00002.safetensors");
    if (!shard) throw new Error("no second shard");
    const whole = await readAll((await openRepoFile(source, "acme/tiny-llama", commit, shard.path)).body);
    const tail = await openRepoFile(source, "acme/tiny-llama", commit, shard.path, { start: 1_000_001 });
    expect(tail).toMatchObject({ bytesTotal: shard.bytes, rangeHonoured: true });
    expect((await readAll(tail.body)).equals(whole.subarray(1_000_001))).toBe(true);
    expect(hub.received.at(-1)).toMatchObject({ path: `/cdn/acme/tiny-llama/${shard.path}`, range: "bytes=1000001-" });

    const configTail = await openRepoFile(source, "acme/tiny-llama", commit, "config.json", { start: 5 });
    expect(configTail.rangeHonoured).toBe(true);
    expect((await readAll(configTail.body)).toString()).toBe(String(tiny.files["config.json"]).slice(5));

    const past = await failure(openRepoFile(source, "acme/tiny-llama", commit, shard.path, { start: shard.bytes }));
    expect(past.code).toBe("bad_request");
    expect(past.message).toContain(`has ${shard.bytes} bytes`);
  });

  it("streams a 200 MB file with the process's memory growing by less than 64 MB", async () => {
    const expected = await hub.facts("acme/big", "weights.bin");
    const { commit } = await listRepoFiles(source, "acme/big", "main");
    const before = process.memoryUsage().rss;
    let peak = before;
    let received = 0;
    const hash = createHash("sha256");
    const opened = await openRepoFile(source, "acme/big", commit, "weights.bin");
    for await (const chunk of opened.body) {
      hash.update(chunk as Buffer);
      received += (chunk as Buffer).length;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(received).toBe(BIG_BYTES);
    expect(hash.digest("hex")).toBe(expected.lfs?.oid);
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
  });

  it("errors the stream when a transfer breaks part-way, and ends a stalled one when the caller aborts", async () => {
    const { commit } = await listRepoFiles(source, "acme/tiny-llama", "main");
    hub.interrupt("acme/tiny-llama", "model-00001-of-00002.safetensors", { afterBytes: 100_000, mode: "destroy" });
    const broken = await openRepoFile(source, "acme/tiny-llama", commit, "model-00001-of-00002.safetensors");
    await expect(readAll(broken.body)).rejects.toThrow();

    hub.interrupt("acme/tiny-llama", "model-00002-of-00002.safetensors", { afterBytes: 10_000, mode: "stall" });
    const controller = new AbortController();
    const stalled = await openRepoFile(source, "acme/tiny-llama", commit, "model-00002-of-00002.safetensors", {
      signal: controller.signal,
    });
    let got = 0;
    const reading = (async () => {
      for await (const chunk of stalled.body) got += (chunk as Buffer).length;
    })();
    setTimeout(() => controller.abort(new Error("idle for too long")), 300);
    await expect(reading).rejects.toThrow();
    expect(got).toBe(10_000);
  });

  it("says how to get access to a gated model: accept the license, or a token that may read it", async () => {
    const { commit, gated: gating } = await listRepoFiles(source, "acme/gated-llama", "main");
    expect(gating).toBe("manual");
    const anonymous = await failure(openRepoFile(source, "acme/gated-llama", commit, "config.json"));
    expect(anonymous.code).toBe("forbidden");
    expect(anonymous.message).toMatch(/gated or private on the Hub: accept its license there, and set HUGGINGFACE_API_TOKEN/);
    const wrong = await failure(openRepoFile({ ...source, token: "hf_wrong" }, "acme/gated-llama", commit, "model.safetensors"));
    expect(wrong.code).toBe("forbidden");
    expect(wrong.message).toMatch(/the token given may not read it: accept its license there/);
    const allowed = await openRepoFile({ ...source, token: "hf_good_token" }, "acme/gated-llama", commit, "config.json");
    expect(JSON.parse((await readAll(allowed.body)).toString()).hidden_size).toBe(64);
  });

  it("names what is not found: an unknown repository, revision or file", async () => {
    const repo = await failure(listRepoFiles(source, "acme/nothing-here", "main"));
    expect(repo).toMatchObject({ code: "not_found", message: "acme/nothing-here not found on the Hub" });
    expect((await failure(listRepoFiles(source, "acme/tiny-llama", "no-such-branch"))).code).toBe("not_found");
    const { commit } = await listRepoFiles(source, "acme/tiny-llama", "main");
    const file = await failure(openRepoFile(source, "acme/tiny-llama", commit, "missing.bin"));
    expect(file).toMatchObject({ code: "not_found", message: "acme/tiny-llama/missing.bin not found on the Hub" });
  });

  it("turns a rate limit into too_many_requests with the Hub's Retry-After, and works again after it", async () => {
    hub.throttle("/api/models/acme/tiny-llama/revision/main", 1, 7);
    const limited = await failure(listRepoFiles(source, "acme/tiny-llama", "main"));
    expect(limited).toMatchObject({ code: "too_many_requests", details: { retryAfterSeconds: 7 } });
    const { commit } = await listRepoFiles(source, "acme/tiny-llama", "main");

    hub.throttle(`/acme/tiny-llama/resolve/${commit}/config.json`, 1, 3);
    const download = await failure(openRepoFile(source, "acme/tiny-llama", commit, "config.json"));
    expect(download).toMatchObject({ code: "too_many_requests", details: { retryAfterSeconds: 3 } });
    hub.throttle("/api/models", 1, 2);
    expect(await failure(searchModels(source, { search: "chat" }))).toMatchObject({
      code: "too_many_requests",
      details: { retryAfterSeconds: 2 },
    });
  });

  it("searches page by page, sorted and filtered by task, with license and gating", async () => {
    const first = await searchModels(source, { search: "org/", task: "text-generation", sort: "downloads", limit: 3 });
    expect(first.models.map((model) => model.id)).toEqual(["org/chat-b", "org/chat-a", "org/chat-e"]);
    expect(first.models[0]).toMatchObject({ gated: "auto", downloads: 900, pipelineTag: "text-generation" });
    expect(first.models[1].license).toBe("mit");
    expect(first.next).toBeDefined();
    const second = await searchModels(source, { search: "org/", task: "text-generation", sort: "downloads", limit: 3, cursor: first.next });
    expect(second.models.map((model) => model.id)).toEqual(["org/chat-c"]);
    expect(second.next).toBeUndefined();
  });

  it("gives a model's details: config, parameters, license, gating and file sizes", async () => {
    const details = await modelDetails(source, "acme/tiny-llama", "main");
    expect(details).toMatchObject({
      id: "acme/tiny-llama",
      libraryName: "transformers",
      license: "apache-2.0",
      gated: false,
      pipelineTag: "text-generation",
      config: { architectures: ["LlamaForCausalLM"], model_type: "llama" },
      parameters: { byDtype: { BF16: TINY_PARAMETERS }, total: TINY_PARAMETERS },
    });
    const { files } = await listRepoFiles(source, "acme/tiny-llama", "main");
    expect(details.files).toHaveLength(files.length);
    expect(details.bytesTotal).toBe(files.reduce((sum, file) => sum + file.bytes, 0));
    expect(details.bytesTotal).toBeGreaterThan(TINY_PARAMETERS * 2);
  });

  it("serves safetensors headers that @huggingface/hub parses, sharded or single", async () => {
    const sharded = await parseSafetensorsMetadata({ repo: "acme/tiny-llama", hubUrl: hub.url, computeParametersCount: true });
    expect(sharded.sharded).toBe(true);
    expect(sharded.parameterCount).toEqual({ BF16: TINY_PARAMETERS });
    expect(sharded.filepaths).toHaveLength(3);
    const one = await parseSafetensorsMetadata({ repo: "acme/single-qwen", hubUrl: hub.url, computeParametersCount: true });
    expect(one.sharded).toBe(false);
    expect(one.parameterCount).toEqual({ F16: (single.safetensors as { total: number }).total });
    if (!one.sharded) expect(one.header["model.layers.0.self_attn.k_proj.bias"]).toMatchObject({ dtype: "F16", shape: [128] });
  });
});

describe("the CDN on another host", () => {
  it("follows the redirect and sends the token to the Hub only, never to the CDN", async () => {
    const hub = await startHubStandIn([gated], ["hf_good_token"], { cdnHostname: "localhost" });
    try {
      const source = { endpoint: hub.url, token: "hf_good_token" };
      const { commit, files } = await listRepoFiles(source, "acme/gated-llama", "main");
      const weights = files.find((file) => file.path === "model.safetensors");
      const opened = await openRepoFile(source, "acme/gated-llama", commit, "model.safetensors", { start: 8 });
      const bytes = await readAll(opened.body);
      expect(bytes.length).toBe((weights?.bytes ?? 0) - 8);
      const resolve = hub.received.find((request) => request.path.includes("/resolve/"));
      const cdn = hub.received.find((request) => request.path.startsWith("/cdn/"));
      expect(resolve).toMatchObject({ host: expect.stringMatching(/^127\.0\.0\.1:/), withToken: true, range: "bytes=8-" });
      expect(cdn).toMatchObject({ host: expect.stringMatching(/^localhost:/), withToken: false, range: "bytes=8-" });
    } finally {
      await hub.close();
    }
  });
});
