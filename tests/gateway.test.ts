// The gateway's fast path end to end: a real HTTP server with the custom server's request listener, the sandbox
// cluster's simulated model servers behind it (and, in the second suite, upstreams of our own through the URL
// templates), tenants' users calling their deployments by name, and everything else answered in OpenAI's error shape.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";
import { chatModel, createDeployments, iris, startGatewayServer, waitReady } from "./gateway-support";
import { call } from "./http";

describe("the gateway in front of the sandbox's model servers", () => {
  let harness: Harness;
  let gateway: { url: string; close(): Promise<void> };
  let alice: string;
  let bob: string;
  let victor: string;

  const post = (path: string, token: string | undefined, body: unknown, headers: Record<string, string> = {}) =>
    fetch(gateway.url + path, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    harness = await startHarness("pglite");
    [alice, bob, victor] = await Promise.all([harness.tokenFor("alice"), harness.tokenFor("bob"), harness.tokenFor("victor")]);
    gateway = await startGatewayServer();
    await createDeployments(alice, { ...chatModel, name: "chat-a" });
    await createDeployments(alice, { ...iris, name: "iris" });
    await createDeployments(bob, { ...chatModel, namespace: "tenant-b", name: "chat-b" });
    await Promise.all([waitReady(alice, "tenant-a", "chat-a"), waitReady(alice, "tenant-a", "iris"), waitReady(bob, "tenant-b", "chat-b")]);
  }, 60_000);
  afterAll(async () => {
    await gateway?.close();
    await harness?.stop();
  });

  it("answers a tenant's user by the deployment's name, with OpenAI's body and usage", async () => {
    const response = await post("/v1/chat/completions", alice, { model: "chat-a", messages: [{ role: "user", content: "Hello!" }] });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    // A client's own request id comes back, on an answer and on an error alike.
    for (const model of ["chat-a", "no-such-model"]) {
      const traced = await post(
        "/v1/chat/completions",
        alice,
        { model, messages: [{ role: "user", content: "hi" }] },
        { "x-request-id": "trace-42" },
      );
      expect(traced.headers.get("x-request-id"), model).toBe("trace-42");
    }
    const body = await response.json();
    expect(body).toMatchObject({ object: "chat.completion", choices: [{ message: { role: "assistant" } }] });
    expect(body.usage.prompt_tokens).toBeGreaterThan(0);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
    // The qualified name reaches the same model; a viewer of the tenant may call it too.
    const qualified = await post("/v1/completions", victor, { model: "tenant-a/chat-a", prompt: "Once upon a time" });
    expect(qualified.status).toBe(200);
    expect((await qualified.json()).object).toBe("text_completion");
  });

  it("streams chunk by chunk, marked so nothing in between buffers it", async () => {
    const response = await post("/v1/chat/completions", alice, {
      model: "chat-a",
      stream: true,
      max_tokens: 40,
      messages: [{ role: "user", content: "Tell me a long story about a gateway" }],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("cache-control")).toContain("no-transform");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    const arrivals: number[] = [];
    let text = "";
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      arrivals.push(performance.now());
      text += decoder.decode(chunk, { stream: true });
    }
    const events = text.split("\n\n").filter((event) => event.startsWith("data: "));
    expect(events.at(-1)).toBe("data: [DONE]");
    expect(events.length).toBeGreaterThan(10);
    // Tokens leave the model server 2 ms apart: they must arrive spread out as they were sent, not in one burst.
    expect(arrivals.length).toBeGreaterThan(5);
    expect(arrivals.at(-1)! - arrivals[0]).toBeGreaterThanOrEqual(events.length - 2);
  });

  it("sends a KServe model's prediction to its predictor", async () => {
    const response = await post("/models/iris/predict", alice, { instances: [[6.8, 2.8, 4.8, 1.4]] });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ predictions: [1] });
  });

  it("lists for each caller only what its tenants can call with OpenAI's API", async () => {
    const list = async (token: string) => {
      const response = await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body.object).toBe("list");
      return body.data.map((model: { id: string }) => model.id);
    };
    expect(await list(alice)).toEqual(["chat-a"]);
    expect(await list(bob)).toEqual(["chat-b"]);
  });

  it("answers another tenant's model exactly as a missing one, by either name", async () => {
    for (const model of ["chat-a", "tenant-a/chat-a", "no-such-model", "tenant-b/nothing"]) {
      const response = await post("/v1/chat/completions", bob, { model, messages: [{ role: "user", content: "hi" }] });
      expect(response.status, model).toBe(404);
      const body = await response.json();
      expect(body.error).toMatchObject({ type: "invalid_request_error", code: "model_not_found" });
      expect(body.error.message).toContain(model);
    }
    const predict = await post("/models/iris/predict", bob, { instances: [[1, 2, 3, 4]] });
    expect(predict.status).toBe(404);
  });

  it("refuses callers without valid credentials in OpenAI's error shape", async () => {
    const anonymous = await post("/v1/chat/completions", undefined, { model: "chat-a", messages: [] });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await anonymous.json()).error).toMatchObject({ type: "authentication_error", code: "invalid_api_key" });
    const forged = await post("/v1/chat/completions", "not.a.token", { model: "chat-a", messages: [] });
    expect(forged.status).toBe(401);
    const models = await fetch(`${gateway.url}/v1/models`);
    expect(models.status).toBe(401);
  });

  it.each([
    ["a body that is not JSON", "/v1/chat/completions", "{not json", 400, /parse the JSON/],
    ["a JSON array", "/v1/chat/completions", "[]", 400, /JSON object/],
    ["no model", "/v1/embeddings", { input: "x" }, 400, /provide a model/],
    [
      "a chat request to a traditional model",
      "/v1/chat/completions",
      { model: "iris", messages: [] },
      400,
      /traditional model.*\/models\/iris\/predict/,
    ],
    ["a prediction for an OpenAI model", "/models/chat-a/predict", { instances: [[1]] }, 400, /serves OpenAI's API/],
    ["an unknown route", "/v1/moderations", { model: "chat-a" }, 404, /Unknown route/],
  ])("refuses %s with a 4xx that says why", async (_label, path, body, status, message) => {
    const response = await post(path, alice, body);
    expect(response.status).toBe(status);
    const { error } = await response.json();
    expect(error.message).toMatch(message);
    expect(error.type).toBe("invalid_request_error");
  });

  it("refuses a wrong method and an oversized body before reading it", async () => {
    const get = await fetch(`${gateway.url}/v1/chat/completions`, { headers: { authorization: `Bearer ${alice}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    const big = await post("/v1/chat/completions", alice, Buffer.alloc(17 * 1024 * 1024, 0x20).toString());
    expect(big.status).toBe(413);
  });

  it("passes the model server's own errors through", async () => {
    // chat-a has no TextEmbedding feature: KubeAI's server refuses the request itself.
    const response = await post("/v1/embeddings", alice, { model: "chat-a", input: "hello" });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect((await response.json()).error.message).toBeTruthy();
  });

  it("wakes a model scaled to zero and holds the request until it answers", async () => {
    await createDeployments(alice, { ...chatModel, name: "sleepy", minReplicas: 0, replicas: 0 });
    await expect
      .poll(async () => (await call("GET", "/api/v1/deployments/tenant-a/sleepy", { token: alice })).body.status, { timeout: 10_000 })
      .toBe("ScaledToZero");
    const response = await post("/v1/chat/completions", alice, { model: "sleepy", messages: [{ role: "user", content: "wake up" }] });
    expect(response.status).toBe(200);
    expect((await call("GET", "/api/v1/deployments/tenant-a/sleepy", { token: alice })).body.replicaStatus.ready).toBeGreaterThan(0);
  });

  it("refuses a stopped model without waking it, from the moment it is stopped", async () => {
    await createDeployments(alice, { ...chatModel, name: "stopped" });
    await waitReady(alice, "tenant-a", "stopped");
    // Called once first, so the gateway holds the running deployment's facts: the stop must replace them at once.
    expect((await post("/v1/chat/completions", alice, { model: "stopped", messages: [{ role: "user", content: "hi" }] })).status).toBe(200);
    expect((await call("POST", "/api/v1/deployments/tenant-a/stopped/stop", { token: alice })).status).toBe(200);
    const response = await post("/v1/chat/completions", alice, { model: "stopped", messages: [] });
    expect(response.status).toBe(503);
    expect((await response.json()).error.message).toMatch(/stopped/i);
  });

  it("keeps what it knows current by a watch: a deployment made or removed outside Modelport reaches the next request", async () => {
    const { getCluster } = await import("@/lib/k8s/cluster");
    const { createModel, deleteModel, getModel } = await import("@/lib/k8s/kubeai-model-api");
    const { deploymentWatchIsOpen } = await import("@/lib/services/deployment-facts");
    const ask = (model: string) => post("/v1/chat/completions", alice, { model, messages: [{ role: "user", content: "hi" }] });
    /** Milliseconds from now to the sending of the first request whose status passes `wanted` (requests 50 ms apart). */
    const firstSent = async (model: string, wanted: (status: number) => boolean) => {
      const started = performance.now();
      for (;;) {
        const sent = performance.now();
        if (wanted((await ask(model)).status)) return sent - started;
        if (sent - started > 10_000) throw new Error(`${model} never answered as wanted`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    expect((await ask("chat-a")).status).toBe(200);
    for (let waited = 0; !deploymentWatchIsOpen("tenant-a"); waited += 20) {
      expect(waited).toBeLessThan(5000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Known missing...
    expect((await ask("made-elsewhere")).status).toBe(404);
    // ...until kubectl makes it (straight to the cluster, so Modelport forgets nothing on its own account). Without the
    // watch, a deployment found missing is believed for two seconds and one found is looked up again every two.
    const cluster = getCluster();
    const { apiVersion, kind, spec } = await getModel(cluster, "tenant-a", "chat-a");
    await createModel(cluster, { apiVersion, kind, metadata: { name: "made-elsewhere", namespace: "tenant-a" }, spec });
    expect(await firstSent("made-elsewhere", (status) => status !== 404)).toBeLessThan(1000);
    await deleteModel(cluster, "tenant-a", "made-elsewhere");
    expect(await firstSent("made-elsewhere", (status) => status === 404)).toBeLessThan(1000);
    const response = await ask("made-elsewhere");
    expect((await response.json()).error.message).toMatch(/does not exist or you do not have access to it/);
  });

  it("leaves every other path to Next", async () => {
    const response = await fetch(`${gateway.url}/deployments`);
    expect(response.status).toBe(418);
  });
});

describe("the gateway with upstream URL templates", () => {
  let harness: Harness;
  let gateway: { url: string; close(): Promise<void> };
  let upstream: http.Server;
  let alice: string;
  const seen: Array<{ path: string; authorization?: string; model?: string }> = [];
  let streamClosedEarly: () => void = () => {};
  let connections = 0;
  let dropping: http.Server;

  beforeAll(async () => {
    upstream = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString() || "{}");
        seen.push({ path: req.url ?? "", authorization: req.headers.authorization, model: body.model });
        if (req.url?.startsWith("/tenant-a/slow/")) return; // never answers
        if (req.url?.startsWith("/tenant-a/hinting/")) res.writeEarlyHints({ link: "</style.css>; rel=preload; as=style" });
        if (req.url?.startsWith("/tenant-a/thinking/")) {
          // A model still reading a long prompt: the head at once, the first event 800 ms later.
          res.writeHead(200, { "content-type": "text/event-stream" });
          res.flushHeaders();
          setTimeout(() => res.end(`data: {"choices":[{"delta":{"content":"x"}}]}\n\ndata: [DONE]\n\n`), 800);
          return;
        }
        if (body.stream) {
          res.writeHead(200, { "content-type": "text/event-stream" });
          const timer = setInterval(() => res.write(`data: {"choices":[{"delta":{"content":"x"}}]}\n\n`), 10);
          res.on("close", () => {
            clearInterval(timer);
            if (!res.writableFinished) streamClosedEarly();
          });
          return;
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            object: "chat.completion",
            model: body.model,
            choices: [],
            usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const port = (upstream.address() as AddressInfo).port;
    // A listener that takes each connection and drops it at once: what a restarting server looks like.
    dropping = http.createServer();
    dropping.on("connection", (socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => dropping.listen(0, "127.0.0.1", resolve));
    const droppingPort = (dropping.address() as AddressInfo).port;
    harness = await startHarness("pglite", {
      MODELPORT_UPSTREAM_KUBEAI: `http://127.0.0.1:${port}/{namespace}/{name}/openai`,
      MODELPORT_UPSTREAM_KSERVE: `http://127.0.0.1:${droppingPort}/{namespace}/{name}`,
    });
    alice = await harness.tokenFor("alice");
    gateway = await startGatewayServer();
    await createDeployments(alice, { ...chatModel, name: "templated" });
    await createDeployments(alice, { ...chatModel, name: "slow", proxy: { timeout: 1 } });
    await createDeployments(alice, { ...chatModel, name: "thinking" });
    await createDeployments(alice, { ...chatModel, name: "hinting" });
    await createDeployments(alice, { ...iris, name: "dropped", proxy: { max_retries: 3 } });
    afterAll(() => new Promise<void>((resolve) => dropping.close(() => resolve())));
  }, 60_000);
  afterAll(async () => {
    await gateway?.close();
    await harness?.stop();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  const post = (path: string, body: unknown, signal?: AbortSignal) =>
    fetch(gateway.url + path, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${alice}` },
      body: JSON.stringify(body),
      signal,
    });

  it("sends the request to the template's URL with the Model's name, never the caller's credentials", async () => {
    const response = await post("/v1/chat/completions", { model: "templated", messages: [] });
    expect(response.status).toBe(200);
    expect(seen.at(-1)).toEqual({ path: "/tenant-a/templated/openai/v1/chat/completions", authorization: undefined, model: "templated" });
  });

  it("cancels the upstream request when the client leaves a stream", async () => {
    const closed = new Promise<void>((resolve) => (streamClosedEarly = resolve));
    const controller = new AbortController();
    const response = await post("/v1/chat/completions", { model: "templated", stream: true, messages: [] }, controller.signal);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    await expect(
      Promise.race([closed.then(() => "closed"), new Promise((resolve) => setTimeout(() => resolve("still open"), 3000))]),
    ).resolves.toBe("closed");
  });

  it("passes a stream's head on at once when its first event is slow to come", async () => {
    const began = Date.now();
    const response = await post("/v1/chat/completions", { model: "thinking", stream: true, messages: [] });
    const headAfter = Date.now() - began;
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(headAfter).toBeLessThan(600);
    expect(await response.text()).toContain("[DONE]");
    expect(Date.now() - began).toBeGreaterThanOrEqual(750);
  });

  it("answers 504 when the model does not answer within the deployment's timeout", async () => {
    const began = Date.now();
    const response = await post("/v1/chat/completions", { model: "slow", messages: [] });
    expect(response.status).toBe(504);
    expect((await response.json()).error).toMatchObject({ type: "upstream_error", code: "timeout" });
    expect(Date.now() - began).toBeGreaterThanOrEqual(900);
  });

  it("passes on the real answer after an informational one (103 Early Hints)", async () => {
    const response = await post("/v1/chat/completions", { model: "hinting", messages: [] });
    expect(response.status).toBe(200);
    expect((await response.json()).object).toBe("chat.completion");
  });

  it("does not retry a request a server took and then dropped (it may have acted on it): 502 after one connection", async () => {
    const before = connections;
    const response = await post("/models/dropped/predict", { instances: [[1, 2, 3, 4]] });
    expect(response.status).toBe(502);
    expect((await response.json()).error.message).toMatch(/^The model's server failed/);
    expect(connections - before).toBe(1);
  });

  it("retries a refused connection max_retries times, 50, 100 and 200 ms apart, then answers 502", async () => {
    await new Promise<void>((resolve) => dropping.close(() => resolve()));
    const began = Date.now();
    const response = await post("/models/dropped/predict", { instances: [[1, 2, 3, 4]] });
    expect(response.status).toBe(502);
    expect((await response.json()).error.message).toMatch(/could not be reached \(ECONNREFUSED\) after 4 attempts/);
    expect(Date.now() - began).toBeGreaterThanOrEqual(350);
  });
});
