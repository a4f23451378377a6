// What the importer and the Hub search need of the Hugging Face Hub: a repository's files at one commit with their
// sizes and hashes, one file's bytes as a Node stream that can resume from an offset, model search one page at a
// time with the Hub's summary of each config and parameter count, a model's details, and a small text file's
// beginning. Listing and details go through @huggingface/hub; search and downloads use fetch,
// because the library hands back neither the search cursor nor a download that starts at an offset.
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { listFiles, modelInfo } from "@huggingface/hub";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { hubCredentials, hubError, hubFetch, hubStatusError, type HubSource } from "@/lib/hub/hugging-face";

export type Gated = false | "auto" | "manual";

export interface RepoFile {
  path: string;
  bytes: number;
  /** The LFS oid: the sha256 of the file's bytes. Files kept in git itself have none. */
  sha256?: string;
  /** The git blob id (for an LFS file, of its pointer). */
  gitOid: string;
}

export interface RepoFiles {
  /** The commit the revision named when listed; open files by it so a push meanwhile cannot mix two versions. */
  commit: string;
  gated: Gated;
  files: RepoFile[];
}

export interface OpenedFile {
  body: Readable;
  /** The whole file's size, wherever the body starts. */
  bytesTotal: number;
  /** Whether the body starts at the offset asked for; false means the server sent the whole file from byte 0. */
  rangeHonoured: boolean;
}

export type ModelSort = "downloads" | "likes" | "lastModified" | "createdAt" | "trendingScore";

export interface ModelQuery {
  search?: string;
  /** A pipeline tag, e.g. "text-generation". */
  task?: string;
  sort?: ModelSort;
  limit?: number;
  /** The `next` of the previous page, with the same search. */
  cursor?: string;
}

export interface ModelSummary {
  id: string;
  downloads: number;
  likes: number;
  pipelineTag?: string;
  libraryName?: string;
  license?: string;
  gated: Gated;
  tags: string[];
  lastModified?: string;
  /** config.json's architectures, from the Hub's summary of it. */
  architectures?: string[];
  /** The Hub's safetensors parameter total. */
  parameters?: number;
}

export interface ModelDetails extends Omit<ModelSummary, "parameters"> {
  commit: string;
  /** The Hub's summary of config.json: architectures, model_type, quantization_config. */
  config: unknown;
  /** Parameter counts by dtype from the safetensors headers, when the Hub has read them. */
  parameters?: { byDtype: Record<string, number>; total: number };
  files: Array<{ path: string; bytes: number }>;
  bytesTotal: number;
}

const MAX_REDIRECTS = 5;

async function filesAt(source: HubSource, repo: string, commit: string, fetch: typeof globalThis.fetch): Promise<RepoFile[]> {
  const files: RepoFile[] = [];
  const entries = listFiles({ repo, revision: commit, recursive: true, hubUrl: source.endpoint, fetch, ...hubCredentials(source) });
  for await (const entry of entries) {
    if (entry.type !== "file") continue;
    files.push({ path: entry.path, bytes: entry.size, gitOid: entry.oid ?? "", ...(entry.lfs ? { sha256: entry.lfs.oid } : {}) });
  }
  return files;
}

export async function listRepoFiles(source: HubSource, repo: string, revision: string): Promise<RepoFiles> {
  const fetch = hubFetch(source, repo);
  try {
    const info = await modelInfo({
      name: repo,
      revision,
      hubUrl: source.endpoint,
      additionalFields: ["sha"],
      fetch,
      ...hubCredentials(source),
    });
    return { commit: info.sha, gated: info.gated, files: await filesAt(source, repo, info.sha, fetch) };
  } catch (error) {
    throw hubError(error, repo);
  }
}

