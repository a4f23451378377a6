// A LiteLLM proxy's model management endpoints, as its documentation describes them: POST /model/new, /model/update,
// /model/delete and GET /model/info, behind the master key (401 in LiteLLM's error shape otherwise). Tests can make
// it fail every call for a while, to see what Modelport does when the proxy layer is down.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface StoredModel {
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info: { id: string } & Record<string, unknown>;
}

export interface LiteLLMStandIn {
  url: string;
  models: Map<string, StoredModel>;
  /** Every call made, as "METHOD path". */
  calls: string[];
  /** While set, every call answers this status. */
  failWith?: number;
  close(): Promise<void>;
}

export async function startLiteLLMStandIn(masterKey: string): Promise<LiteLLMStandIn> {
  const state: LiteLLMStandIn = { url: "", models: new Map(), calls: [], close: async () => undefined };
  const error = (res: http.ServerResponse, status: number, message: string, type: string) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message, type, param: "None", code: String(status) } }));
  };
  const ok = (res: http.ServerResponse, body: unknown) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (chunk: Buffer) => parts.push(chunk));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0];
      state.calls.push(`${req.method} ${path}`);
      if (req.headers.authorization !== `Bearer ${masterKey}`) {
        return error(res, 401, "Authentication Error, Invalid proxy server token passed.", "auth_error");
      }
      if (state.failWith) return error(res, state.failWith, "Internal Server Error", "internal_server_error");
      let body: Record<string, any>;
      try {
        body = parts.length ? JSON.parse(Buffer.concat(parts).toString()) : {};
      } catch {
        return error(res, 400, "Invalid JSON", "bad_request_error");
      }
      if (req.method === "GET" && path === "/model/info") return ok(res, { data: [...state.models.values()] });
      if (req.method !== "POST") return error(res, 405, "Method Not Allowed", "bad_request_error");
      if (path === "/model/new") {
        if (!body.model_name || !body.litellm_params?.model)
          return error(res, 400, "model_name and litellm_params.model are required", "bad_request_error");
        const id = body.model_info?.id ?? randomUUID();
        const stored = { model_name: body.model_name, litellm_params: body.litellm_params, model_info: { ...body.model_info, id } };
        state.models.set(id, stored);
        return ok(res, stored);
      }
      if (path === "/model/update") {
        const current = state.models.get(body.model_info?.id);
        if (!current) return error(res, 400, `Model with id=${body.model_info?.id} not found`, "bad_request_error");
        const updated = {
          model_name: body.model_name ?? current.model_name,
          litellm_params: { ...current.litellm_params, ...body.litellm_params },
          model_info: { ...current.model_info, ...body.model_info },
        };
        state.models.set(current.model_info.id, updated);
        return ok(res, updated);
      }
      if (path === "/model/delete") {
        if (!state.models.delete(body.id)) return error(res, 400, `Model with id=${body.id} not found in db`, "bad_request_error");
        return ok(res, { message: `Model: ${body.id} deleted successfully` });
      }
      return error(res, 404, "Not Found", "not_found_error");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}
