// KubeAI's OpenAI-compatible API through the API server's service proxy (`kubeai` in namespace `kubeai`), over HTTPS
// with the sandbox's CA and token: the model list, routing by `model`, chat (whole and streamed), completions,
// embeddings, transcriptions, OpenAI's errors, and scaling a Model up from zero.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "./index";
import { clientsFor, GROUP, model, record, sandboxFetch, waitFor, type Clients } from "./testing";

let cluster: SandboxCluster;
let api: Clients;
const WAKE_TIMEOUT_MS = 800;

async function createModel(ns: string, name: string, spec: Record<string, unknown>): Promise<void> {
  await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: ns, body: model(name, spec) });
}

async function getModel(ns: string, name: string): Promise<Record<string, unknown>> {
  return record(await api.custom.getNamespacedCustomObject({ ...GROUP, namespace: ns, name }));
}

async function readyReplicas(ns: string, name: string): Promise<number> {
  const ready = record(record((await getModel(ns, name)).status ?? {}).replicas ?? {}).ready;
  return typeof ready === "number" ? ready : 0;
}

function kubeai(path: string, init: { body?: unknown; headers?: Record<string, string>; token?: null } = {}): Promise<Response> {
  const request: Parameters<typeof sandboxFetch>[2] = { method: init.body === undefined ? "GET" : "POST" };
  if (init.body !== undefined) {
    request.body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
    request.headers = init.headers ?? { "Content-Type": "application/json" };
  }
  if (init.token === null) request.token = null;
  return sandboxFetch(cluster, `${cluster.serviceProxyUrl("kubeai", "kubeai", "http")}/openai/v1${path}`, request);
}

async function post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await kubeai(path, { body });
  return { status: r.status, body: record(await r.json()) };
}

/** The `data:` payloads of a server-sent event stream, checking that each event is `data: …` and a blank line. */
async function events(response: Response): Promise<string[]> {
  const raw = await response.text();
  expect(raw.endsWith("\n\n")).toBe(true);
  return raw
    .slice(0, -2)
    .split("\n\n")
    .map((event) => {
      expect(event).toMatch(/^data: /);
      return event.slice("data: ".length);
    });
}

beforeAll(async () => {
  cluster = await startSandboxCluster({
    controller: { loadingDelayMs: 40, readyDelayMs: 80 },
    modelServers: { tokenDelayMs: 1, wakeTimeoutMs: WAKE_TIMEOUT_MS },
  });
  api = clientsFor(cluster);
  await Promise.all(["team-a", "team-b"].map((name) => api.core.createNamespace({ body: { metadata: { name } } })));
  await Promise.all([
    createModel("team-a", "chat", { replicas: 1 }),
    createModel("team-b", "chat", { replicas: 1, owner: "team-b" }),
    createModel("team-a", "embed", { engine: "Infinity", features: ["TextEmbedding"], replicas: 1 }),
    createModel("team-a", "whisper", { engine: "FasterWhisper", features: ["SpeechToText"], replicas: 1 }),
    createModel("team-b", "sleeper", { replicas: 0, minReplicas: 0 }),
    createModel("team-b", "frozen", { replicas: 0, autoscalingDisabled: true }),
  ]);
  for (const [ns, name] of [
    ["team-a", "chat"],
    ["team-b", "chat"],
    ["team-a", "embed"],
    ["team-a", "whisper"],
  ]) {
    await waitFor(async () => (await readyReplicas(ns, name)) > 0, 5000, `${ns}/${name} ready`);
  }
});
afterAll(() => cluster.close());