/** The Hub's own origin gets the token; a CDN it redirects to (another host) must not, as the Hub's clients do. */
async function fetchFollowingRedirects(source: HubSource, url: string, range: string | undefined, signal: AbortSignal): Promise<Response> {
  const hub = new URL(source.endpoint).origin;
  let at = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const headers: Record<string, string> = {
      ...(range ? { range } : {}),
      ...(source.token && at.origin === hub ? { authorization: `Bearer ${source.token}` } : {}),
    };
    const response = await fetch(at, { headers, signal, redirect: "manual" });
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location) return response;
    await response.body?.cancel();
    at = new URL(location, at);
  }
  throw new AppError("unavailable", `The Hub redirected ${url} more than ${MAX_REDIRECTS} times`);
}

/** The file's size and where the body starts, from a 200 or 206 answer. */
function extentOf(response: Response, start: number): { bytesTotal: number; rangeHonoured: boolean } | undefined {
  if (response.status === 206) {
    const match = /^bytes (\d+)-\d+\/(\d+)$/.exec(response.headers.get("content-range") ?? "");
    return match && Number(match[1]) === start ? { bytesTotal: Number(match[2]), rangeHonoured: true } : undefined;
  }
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  return Number.isFinite(length) ? { bytesTotal: length, rangeHonoured: start === 0 } : undefined;
}

/**
 * One file of a repository at a commit, as a stream from byte `start` on. The source's timeout bounds the wait for
 * the answer, not the transfer, which only `signal` ends (a stalled transfer is the caller's to notice).
 */
export async function openRepoFile(
  source: HubSource,
  repo: string,
  commit: string,
  path: string,
  options: { start?: number; signal?: AbortSignal } = {},
): Promise<OpenedFile> {
  const start = options.start ?? 0;
  const url = `${source.endpoint}/${repo}/resolve/${encodeURIComponent(commit)}/${path.split("/").map(encodeURIComponent).join("/")}`;
  const controller = new AbortController();
  const abort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", abort, { once: true });
  const release = () => options.signal?.removeEventListener("abort", abort);
  const timer = setTimeout(() => controller.abort(new Error(`no answer in ${source.timeoutMs ?? 10_000} ms`)), source.timeoutMs ?? 10_000);
  let response: Response;
  try {
    response = await fetchFollowingRedirects(source, url, start > 0 ? `bytes=${start}-` : undefined, controller.signal);
  } catch (error) {
    release();
    if (options.signal?.aborted) throw options.signal.reason;
    throw hubError(error, `${repo}/${path}`);
  } finally {
    clearTimeout(timer);
  }
  const extent = response.ok ? extentOf(response, start) : undefined;
  if (!extent || !response.body) {
    release();
    await response.body?.cancel();
    if (response.status === 416) {
      const size = /\/(\d+)$/.exec(response.headers.get("content-range") ?? "")?.[1];
      throw new AppError("bad_request", `${repo}/${path} has ${size ?? "fewer"} bytes; it cannot be read from byte ${start}`);
    }
    if (!response.ok) throw hubStatusError(response.status, `${repo}/${path}`, response.headers.get("retry-after"));
    throw new AppError("unavailable", `The Hub answered ${response.status} for ${repo}/${path} without saying how large it is`);
  }
  const body = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
  body.once("close", release);
  return { body, ...extent };
}

/** A small text file (config.json, the model card) at a commit, its first `maxBytes` at most: a model card can be long. */
export async function readRepoText(
  source: HubSource,
  repo: string,
  commit: string,
  path: string,
  maxBytes: number,
): Promise<{ text: string; truncated: boolean }> {
  const { body, bytesTotal } = await openRepoFile(source, repo, commit, path);
  const chunks: Buffer[] = [];
  let read = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    read += chunk.length;
    if (read >= maxBytes) break;
  }
  body.destroy();
  return { text: Buffer.concat(chunks).subarray(0, maxBytes).toString("utf8"), truncated: bytesTotal > maxBytes };
}

const gatedSchema = z.union([z.literal(false), z.literal("auto"), z.literal("manual")]).catch(false);
const summarySchema = z.object({
  id: z.string(),
  downloads: z.number().catch(0),
  likes: z.number().catch(0),
  pipeline_tag: z.string().optional().catch(undefined),
  library_name: z.string().optional().catch(undefined),
  gated: gatedSchema,
  tags: z.array(z.string()).catch([]),
  lastModified: z.string().optional().catch(undefined),
  config: z
    .looseObject({ architectures: z.array(z.string()).optional() })
    .optional()
    .catch(undefined),
  safetensors: z.looseObject({ total: z.number() }).optional().catch(undefined),
});

