// What a stand-in Hub repository holds and what the Hub says of it: file bodies (text, bytes, or bytes generated from
// a seed and streamed, so a 2 GB shard never sits in memory), their git and LFS hashes, the model's fields and tree
// entries as the API answers them, and generated model repositories shaped like real ones (config, tokenizer,
// safetensors shards with real headers, the shard index).
import { createHash } from "node:crypto";
import { parse as parseYaml } from "yaml";

/** `bytes` bytes in all: `prefix` (e.g. a safetensors header), then bytes generated from `seed`. */
export interface GeneratedBody {
  bytes: number;
  seed: number;
  prefix?: Buffer;
}
export type FileBody = Buffer | string | GeneratedBody;

export interface StandInModel {
  id: string;
  files: Record<string, FileBody>;
  /** The Hub's safetensors summary, e.g. {parameters: {BF16: 8030261248}, total: 8030261248}. */
  safetensors?: unknown;
  /** Gated models serve files only to a token listed in `tokens` (users who accepted the license). */
  gated?: false | "auto" | "manual";
  pipelineTag?: string;
  libraryName?: string;
  /** Tags besides those the Hub derives (library, pipeline, model_type, license:…, safetensors). */
  tags?: string[];
  downloads?: number;
  likes?: number;
  lastModified?: string;
}

/** What the Hub says about one file: its size, git blob id, and for LFS files the sha256 and pointer size. */
export interface FileFacts {
  size: number;
  gitOid: string;
  lfs?: { oid: string; size: number; pointerSize: number };
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");
const CHUNK_BYTES = 64 * 1024;
/** The Hub keeps these in LFS (the default .gitattributes), and any file over 10 MiB. */
const LFS_PATTERN = /\.(safetensors|bin|pt|pth|ckpt|gguf|onnx|h5|msgpack|model|zip|gz|tar)$/;
const LFS_ABOVE_BYTES = 10 * 1024 * 1024;

const isGenerated = (body: FileBody): body is GeneratedBody => typeof body === "object" && !Buffer.isBuffer(body);

export function bodySize(body: FileBody): number {
  return isGenerated(body) ? body.bytes : Buffer.byteLength(body);
}

/** Generated chunk `index` depends only on (seed, index), so a Range can start anywhere without generating what is before it. */
function generatedChunk(seed: number, index: number): Buffer {
  const words = new Uint32Array(CHUNK_BYTES / 4);
  let state = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    words[i] = state >>> 0;
  }
  return Buffer.from(words.buffer);
}

/** The bytes [start, end) of a file, in chunks of at most 64 KiB. */
export function* bodyChunks(body: FileBody, start: number, end: number): Generator<Buffer> {
  const held = isGenerated(body) ? (body.prefix ?? Buffer.alloc(0)) : Buffer.from(body);
  for (let at = start; at < Math.min(end, held.length); at += CHUNK_BYTES) {
    yield held.subarray(at, Math.min(at + CHUNK_BYTES, end, held.length));
  }
  if (!isGenerated(body)) return;
  for (let at = Math.max(start, held.length); at < end;) {
    const offset = at - held.length;
    const within = offset % CHUNK_BYTES;
    const piece = generatedChunk(body.seed, Math.floor(offset / CHUNK_BYTES)).subarray(within, within + end - at);
    yield piece;
    at += piece.length;
  }
}

const digests = new Map<string, Promise<string>>();

