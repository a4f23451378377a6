// KServe's model servers reached through the API server's service proxy, over HTTPS with the sandbox's CA and token:
// V1 and V2 protocols, the OpenAI routes of an LLM runtime, kube-apiserver's errors, and waking a Knative predictor.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "./index";
import { clientsFor, inferenceService, ISVC, record, sandboxFetch, waitFor, type Clients } from "./testing";

let cluster: SandboxCluster;
let api: Clients;
const RAW = { "serving.kserve.io/deploymentMode": "RawDeployment" };
const SERVERLESS = { "serving.kserve.io/deploymentMode": "Serverless" };
const IRIS = "gs://kfserving-examples/models/sklearn/1.0/model";
const sklearn = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  model: { modelFormat: { name: "sklearn" }, storageUri: IRIS, ...extra },
});

async function create(ns: string, body: Record<string, unknown>): Promise<void> {
  await api.custom.createNamespacedCustomObject({ ...ISVC, namespace: ns, body });
}

async function isReady(ns: string, name: string): Promise<boolean> {
  const s = record((await api.custom.getNamespacedCustomObject({ ...ISVC, namespace: ns, name })).status ?? {});
  const conditions = Array.isArray(s.conditions) ? s.conditions.map(record) : [];
  return conditions.some((c) => c.type === "Ready" && c.status === "True");
}

async function podCount(ns: string, name: string): Promise<number> {
  const list = await api.core.listNamespacedPod({ namespace: ns, labelSelector: `serving.kserve.io/inferenceservice=${name}` });
  return list.items.length;
}

function call(ns: string, service: string, path: string, init: { method?: string; body?: unknown; token?: null } = {}): Promise<Response> {
  const body = init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
  const request: Parameters<typeof sandboxFetch>[2] = { method: init.method ?? (body === undefined ? "GET" : "POST") };
  if (body !== undefined) request.body = body;
  if (body !== undefined) request.headers = { "Content-Type": "application/json" };
  if (init.token === null) request.token = null;
  return sandboxFetch(cluster, `${cluster.serviceProxyUrl(ns, service)}${path}`, request);
}

async function answer(response: Promise<Response>): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await response;
  return { status: r.status, body: record(await r.json()) };
}

beforeAll(async () => {
  cluster = await startSandboxCluster({
    controller: { loadingDelayMs: 40, readyDelayMs: 80 },
    kserve: { idleDelayMs: 300 },
    modelServers: { tokenDelayMs: 0, wakeTimeoutMs: 5000 },
  });
  api = clientsFor(cluster);
  await api.core.createNamespace({ body: { metadata: { name: "serving" } } });
  await Promise.all([
    create("serving", inferenceService("iris", sklearn(), RAW)),
    create("serving", inferenceService("iris-v2", sklearn({ protocolVersion: "v2" }), RAW)),
    create(
      "serving",
      inferenceService("qwen", { model: { modelFormat: { name: "huggingface" }, storageUri: "hf://Qwen/Qwen2.5-0.5B" } }, RAW),
    ),
    create("serving", inferenceService("paused", sklearn(), { ...RAW, "serving.kserve.io/stop": "true" })),
    create("serving", inferenceService("broken", sklearn({ storageUri: "pvc://missing/model" }), RAW)),
  ]);
  for (const name of ["iris", "iris-v2", "qwen"]) await waitFor(() => isReady("serving", name), 5000, `${name} Ready`);
});
afterAll(() => cluster.close());