describe("KubeAI's OpenAI API behind the service proxy", () => {
  it("lists the Models with a feature (TextGeneration by default), naming a name taken twice by its namespace", async () => {
    const listed = record(await (await kubeai("/models")).json());
    const data = (listed.data as Record<string, unknown>[]).map((m) => [m.id, m.owned_by, m.features]);
    expect(listed.object).toBe("list");
    expect(data).toEqual([
      ["team-a/chat", "", ["TextGeneration"]],
      ["team-b/chat", "team-b", ["TextGeneration"]],
      ["frozen", "", ["TextGeneration"]],
      ["sleeper", "", ["TextGeneration"]],
    ]);
    const embedders = record(await (await kubeai("/models?feature=TextEmbedding")).json());
    expect(embedders.data).toEqual([
      { id: "embed", object: "model", owned_by: "", created: expect.any(Number), features: ["TextEmbedding"] },
    ]);
  });

  it("answers a chat completion echoing the prompt, with whitespace-token usage, max_tokens and n", async () => {
    const messages = [
      { role: "system", content: "be brief" },
      { role: "user", content: "tell me about sandboxes" },
    ];
    const whole = await post("/chat/completions", { model: "team-a/chat", messages });
    expect(whole.status).toBe(200);
    expect(whole.body).toMatchObject({
      object: "chat.completion",
      model: "team-a/chat",
      choices: [{ index: 0, message: { role: "assistant", content: "Echo: tell me about sandboxes" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 6, completion_tokens: 5, total_tokens: 11 },
    });
    expect(whole.body.id).toMatch(/^chatcmpl-/);
    const cut = await post("/chat/completions", { model: "team-a/chat", messages, max_tokens: 2, n: 2 });
    expect(cut.body.choices).toEqual([
      { index: 0, message: { role: "assistant", content: "Echo: tell", refusal: null }, logprobs: null, finish_reason: "length" },
      { index: 1, message: { role: "assistant", content: "Echo: me", refusal: null }, logprobs: null, finish_reason: "length" },
    ]);
    expect(cut.body.usage).toEqual({ prompt_tokens: 6, completion_tokens: 4, total_tokens: 10 });
  });

  it("streams a chat completion one token per chunk, then the usage chunk when asked for, then [DONE]", async () => {
    const body = { model: "team-b/chat", messages: [{ role: "user", content: "stream this please" }], stream: true };
    const response = await kubeai("/chat/completions", { body: { ...body, stream_options: { include_usage: true } } });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const data = await events(response);
    expect(data[data.length - 1]).toBe("[DONE]");
    const chunks = data.slice(0, -1).map((d) => record(JSON.parse(d)));
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks.every((c) => c.object === "chat.completion.chunk" && c.model === "team-b/chat")).toBe(true);
    const choices = chunks.slice(0, -1).map((c) => record((c.choices as unknown[])[0]));
    expect(choices[0].delta).toEqual({ role: "assistant", content: "" });
    const content = choices.map((c) => record(c.delta).content ?? "").join("");
    expect(content).toBe("Echo: stream this please");
    // The opening chunk, one per token, the finishing chunk.
    expect(choices).toHaveLength(1 + 4 + 1);
    expect(choices.slice(0, -1).every((c) => c.finish_reason === null)).toBe(true);
    expect(choices[choices.length - 1]).toMatchObject({ delta: {}, finish_reason: "stop" });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(chunks[chunks.length - 1]).toMatchObject({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } });

    const plain = (await events(await kubeai("/chat/completions", { body }))).slice(0, -1).map((d) => record(JSON.parse(d)));
    expect(plain).toHaveLength(6);
    expect(plain.some((c) => "usage" in c)).toBe(false);
  });

  it("answers text completions with OpenAI's default of 16 tokens", async () => {
    const prompt = Array.from({ length: 30 }, (_, i) => `w${i}`).join(" ");
    const done = await post("/completions", { model: "team-a/chat", prompt });
    expect(done.body).toMatchObject({ object: "text_completion", choices: [{ index: 0, finish_reason: "length" }] });
    expect(String(record((done.body.choices as unknown[])[0]).text).split(" ")).toHaveLength(16);
    expect(done.body.usage).toEqual({ prompt_tokens: 30, completion_tokens: 16, total_tokens: 46 });
  });

  it("embeds each input as a deterministic unit vector, 8 dimensions unless asked otherwise", async () => {
    const first = await post("/embeddings", { model: "embed", input: ["alpha beta", "gamma"] });
    expect(first).toMatchObject({ status: 200, body: { object: "list", model: "embed", usage: { prompt_tokens: 3, total_tokens: 3 } } });
    const vectors = (first.body.data as Record<string, unknown>[]).map((d) => d.embedding as number[]);
    expect((first.body.data as Record<string, unknown>[]).map((d) => [d.object, d.index])).toEqual([
      ["embedding", 0],
      ["embedding", 1],
    ]);
    for (const v of vectors) {
      expect(v).toHaveLength(8);
      expect(Math.hypot(...v)).toBeCloseTo(1, 10);
    }
    expect(vectors[0]).not.toEqual(vectors[1]);
    const again = await post("/embeddings", { model: "team-a/embed", input: "alpha beta", dimensions: 4 });
    const short = record((again.body.data as unknown[])[0]).embedding as number[];
    expect(short).toHaveLength(4);
    expect((await post("/embeddings", { model: "embed", input: "alpha beta" })).body.data).toEqual([
      { object: "embedding", index: 0, embedding: vectors[0] },
    ]);
  });

  it("transcribes a multipart upload into text that depends on the file", async () => {
    const form = new FormData();
    form.append("model", "whisper");
    form.append("file", new Blob(["RIFF fake audio bytes"], { type: "audio/wav" }), "hello.wav");
    const encoded = new Request("http://multipart.invalid", { method: "POST", body: form });
    const multipart = { body: await encoded.text(), headers: { "Content-Type": encoded.headers.get("content-type") ?? "" } };
    const first = record(await (await kubeai("/audio/transcriptions", multipart)).json());
    expect(first.text).toMatch(/^Transcript of hello\.wav \(21 bytes\): [a-z ]+\.$/);
    expect(first.usage).toEqual({ type: "duration", seconds: 1 });
    expect(record(await (await kubeai("/audio/transcriptions", multipart)).json()).text).toBe(first.text);
  });

  it("routes <namespace>/<name> always and <name> only when one namespace has it; unknown models get OpenAI's 404", async () => {
    const ask = (name: string): Promise<{ status: number; body: Record<string, unknown> }> =>
      post("/chat/completions", { model: name, messages: [{ role: "user", content: "hi" }] });
    expect((await ask("team-b/chat")).body.model).toBe("team-b/chat");
    const ambiguous = await ask("chat");
    expect(ambiguous).toMatchObject({ status: 404, body: { error: { code: "model_not_found", param: "model" } } });
    expect(record(ambiguous.body.error).message).toContain("team-a, team-b");
    expect(await ask("nope")).toEqual({
      status: 404,
      body: {
        error: { message: "The model 'nope' does not exist.", type: "invalid_request_error", param: "model", code: "model_not_found" },
      },
    });
    expect((await ask("team-b/embed")).status).toBe(404);
  });

  it("refuses an endpoint the Model lacks the feature for, and a request without a model", async () => {
    const embedOnChat = await post("/embeddings", { model: "team-a/chat", input: "x" });
    expect(embedOnChat).toMatchObject({ status: 400, body: { error: { type: "invalid_request_error", param: "model" } } });
    expect(record(embedOnChat.body.error).message).toContain("TextEmbedding");
    expect(await post("/chat/completions", { messages: [] })).toMatchObject({ status: 400, body: { error: { param: "model" } } });
  });

  it("scales a Model at zero to one replica and holds the request until the replica is ready", async () => {
    expect(await readyReplicas("team-b", "sleeper")).toBe(0);
    const started = Date.now();
    const woken = await post("/completions", { model: "sleeper", prompt: "wake up", max_tokens: 5 });
    expect(woken).toMatchObject({ status: 200, body: { choices: [{ text: "Echo: wake up" }] } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(80);
    expect(record((await getModel("team-b", "sleeper")).spec).replicas).toBe(1);
    expect(await readyReplicas("team-b", "sleeper")).toBe(1);
  });

  it("gives up on a Model that cannot scale (autoscaling disabled at zero) after the wake timeout", async () => {
    const started = Date.now();
    const stuck = await post("/chat/completions", { model: "frozen", messages: [{ role: "user", content: "hi" }] });
    expect(stuck).toMatchObject({ status: 503, body: { error: { type: "server_error", code: "model_not_ready" } } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(WAKE_TIMEOUT_MS);
    expect(record((await getModel("team-b", "frozen")).spec).replicas).toBe(0);
  });

  it("refuses a request without the bearer token, and knows no KubeAI Service outside its namespace", async () => {
    const response = await kubeai("/models", { token: null });
    expect(response.status).toBe(401);
    expect(record(await response.json())).toMatchObject({ kind: "Status", reason: "Unauthorized" });
    const elsewhere = await sandboxFetch(cluster, `${cluster.serviceProxyUrl("team-a", "kubeai")}/openai/v1/models`);
    expect(elsewhere.status).toBe(404);
  });
});