/** Hashes a body by streaming it, yielding to the event loop now and then so a server in the same process keeps answering. */
async function digest(body: FileBody, algorithm: "sha1" | "sha256", preamble = ""): Promise<string> {
  const hash = createHash(algorithm).update(preamble);
  let chunks = 0;
  for (const chunk of bodyChunks(body, 0, bodySize(body))) {
    hash.update(chunk);
    if (++chunks % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return hash.digest("hex");
}

/** A generated body's hash is computed once per process: a benchmark's 2 GB shards are hashed a single time. */
function cachedDigest(body: FileBody, algorithm: "sha1" | "sha256", preamble = ""): Promise<string> {
  if (!isGenerated(body)) return digest(body, algorithm, preamble);
  const prefix = body.prefix ? createHash("sha1").update(body.prefix).digest("hex") : "";
  const key = `${algorithm}:${preamble}:${body.seed}:${body.bytes}:${prefix}`;
  const known = digests.get(key) ?? digest(body, algorithm, preamble);
  digests.set(key, known);
  return known;
}

const gitBlobOid = (body: FileBody) => cachedDigest(body, "sha1", `blob ${bodySize(body)}\0`);

export const lfsPointer = (sha256: string, size: number) =>
  `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;

export async function describeFile(path: string, body: FileBody): Promise<FileFacts> {
  const size = bodySize(body);
  if (!LFS_PATTERN.test(path) && size <= LFS_ABOVE_BYTES) return { size, gitOid: await gitBlobOid(body) };
  const oid = await cachedDigest(body, "sha256");
  const pointer = lfsPointer(oid, size);
  return { size, gitOid: await gitBlobOid(pointer), lfs: { oid, size, pointerSize: Buffer.byteLength(pointer) } };
}

/** A cheap fingerprint of a repository's contents, for its commit id: generated bodies are named by seed, not hashed. */
export function contentFingerprint(files: Record<string, FileBody>): string {
  const hash = createHash("sha1");
  for (const [path, body] of Object.entries(files)) {
    hash.update(`${path}\0`);
    if (isGenerated(body)) hash.update(`${body.seed}:${body.bytes}\0`).update(body.prefix ?? "");
    else hash.update(body);
  }
  return hash.digest("hex");
}

export const DEFAULT_DATE = "2024-07-23T00:00:00.000Z";

/** The README's YAML front matter, which the Hub serves as cardData. */
function cardDataOf(model: StandInModel): Record<string, unknown> | undefined {
  const readme = model.files["README.md"];
  const front = typeof readme === "string" ? /^---\n([\s\S]*?)\n---/.exec(readme) : null;
  return front ? (parseYaml(front[1]) as Record<string, unknown>) : undefined;
}

function configOf(model: StandInModel): Record<string, unknown> {
  const file = model.files["config.json"];
  return file === undefined ? {} : (JSON.parse(file.toString()) as Record<string, unknown>);
}

export function tagsOf(model: StandInModel): string[] {
  const card = cardDataOf(model);
  const derived = [
    model.libraryName ?? card?.library_name,
    Object.keys(model.files).some((path) => path.endsWith(".safetensors")) ? "safetensors" : undefined,
    configOf(model).model_type,
    model.pipelineTag ?? "text-generation",
    card?.license ? `license:${String(card.license)}` : undefined,
  ];
  return [...new Set([...derived, ...(model.tags ?? []), "region:us"].filter((tag): tag is string => typeof tag === "string"))];
}

/** Every field the Hub can answer about a model; callers pick by expand[] (or take all, as the Hub does without it). */
export function modelFields(model: StandInModel, commit: string, siblings: unknown[]): Record<string, unknown> {
  const config = configOf(model);
  const card = cardDataOf(model);
  return {
    _id: sha1(model.id).slice(0, 24),
    id: model.id,
    modelId: model.id,
    author: model.id.split("/")[0],
    sha: commit,
    private: false,
    gated: model.gated ?? false,
    disabled: false,
    pipeline_tag: model.pipelineTag ?? "text-generation",
    library_name: model.libraryName ?? card?.library_name,
    tags: tagsOf(model),
    downloads: model.downloads ?? 10,
    likes: model.likes ?? 1,
    lastModified: model.lastModified ?? DEFAULT_DATE,
    createdAt: DEFAULT_DATE,
    config: { architectures: config.architectures, model_type: config.model_type, quantization_config: config.quantization_config },
    ...(card ? { cardData: card } : {}),
    ...(model.safetensors ? { safetensors: model.safetensors } : {}),
    siblings,
  };
}

/** Tree entries: every file, and a directory entry for each folder on the way, sorted by path. */
export function treeEntries(files: Map<string, FileFacts>, under: string, recursive: boolean): unknown[] | undefined {
  const prefix = under ? `${under}/` : "";
  const entries = new Map<string, unknown>();
  for (const [path, facts] of files) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length).split("/");
    const depth = recursive ? rest.length : 1;
    for (let i = 1; i < rest.length && i <= depth; i++) {
      const folder = prefix + rest.slice(0, i).join("/");
      entries.set(folder, { type: "directory", oid: sha1(`tree ${folder}`), size: 0, path: folder });
    }
    if (rest.length <= depth)
      entries.set(path, { type: "file", oid: facts.gitOid, size: facts.size, path, ...(facts.lfs ? { lfs: facts.lfs } : {}) });
  }
  if (under && entries.size === 0) return undefined;
  return [...entries.keys()].sort().map((path) => entries.get(path));
}

export type Architecture = "LlamaForCausalLM" | "MistralForCausalLM" | "Qwen2ForCausalLM";
export type TensorDtype = "BF16" | "F16" | "F32";

export interface ModelRepoShape {
  id: string;
  architecture?: Architecture;
  layers: number;
  hidden: number;
  vocab: number;
  /** The MLP's width; about 2.7 × hidden when not given, as in Llama. */
  intermediate?: number;
  /** Attention heads; hidden / 64 when not given. */
  heads?: number;
  kvHeads?: number;
  /** 1 writes model.safetensors; more write model-0000k-of-0000n.safetensors and model.safetensors.index.json. */
  shards?: number;
  dtype?: TensorDtype;
  seed?: number;
  license?: string;
}

interface Tensor {
  name: string;
  shape: number[];
}

const BYTES_PER_VALUE: Record<TensorDtype, number> = { BF16: 2, F16: 2, F32: 4 };
const TORCH_DTYPE: Record<TensorDtype, string> = { BF16: "bfloat16", F16: "float16", F32: "float32" };
const MODEL_TYPE: Record<Architecture, string> = { LlamaForCausalLM: "llama", MistralForCausalLM: "mistral", Qwen2ForCausalLM: "qwen2" };

type Dimensions = Required<Pick<ModelRepoShape, "architecture" | "layers" | "hidden" | "vocab" | "intermediate" | "heads" | "kvHeads">>;

function tensorsOf(shape: Dimensions): Tensor[] {
  const { hidden, intermediate, vocab } = shape;
  const kv = (hidden / shape.heads) * shape.kvHeads;
  const layer = (i: number): Tensor[] => {
    const at = `model.layers.${i}`;
    const biases: Tensor[] =
      shape.architecture === "Qwen2ForCausalLM"
        ? ["q", "k", "v"].map((p) => ({ name: `${at}.self_attn.${p}_proj.bias`, shape: [p === "q" ? hidden : kv] }))
        : [];
    return [
      { name: `${at}.input_layernorm.weight`, shape: [hidden] },
      { name: `${at}.self_attn.q_proj.weight`, shape: [hidden, hidden] },
      { name: `${at}.self_attn.k_proj.weight`, shape: [kv, hidden] },
      { name: `${at}.self_attn.v_proj.weight`, shape: [kv, hidden] },
      ...biases,
      { name: `${at}.self_attn.o_proj.weight`, shape: [hidden, hidden] },
      { name: `${at}.post_attention_layernorm.weight`, shape: [hidden] },
      { name: `${at}.mlp.gate_proj.weight`, shape: [intermediate, hidden] },
      { name: `${at}.mlp.up_proj.weight`, shape: [intermediate, hidden] },
      { name: `${at}.mlp.down_proj.weight`, shape: [hidden, intermediate] },
    ];
  };
  return [
    { name: "model.embed_tokens.weight", shape: [vocab, hidden] },
    ...Array.from({ length: shape.layers }, (_, i) => layer(i)).flat(),
    { name: "model.norm.weight", shape: [hidden] },
    { name: "lm_head.weight", shape: [vocab, hidden] },
  ];
}

const valuesOf = (tensor: Tensor) => tensor.shape.reduce((product, dim) => product * dim, 1);

/** Tensors in order, cut into `count` shards of about equal bytes (a new shard when the next tensor would overflow). */
function splitIntoShards(tensors: Tensor[], count: number, bytesPerValue: number): Tensor[][] {
  if (tensors.length < count) throw new Error(`${tensors.length} tensors cannot fill ${count} shards`);
  const target = tensors.reduce((sum, tensor) => sum + valuesOf(tensor) * bytesPerValue, 0) / count;
  const shards: Tensor[][] = [[]];
  let inCurrent = 0;
  tensors.forEach((tensor, i) => {
    const size = valuesOf(tensor) * bytesPerValue;
    const toOpen = count - shards.length;
    const mustOpen = tensors.length - i <= toOpen;
    if (toOpen > 0 && inCurrent > 0 && (inCurrent + size > target || mustOpen)) {
      shards.push([]);
      inCurrent = 0;
    }
    shards[shards.length - 1].push(tensor);
    inCurrent += size;
  });
  return shards;
}

/** A safetensors file: 8-byte little-endian header length, the JSON header (space-padded to 8 bytes), then the data. */
function safetensorsFile(tensors: Tensor[], dtype: TensorDtype, seed: number): GeneratedBody {
  const header: Record<string, unknown> = { __metadata__: { format: "pt" } };
  let offset = 0;
  for (const tensor of tensors) {
    const size = valuesOf(tensor) * BYTES_PER_VALUE[dtype];
    header[tensor.name] = { dtype, shape: tensor.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  const text = JSON.stringify(header);
  const json = Buffer.from(text.padEnd(Math.ceil(Buffer.byteLength(text) / 8) * 8, " "));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  const prefix = Buffer.concat([length, json]);
  return { prefix, bytes: prefix.length + offset, seed };
}

function tokenizerJson(): string {
  const vocab = Object.fromEntries(["<s>", "</s>", "<unk>", "a", "b", "ab"].map((token, id) => [token, id]));
  return JSON.stringify({
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: ["<s>", "</s>"].map((content, id) => ({ id, content, special: true })),
    normalizer: null,
    pre_tokenizer: { type: "ByteLevel", add_prefix_space: false },
    model: { type: "BPE", vocab, merges: ["a b"], unk_token: "<unk>" },
  });
}

/** A model repository laid out as transformers writes one; parseSafetensorsMetadata reads it through the stand-in. */
export function generateModelRepo(repo: ModelRepoShape): StandInModel {
  const { hidden, shards = 1, dtype = "BF16", seed = 1, license = "apache-2.0" } = repo;
  const heads = repo.heads ?? Math.max(1, Math.floor(hidden / 64));
  const dims: Dimensions = {
    architecture: repo.architecture ?? "LlamaForCausalLM",
    layers: repo.layers,
    hidden,
    vocab: repo.vocab,
    intermediate: repo.intermediate ?? Math.ceil((hidden * 8) / 3),
    heads,
    kvHeads: repo.kvHeads ?? heads,
  };
  const tensors = tensorsOf(dims);
  const parameters = tensors.reduce((sum, tensor) => sum + valuesOf(tensor), 0);
  const config = {
    architectures: [dims.architecture],
    model_type: MODEL_TYPE[dims.architecture],
    hidden_size: hidden,
    intermediate_size: dims.intermediate,
    num_hidden_layers: dims.layers,
    num_attention_heads: heads,
    num_key_value_heads: dims.kvHeads,
    max_position_embeddings: 4096,
    vocab_size: dims.vocab,
    rms_norm_eps: 1e-5,
    rope_theta: 10000,
    tie_word_embeddings: false,
    bos_token_id: 0,
    eos_token_id: 1,
    torch_dtype: TORCH_DTYPE[dtype],
  };
  const files: Record<string, FileBody> = {
    ".gitattributes": "*.safetensors filter=lfs diff=lfs merge=lfs -text\n",
    "README.md": `---\nlicense: ${license}\nlibrary_name: transformers\npipeline_tag: text-generation\n---\n# ${repo.id}\n`,
    "config.json": JSON.stringify(config, null, 2),
    "generation_config.json": JSON.stringify({ bos_token_id: 0, eos_token_id: 1, do_sample: true, temperature: 0.6, top_p: 0.9 }),
    "tokenizer.json": tokenizerJson(),
    "tokenizer_config.json": JSON.stringify({ bos_token: "<s>", eos_token: "</s>", model_max_length: 4096 }),
  };
  if (shards === 1) {
    files["model.safetensors"] = safetensorsFile(tensors, dtype, seed);
  } else {
    const weightMap: Record<string, string> = {};
    splitIntoShards(tensors, shards, BYTES_PER_VALUE[dtype]).forEach((part, i) => {
      const name = `model-${String(i + 1).padStart(5, "0")}-of-${String(shards).padStart(5, "0")}.safetensors`;
      files[name] = safetensorsFile(part, dtype, seed + i);
      for (const tensor of part) weightMap[tensor.name] = name;
    });
    const metadata = { total_parameters: parameters, total_size: parameters * BYTES_PER_VALUE[dtype] };
    files["model.safetensors.index.json"] = JSON.stringify({ metadata, weight_map: weightMap }, null, 2);
  }
  return {
    id: repo.id,
    files,
    libraryName: "transformers",
    safetensors: { parameters: { [dtype]: parameters }, total: parameters },
  };
}