describe("KServe model servers behind the service proxy", () => {
  it("answers V1 predict with one deterministic class per instance, as the sklearn server does for iris", async () => {
    expect(await answer(call("serving", "iris-predictor", "/v1/models/iris"))).toEqual({
      status: 200,
      body: { name: "iris", ready: true },
    });
    const instances = [
      [6.8, 2.8, 4.8, 1.4],
      [6.0, 3.4, 4.5, 1.6],
      [5.1, 3.5, 1.4, 0.2],
      [7.7, 3.0, 6.1, 2.3],
      [1, 2, 3],
    ];
    const first = await answer(call("serving", "iris-predictor", "/v1/models/iris:predict", { body: { instances } }));
    expect(first.status).toBe(200);
    expect(first.body.predictions).toEqual([1, 1, 0, 2, expect.any(Number)]);
    const again = await answer(call("serving", "iris-predictor:80", "/v1/models/iris:predict", { body: { instances } }));
    expect(again.body).toEqual(first.body);
    expect((first.body.predictions as number[])[4]).toBeGreaterThanOrEqual(0);
    expect((first.body.predictions as number[])[4]).toBeLessThanOrEqual(2);
  });

  it("refuses a V1 body without an instances list and a model it does not serve, in KServe's words", async () => {
    expect(await answer(call("serving", "iris-predictor", "/v1/models/iris:predict", { body: { rows: [[1, 2]] } }))).toEqual({
      status: 400,
      body: { error: 'Expected "instances" to be a list' },
    });
    const garbled = await answer(call("serving", "iris-predictor", "/v1/models/iris:predict", { body: "not json" }));
    expect(garbled.status).toBe(400);
    expect(garbled.body.error).toMatch(/^Unrecognized request format/);
    expect(await answer(call("serving", "iris-predictor", "/v1/models/rose:predict", { body: { instances: [[1]] } }))).toEqual({
      status: 404,
      body: { error: "Model with name rose does not exist." },
    });
    expect((await call("serving", "iris-predictor", "/v2/health/live")).status).toBe(404);
  });

  it("serves the Open Inference Protocol for a v2 predictor: health, metadata, readiness and infer", async () => {
    const svc = "iris-v2-predictor";
    expect(await answer(call("serving", svc, "/v2/health/live"))).toEqual({ status: 200, body: { live: true } });
    expect(await answer(call("serving", svc, "/v2/health/ready"))).toEqual({ status: 200, body: { ready: true } });
    expect(await answer(call("serving", svc, "/v2/models/iris-v2"))).toEqual({
      status: 200,
      body: {
        name: "iris-v2",
        versions: ["1"],
        platform: "sklearn",
        inputs: [{ name: "input-0", datatype: "FP32", shape: [-1, -1] }],
        outputs: [{ name: "output-0", datatype: "INT64", shape: [-1] }],
      },
    });
    expect(await answer(call("serving", svc, "/v2/models/iris-v2/ready"))).toEqual({ status: 200, body: { name: "iris-v2", ready: true } });
    const inputs = [{ name: "input-0", shape: [2, 4], datatype: "FP32", data: [6.8, 2.8, 4.8, 1.4, 5.1, 3.5, 1.4, 0.2] }];
    expect(await answer(call("serving", svc, "/v2/models/iris-v2/infer", { body: { id: "req-1", inputs } }))).toEqual({
      status: 200,
      body: {
        model_name: "iris-v2",
        id: "req-1",
        parameters: null,
        outputs: [{ name: "output-0", shape: [2], datatype: "INT64", data: [1, 0] }],
      },
    });
    const versioned = await answer(call("serving", svc, "/v2/models/iris-v2/versions/3/infer", { body: { inputs } }));
    expect(versioned.body).toMatchObject({ model_name: "iris-v2", model_version: "3", outputs: [{ data: [1, 0] }] });
    expect(versioned.body.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers 400 for a V2 tensor whose data does not fill its shape, and 404 for another model", async () => {
    const svc = "iris-v2-predictor";
    const short = { inputs: [{ name: "input-0", shape: [1, 4], datatype: "FP32", data: [1, 2, 3] }] };
    expect(await answer(call("serving", svc, "/v2/models/iris-v2/infer", { body: short }))).toEqual({
      status: 400,
      body: { error: 'Input "input-0": shape [1,4] needs 4 elements, got 3' },
    });
    expect((await answer(call("serving", svc, "/v2/models/iris-v2/infer", { body: { inputs: [] } }))).status).toBe(400);
    expect(await answer(call("serving", svc, "/v2/models/rose/ready"))).toEqual({
      status: 404,
      body: { error: "Model with name rose does not exist." },
    });
  });

  it("adds the OpenAI API for a huggingface runtime, under /openai/v1", async () => {
    const models = await answer(call("serving", "qwen-predictor", "/openai/v1/models"));
    expect(models.body).toMatchObject({ object: "list", data: [{ id: "qwen", object: "model", owned_by: "kserve" }] });
    const chat = await answer(
      call("serving", "qwen-predictor", "/openai/v1/chat/completions", {
        body: { model: "qwen", messages: [{ role: "user", content: "hi there" }] },
      }),
    );
    expect(chat.body).toMatchObject({
      object: "chat.completion",
      model: "qwen",
      choices: [{ index: 0, message: { role: "assistant", content: "Echo: hi there" }, finish_reason: "stop" }],
      usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 },
    });
    const other = await answer(call("serving", "qwen-predictor", "/openai/v1/completions", { body: { model: "llama", prompt: "x" } }));
    expect(other).toMatchObject({ status: 404, body: { error: { type: "invalid_request_error", code: "model_not_found" } } });
    expect((await call("serving", "iris-predictor", "/openai/v1/models")).status).toBe(404);
  });

  it("answers kube-apiserver's Status errors: unknown Service 404, unknown port 503, bad service reference 400", async () => {
    const missing = await answer(call("serving", "rose-predictor", "/v1/models/rose"));
    expect(missing).toEqual({
      status: 404,
      body: {
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: 'services "rose-predictor" not found',
        reason: "NotFound",
        details: { name: "rose-predictor", kind: "services" },
        code: 404,
      },
    });
    // Standard mode has no top-level Service; only the predictor's.
    expect((await call("serving", "iris", "/v1/models/iris")).status).toBe(404);
    const port = await answer(sandboxFetch(cluster, `${cluster.serviceProxyUrl("serving", "iris-predictor", 8080)}/v1/models/iris`));
    expect(port.body).toMatchObject({
      code: 503,
      reason: "ServiceUnavailable",
      message: 'no service port "8080" found for service "iris-predictor"',
    });
    const bad = await answer(sandboxFetch(cluster, `${cluster.serviceProxyUrl("serving", "ftp:iris-predictor", 80)}/v1/models/iris`));
    expect(bad.body).toMatchObject({ code: 400, reason: "BadRequest" });
  });

  it("answers 503 with no endpoints for a stopped service and for one that never became ready", async () => {
    for (const name of ["paused", "broken"]) {
      expect(await answer(call("serving", `${name}-predictor`, `/v1/models/${name}`))).toMatchObject({
        status: 503,
        body: {
          kind: "Status",
          code: 503,
          reason: "ServiceUnavailable",
          message: `no endpoints available for service "${name}-predictor"`,
        },
      });
    }
  });

  it("refuses a proxy request without the bearer token", async () => {
    expect(await answer(call("serving", "iris-predictor", "/v1/models/iris", { token: null }))).toMatchObject({
      status: 401,
      body: { kind: "Status", reason: "Unauthorized", code: 401 },
    });
  });

  it("holds a request for a Knative predictor scaled to zero until a pod is ready again, through its top-level Service", async () => {
    await api.core.createNamespace({ body: { metadata: { name: "knative" } } });
    await create("knative", inferenceService("sleepy", { ...sklearn(), minReplicas: 0 }, SERVERLESS));
    await waitFor(() => isReady("knative", "sleepy"), 5000, "sleepy Ready");
    await waitFor(async () => (await podCount("knative", "sleepy")) === 0, 5000, "sleepy scaled to zero");
    expect(await isReady("knative", "sleepy")).toBe(true);
    const started = Date.now();
    const woken = await answer(call("knative", "sleepy", "/v1/models/sleepy:predict", { body: { instances: [[6.8, 2.8, 4.8, 1.4]] } }));
    expect(woken).toEqual({ status: 200, body: { predictions: [1] } });
    // The pod needed its loading and ready delays before it could answer.
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    expect(await podCount("knative", "sleepy")).toBe(1);
    expect((await call("knative", "sleepy-predictor", "/v1/models/sleepy")).status).toBe(200);
  });
});
