// A stand-in for the Hugging Face Hub that answers the part of its HTTP API Modelport uses (../shared/reference/
// hf-hub-api.md): model info with expand[], files under /resolve/<rev>/ with Range and the Hub's headers, 404 for an
// unknown repository or revision, 401/403 for a gated model's files without a token that may read them.
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface StandInModel {
  id: string;
  files: Record<string, string>;
  /** The Hub's safetensors summary, e.g. {parameters: {BF16: 8030261248}, total: 8030261248}. */
  safetensors?: unknown;
  /** "manual": files need a token listed in `tokens`. */
  gated?: false | "auto" | "manual";
  pipelineTag?: string;
}

export interface HubStandIn {
  url: string;
  /** Requests received, as "METHOD path". */
  requests: string[];
  close(): Promise<void>;
}

const sha = (text: string) => createHash("sha1").update(text).digest("hex");
const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
};

export async function startHubStandIn(models: StandInModel[], tokens: string[] = []): Promise<HubStandIn> {
  const byId = new Map(models.map((model) => [model.id, model]));
  const requests: string[] = [];
  const commit = (model: StandInModel) => sha(JSON.stringify(model.files));
  const authorised = (req: http.IncomingMessage) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    return token === undefined ? "none" : tokens.includes(token) ? "ok" : "denied";
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://hub");
    const path = decodeURIComponent(url.pathname);
    requests.push(`${req.method} ${path}`);
    const info = /^\/api\/models\/([^/]+\/[^/]+)(?:\/revision\/([^/]+))?$/.exec(path);
    if (info && req.method === "GET") {
      const model = byId.get(info[1]);
      if (!model) return json(res, 404, { error: "Repository not found" });
      const revision = info[2] ?? "main";
      if (!["main", "HEAD", commit(model)].includes(revision)) return json(res, 404, { error: `Invalid rev id: ${revision}` });
      const expand = url.searchParams.getAll("expand");
      const config = JSON.parse(model.files["config.json"] ?? "{}") as { architectures?: unknown; model_type?: unknown };
      return json(res, 200, {
        _id: sha(model.id).slice(0, 24),
        id: model.id,
        sha: commit(model),
        private: false,
        gated: model.gated ?? false,
        disabled: false,
        pipeline_tag: model.pipelineTag ?? "text-generation",
        likes: 1,
        downloads: 10,
        lastModified: "2024-07-23T00:00:00.000Z",
        ...(expand.includes("config") ? { config: { architectures: config.architectures, model_type: config.model_type } } : {}),
        ...(expand.includes("safetensors") && model.safetensors ? { safetensors: model.safetensors } : {}),
        siblings: Object.keys(model.files).map((rfilename) => ({ rfilename })),
      });
    }
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    if (resolve && (req.method === "GET" || req.method === "HEAD")) {
      const model = byId.get(resolve[1]);
      if (!model) return json(res, 404, { error: "Repository not found" });
      if (!["main", "HEAD", commit(model)].includes(resolve[2])) return json(res, 404, { error: `Invalid rev id: ${resolve[2]}` });
      if (model.gated === "manual") {
        const access = authorised(req);
        if (access === "none")
          return json(res, 401, { error: `Access to model ${model.id} is restricted. You must be authenticated to access it.` });
        if (access === "denied")
          return json(res, 403, { error: `Access to model ${model.id} is restricted and you are not in the authorized list.` });
      }
      const content = model.files[resolve[3]];
      if (content === undefined) return json(res, 404, { error: "Entry not found" });
      const body = Buffer.from(content);
      const headers: Record<string, string> = {
        "x-repo-commit": commit(model),
        etag: `"${sha(content)}"`,
        "accept-ranges": "bytes",
        "content-type": "application/octet-stream",
      };
      const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
      if (range) {
        const start = Number(range[1]);
        const end = Math.min(range[2] ? Number(range[2]) : body.length - 1, body.length - 1);
        const part = body.subarray(start, end + 1);
        res.writeHead(206, { ...headers, "content-range": `bytes ${start}-${end}/${body.length}`, "content-length": String(part.length) });
        return res.end(req.method === "HEAD" ? undefined : part);
      }
      res.writeHead(200, { ...headers, "content-length": String(body.length) });
      return res.end(req.method === "HEAD" ? undefined : body);
    }
    json(res, 404, { error: "Not found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
