// A stand-in for the Hugging Face Hub that answers the part of its HTTP API Modelport uses (../shared/reference/
// hf-hub-api.md): model search with cursor paging, model info with expand[], the recursive tree with LFS oids, files
// under /resolve/<rev>/ with Range and the Hub's headers (LFS files by a redirect to a CDN path), 404 for an unknown
// repository, revision or file, 401/403 for a gated model's files without a token that may read them. Tests can make
// a path answer 429 for a while, and make a file transfer stall or break part-way.
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  bodyChunks,
  bodySize,
  contentFingerprint,
  DEFAULT_DATE,
  describeFile,
  lfsPointer,
  modelFields,
  tagsOf,
  treeEntries,
  type FileBody,
  type FileFacts,
  type StandInModel,
} from "./hub-repos";

export type { FileBody, StandInModel } from "./hub-repos";

export interface StandInOptions {
  /** The hostname LFS redirects point at: "localhost" makes the CDN another origin than the Hub at 127.0.0.1. */
  cdnHostname?: string;
  /** Entries per page of a tree listing; the real Hub pages at 1000. */
  treePageSize?: number;
  /** A fixed port (e2e servers are configured before it starts); any free one when absent. */
  port?: number;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  query: string;
  host: string;
  withToken: boolean;
  range?: string;
}

export interface TransferFault {
  /** Bytes of the body sent before the fault. */
  afterBytes: number;
  /** "stall": stop sending and keep the connection open; "destroy": close the socket. */
  mode: "stall" | "destroy";
  /** How many transfers of the file it applies to, 1 unless told. */
  times?: number;
}

export interface HubStandIn {
  url: string;
  /** Requests received, as "METHOD path". */
  requests: string[];
  received: ReceivedRequest[];
  /** The next `times` requests to `path` (decoded, without query, e.g. /api/models/org/name/tree/main) answer 429. */
  throttle(path: string, times: number, retryAfterSeconds?: number): void;
  /** The next transfers of a file's bytes (from /resolve or the CDN) break as `fault` says. */
  interrupt(repo: string, path: string, fault: TransferFault): void;
  /** What the tree says of a file: size, git oid, LFS sha256. */
  facts(repo: string, path: string): Promise<FileFacts>;
  close(): Promise<void>;
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.req.method === "HEAD") return void res.writeHead(status, headers).end();
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

/** Errors as the Hub gives them: a JSON message, and X-Error-Code / X-Error-Message that HEAD answers keep. */
function fail(res: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  send(res, status, { error: message }, { ...headers, "x-error-code": code, "x-error-message": message });
}

const encodePath = (path: string) => path.split("/").map(encodeURIComponent).join("/");
const cursorOf = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString("base64url");
const offsetOf = (cursor: string | null) => (cursor ? Number(JSON.parse(Buffer.from(cursor, "base64url").toString()).offset) : 0);

/** One page of `items` and, when more follow, the Link header pointing at the next page by cursor. */
function page<T>(req: http.IncomingMessage, url: URL, items: T[], size: number): { items: T[]; headers: Record<string, string> } {
  const offset = offsetOf(url.searchParams.get("cursor"));
  if (offset + size >= items.length) return { items: items.slice(offset), headers: {} };
  const next = new URL(url.pathname + url.search, `http://${req.headers.host}`);
  next.searchParams.set("cursor", cursorOf(offset + size));
  return { items: items.slice(offset, offset + size), headers: { link: `<${next.href}>; rel="next"` } };
}