/** The Hub tags a model with its card's license as `license:<id>`. */
const licenseFromTags = (tags: string[]) => tags.find((tag) => tag.startsWith("license:"))?.slice("license:".length);

function toSummary(item: z.infer<typeof summarySchema>): ModelSummary {
  return {
    id: item.id,
    downloads: item.downloads,
    likes: item.likes,
    pipelineTag: item.pipeline_tag,
    libraryName: item.library_name,
    license: licenseFromTags(item.tags),
    gated: item.gated,
    tags: item.tags,
    lastModified: item.lastModified,
    architectures: item.config?.architectures,
    parameters: item.safetensors?.total,
  };
}

const SUMMARY_FIELDS = ["downloads", "likes", "pipeline_tag", "library_name", "gated", "tags", "lastModified", "config", "safetensors"];

/** One page of models matching the query; `next` is the cursor of the following page, when there is one. */
export async function searchModels(source: HubSource, query: ModelQuery): Promise<{ models: ModelSummary[]; next?: string }> {
  const params = new URLSearchParams({ limit: String(query.limit ?? 20) });
  if (query.search) params.set("search", query.search);
  if (query.task) params.set("pipeline_tag", query.task);
  if (query.sort) params.set("sort", query.sort);
  if (query.sort) params.set("direction", "-1");
  if (query.cursor) params.set("cursor", query.cursor);
  for (const field of SUMMARY_FIELDS) params.append("expand", field);
  const subject = "the model search";
  const fetch = hubFetch(source, subject);
  let response: Response;
  try {
    response = await fetch(`${source.endpoint}/api/models?${params}`, {
      headers: { accept: "application/json", ...(source.token ? { authorization: `Bearer ${source.token}` } : {}) },
    });
  } catch (error) {
    throw hubError(error, subject);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw hubStatusError(response.status, subject, response.headers.get("retry-after"));
  }
  const page = z.array(summarySchema).safeParse(await response.json());
  if (!page.success) throw new AppError("unavailable", `The Hub answered the model search with an unexpected shape: ${page.error.message}`);
  const nextLink = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
  const next = nextLink ? (new URL(nextLink).searchParams.get("cursor") ?? undefined) : undefined;
  return { models: page.data.map(toSummary), ...(next ? { next } : {}) };
}

/** A model as the import form shows it: what it is, its license and gating, its parameters and its files' sizes. */
export async function modelDetails(source: HubSource, repo: string, revision: string): Promise<ModelDetails> {
  const fetch = hubFetch(source, repo);
  try {
    const info = await modelInfo({
      name: repo,
      revision,
      hubUrl: source.endpoint,
      additionalFields: ["sha", "config", "safetensors", "cardData", "library_name", "tags"],
      fetch,
      ...hubCredentials(source),
    });
    const files = (await filesAt(source, repo, info.sha, fetch)).map(({ path, bytes }) => ({ path, bytes }));
    const tags = info.tags ?? [];
    const license = info.cardData?.license;
    return {
      id: info.name,
      commit: info.sha,
      downloads: info.downloads,
      likes: info.likes,
      pipelineTag: info.task,
      libraryName: info.library_name,
      license: typeof license === "string" ? license : licenseFromTags(tags),
      gated: info.gated,
      tags,
      lastModified: Number.isNaN(info.updatedAt.getTime()) ? undefined : info.updatedAt.toISOString(),
      config: info.config ?? null,
      ...(info.safetensors ? { parameters: { byDtype: info.safetensors.parameters, total: info.safetensors.total } } : {}),
      files,
      bytesTotal: files.reduce((sum, file) => sum + file.bytes, 0),
    };
  } catch (error) {
    throw hubError(error, repo);
  }
}