const pick = (fields: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(Object.entries(fields).filter(([key]) => ["_id", "id", ...keys].includes(key)));

const SUMMARY_KEYS = ["modelId", "likes", "downloads", "private", "pipeline_tag", "library_name", "tags", "createdAt"];
const FULL_KEYS = ["lastModified", "gated", "disabled", "sha", "author", "siblings"];

function searchModels(models: StandInModel[], query: URLSearchParams): StandInModel[] {
  const search = query.get("search")?.toLowerCase();
  const author = query.get("author");
  const filters = query.getAll("filter").flatMap((filter) => filter.split(","));
  const task = query.get("pipeline_tag");
  const found = models.filter(
    (model) =>
      (!search || model.id.toLowerCase().includes(search)) &&
      (!author || model.id.startsWith(`${author}/`)) &&
      (!task || (model.pipelineTag ?? "text-generation") === task) &&
      filters.every((filter) => tagsOf(model).includes(filter)),
  );
  const sort = query.get("sort");
  if (!sort) return found;
  const direction = query.get("direction") === "1" ? 1 : -1;
  const key = (model: StandInModel) =>
    ({ downloads: model.downloads ?? 10, likes: model.likes ?? 1, lastModified: model.lastModified ?? DEFAULT_DATE, id: model.id })[sort] ??
    0;
  return [...found].sort((a, b) => (key(a) < key(b) ? -direction : key(a) > key(b) ? direction : 0));
}

/** "bytes=a-b", "bytes=a-" or "bytes=-n" against a file of `size`; undefined when there is no usable Range. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | "unsatisfiable" | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header ?? "");
  if (!match || (match[1] === "" && match[2] === "")) return undefined;
  const start = match[1] === "" ? Math.max(0, size - Number(match[2])) : Number(match[1]);
  const end = match[1] === "" || match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start >= size || end < start ? "unsatisfiable" : { start, end };
}

const drained = (res: http.ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });

/** Sends a file's bytes (honouring Range), streamed in chunks with back-pressure, breaking as `fault` says. */
async function serveBytes(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: FileBody,
  headers: Record<string, string>,
  fault?: TransferFault,
) {
  const size = bodySize(body);
  const range = parseRange(req.headers.range, size);
  if (range === "unsatisfiable")
    return fail(res, 416, "RangeNotSatisfiable", "Requested Range Not Satisfiable", { "content-range": `bytes */${size}` });
  const { start, end } = range ?? { start: 0, end: size - 1 };
  res.writeHead(range ? 206 : 200, {
    ...headers,
    "accept-ranges": "bytes",
    "content-type": "application/octet-stream",
    "content-length": String(end + 1 - start),
    ...(range ? { "content-range": `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === "HEAD") return res.end();
  let sent = 0;
  for (const chunk of bodyChunks(body, start, end + 1)) {
    if (res.destroyed) return;
    if (fault && sent + chunk.length >= fault.afterBytes) {
      const last = chunk.subarray(0, fault.afterBytes - sent);
      // A stalled transfer keeps its socket open until the client gives up or the stand-in closes.
      if (fault.mode === "destroy") res.write(last, () => res.destroy());
      else res.write(last);
      return;
    }
    sent += chunk.length;
    if (!res.write(chunk)) await drained(res);
  }
  res.end();
}

export async function startHubStandIn(models: StandInModel[], tokens: string[] = [], options: StandInOptions = {}): Promise<HubStandIn> {
  const byId = new Map(models.map((model) => [model.id, model]));
  const requests: string[] = [];
  const received: ReceivedRequest[] = [];
  const throttled = new Map<string, { times: number; retryAfterSeconds: number }>();
  const faults = new Map<string, TransferFault & { times: number }>();
  const commits = new Map(models.map((model) => [model.id, sha1(`${model.id}\0${contentFingerprint(model.files)}`)]));
  const factsByFile = new Map<string, Promise<FileFacts>>();

  const factsOf = (model: StandInModel, path: string) => {
    const key = `${model.id}/${path}`;
    const known = factsByFile.get(key) ?? describeFile(path, model.files[path]);
    factsByFile.set(key, known);
    return known;
  };
  const allFacts = async (model: StandInModel) =>
    new Map(await Promise.all(Object.keys(model.files).map(async (path) => [path, await factsOf(model, path)] as const)));
  const takeFault = (repo: string, path: string) => {
    const fault = faults.get(`${repo}/${path}`);
    if (fault && --fault.times <= 0) faults.delete(`${repo}/${path}`);
    return fault;
  };

  /** The model at a revision the Hub knows (a branch or its commit), or an answered 404. */
  const findModel = (res: http.ServerResponse, id: string, revision: string) => {
    const model = byId.get(id);
    if (!model) return void fail(res, 404, "RepoNotFound", "Repository not found");
    if (!["main", "HEAD", commits.get(id)].includes(revision))
      return void fail(res, 404, "RevisionNotFound", `Invalid rev id: ${revision}`);
    return model;
  };
  /** Gated models: 401 without a token, 403 with one that has not been granted access, as the Hub answers. */
  const mayRead = (req: http.IncomingMessage, res: http.ServerResponse, model: StandInModel) => {
    if (!model.gated) return true;
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (token !== undefined && tokens.includes(token)) return true;
    if (token === undefined)
      fail(
        res,
        401,
        "GatedRepo",
        `Access to model ${model.id} is restricted. You must have access to it and be authenticated to access it. Please log in.`,
      );
    else
      fail(
        res,
        403,
        "GatedRepo",
        `Access to model ${model.id} is restricted and you are not in the authorized list. Visit https://huggingface.co/${model.id} to ask for access.`,
      );
    return false;
  };

  async function answerInfo(url: URL, res: http.ServerResponse, model: StandInModel) {
    const commit = commits.get(model.id) ?? "";
    const facts = url.searchParams.get("blobs") === "true" ? await allFacts(model) : undefined;
    const siblings = Object.keys(model.files).map((rfilename) => {
      const file = facts?.get(rfilename);
      return file
        ? {
            rfilename,
            blobId: file.gitOid,
            size: file.size,
            ...(file.lfs ? { lfs: { sha256: file.lfs.oid, size: file.lfs.size, pointerSize: file.lfs.pointerSize } } : {}),
          }
        : { rfilename };
    });
    const fields = modelFields(model, commit, siblings);
    const expand = url.searchParams.getAll("expand");
    send(res, 200, expand.length > 0 ? pick(fields, expand) : fields);
  }

  function answerSearch(req: http.IncomingMessage, url: URL, res: http.ServerResponse) {
    const query = url.searchParams;
    const found = searchModels(models, query);
    const limit = Math.min(Number(query.get("limit") ?? 1000) || 1000, 1000);
    const { items, headers } = page(req, url, found, limit);
    const expand = query.getAll("expand");
    const summaries = items.map((model) => {
      const fields = modelFields(
        model,
        commits.get(model.id) ?? "",
        Object.keys(model.files).map((rfilename) => ({ rfilename })),
      );
      if (expand.length > 0) return pick(fields, expand);
      const keys = [
        ...SUMMARY_KEYS,
        ...(query.get("full") === "true" ? FULL_KEYS : []),
        ...(query.get("config") === "true" ? ["config"] : []),
      ];
      return pick(fields, keys);
    });
    send(res, 200, summaries, headers);
  }

  async function answerFile(req: http.IncomingMessage, res: http.ServerResponse, model: StandInModel, endpoint: string, path: string) {
    if (!mayRead(req, res, model)) return;
    const body = model.files[path];
    if (body === undefined) return fail(res, 404, "EntryNotFound", `Entry not found: ${path}`);
    const facts = await factsOf(model, path);
    const commit = commits.get(model.id) ?? "";
    if (facts.lfs && endpoint === "raw")
      return serveBytes(req, res, lfsPointer(facts.lfs.oid, facts.size), { "x-repo-commit": commit, etag: `"${facts.gitOid}"` });
    if (!facts.lfs)
      return serveBytes(
        req,
        res,
        body,
        { "x-repo-commit": commit, etag: `"${facts.gitOid}"` },
        req.method === "GET" ? takeFault(model.id, path) : undefined,
      );
    // LFS files are served by the CDN: the Hub answers with their headers and a redirect to a signed URL.
    const cdn = new URL(`/cdn/${model.id}/${encodePath(path)}?oid=${facts.lfs.oid}`, `http://${req.headers.host}`);
    if (options.cdnHostname) cdn.hostname = options.cdnHostname;
    res.writeHead(302, {
      location: cdn.href,
      "x-repo-commit": commit,
      etag: `"${facts.lfs.oid}"`,
      "x-linked-etag": `"${facts.lfs.oid}"`,
      "x-linked-size": String(facts.size),
      "content-type": "text/plain; charset=utf-8",
    });
    res.end(req.method === "HEAD" ? undefined : `Found. Redirecting to ${cdn.href}`);
  }

  /** The CDN trusts its signed URL, not a token: the oid in the query must be the file's. */
  async function answerCdn(req: http.IncomingMessage, url: URL, res: http.ServerResponse, id: string, path: string) {
    const model = byId.get(id);
    const body = model?.files[path];
    if (!model || body === undefined) return fail(res, 403, "AccessDenied", "Access Denied");
    const facts = await factsOf(model, path);
    if (facts.lfs?.oid !== url.searchParams.get("oid")) return fail(res, 403, "AccessDenied", "Access Denied");
    await serveBytes(req, res, body, { etag: `"${facts.lfs?.oid}"` }, req.method === "GET" ? takeFault(id, path) : undefined);
  }

  async function answer(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", "http://hub");
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? "GET";
    requests.push(`${method} ${path}`);
    received.push({
      method,
      path,
      query: url.search,
      host: req.headers.host ?? "",
      withToken: Boolean(req.headers.authorization),
      range: req.headers.range,
    });
    const limit = throttled.get(path);
    if (limit && limit.times-- > 0) {
      return fail(res, 429, "RateLimited", "You have been rate-limited; retry later", { "retry-after": String(limit.retryAfterSeconds) });
    }
    const readable = method === "GET" || method === "HEAD";
    if (path === "/api/models" && method === "GET") return answerSearch(req, url, res);
    const info = /^\/api\/models\/([^/]+\/[^/]+)(?:\/revision\/([^/]+))?$/.exec(path);
    if (info && method === "GET") {
      const model = findModel(res, info[1], info[2] ?? "main");
      return model && answerInfo(url, res, model);
    }
    const tree = /^\/api\/models\/([^/]+\/[^/]+)\/tree\/([^/]+)(?:\/(.+))?$/.exec(path);
    if (tree && method === "GET") {
      const model = findModel(res, tree[1], tree[2]);
      if (!model) return;
      const entries = treeEntries(await allFacts(model), tree[3] ?? "", url.searchParams.get("recursive") === "true");
      if (!entries) return fail(res, 404, "EntryNotFound", `${tree[3]} does not exist on "${tree[2]}"`);
      const { items, headers } = page(req, url, entries, options.treePageSize ?? 1000);
      return send(res, 200, items, headers);
    }
    const file = /^\/([^/]+\/[^/]+)\/(resolve|raw)\/([^/]+)\/(.+)$/.exec(path);
    if (file && readable) {
      const model = findModel(res, file[1], file[3]);
      return model && answerFile(req, res, model, file[2], file[4]);
    }
    const cdn = /^\/cdn\/([^/]+\/[^/]+)\/(.+)$/.exec(path);
    if (cdn && readable) return answerCdn(req, url, res, cdn[1], cdn[2]);
    fail(res, 404, "NotFound", "Not found");
  }

  const server = http.createServer((req, res) => {
    answer(req, res).catch((error: unknown) => (res.headersSent ? res.destroy() : send(res, 500, { error: String(error) })));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    received,
    throttle: (path, times, retryAfterSeconds = 1) => void throttled.set(path, { times, retryAfterSeconds }),
    interrupt: (repo, path, fault) => void faults.set(`${repo}/${path}`, { ...fault, times: fault.times ?? 1 }),
    facts: async (repo, path) => {
      const model = byId.get(repo);
      if (!model || model.files[path] === undefined) throw new Error(`${repo} has no ${path}`);
      return factsOf(model, path);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Stalled transfers never end on their own.
        server.closeAllConnections();
      }),
  };
}
