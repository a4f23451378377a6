// Live updates over server-sent events, and the operational endpoints (health, metrics, OpenAPI).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, startHarness, type Harness } from "./harness";
import { call, callRaw } from "./http";
import { readEvents } from "./sse";

describe("watch and operations", () => {
  let harness: Harness;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    harness = await startHarness("pglite");
    [alice, bob] = await Promise.all([harness.tokenFor("alice"), harness.tokenFor("bob")]);
  });
  afterAll(async () => harness?.stop());

  it("streams a deployment's changes to its tenant, up to Ready, and nothing from other tenants", async () => {
    const controller = new AbortController();
    const aliceStream = await callRaw("GET", "/api/v1/deployments/watch", { token: alice, signal: controller.signal });
    expect(aliceStream.status).toBe(200);
    expect(aliceStream.headers.get("content-type")).toBe("text/event-stream");
    const body = { url: "hf://a/b", engine: "VLLM", features: ["TextGeneration"], replicas: 1, resourceProfile: "cpu" };
    const reading = readEvents(aliceStream, (events) =>
      events.some((item) => item.event === "change" && item.data.deployment.status === "Ready"),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await call("POST", "/api/v1/deployments", { token: bob, body: { ...body, namespace: "tenant-b", name: "bobs" } })).status).toBe(
      201,
    );
    expect(
      (await call("POST", "/api/v1/deployments", { token: alice, body: { ...body, namespace: "tenant-a", name: "live" } })).status,
    ).toBe(201);
    const events = await reading;
    controller.abort();
    expect(events[0].event).toBe("ready");
    const changes = events
      .filter((item) => item.event === "change")
      .map((item) => `${item.data.type} ${item.data.deployment.namespace}/${item.data.deployment.name} ${item.data.deployment.status}`);
    expect(changes[0]).toMatch(/^ADDED tenant-a\/live /);
    expect(changes.at(-1)).toBe("MODIFIED tenant-a/live Ready");
    expect(changes.some((change) => change.includes("tenant-b"))).toBe(false);
  });

  it("refuses to watch another tenant's namespace, or without a token", async () => {
    const foreign = await callRaw("GET", "/api/v1/deployments/watch?namespace=tenant-b", { token: alice });
    expect(foreign.status).toBe(404);
    expect((await callRaw("GET", "/api/v1/deployments/watch")).status).toBe(401);
  });

  it("reports health, and counts HTTP requests and Kubernetes calls in Prometheus format", async () => {
    expect((await call("GET", "/api/healthz")).body).toEqual({
      status: "ok",
      cluster: "sandbox",
      database: "pglite",
      identity: "keycloak",
    });
    expect(await call("GET", "/api/readyz")).toMatchObject({
      status: 200,
      body: { ready: true, checks: { database: "ok", cluster: "ok" } },
    });
    await call("GET", "/api/v1/deployments", { token: ADMIN_TOKEN });
    await call("GET", "/api/v1/deployments/tenant-a/missing", { token: ADMIN_TOKEN });
    const response = await callRaw("GET", "/metrics");
    const text = await response.text();
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(text).toMatch(/modelport_http_requests_total\{route="\/api\/v1\/deployments",method="GET",status="200"\} [1-9]/);
    expect(text).toMatch(
      /modelport_http_requests_total\{route="\/api\/v1\/deployments\/\{namespace\}\/\{name\}",method="GET",status="404"\} [1-9]/,
    );
    expect(text).toMatch(/modelport_kubernetes_api_calls_total\{verb="list",resource="models.kubeai.org"\} [1-9]/);
    expect(text).toMatch(/modelport_kubernetes_api_errors_total\{verb="get",resource="models.kubeai.org",code="404"\} [1-9]/);
  });

  it("serves the OpenAPI document without a token", async () => {
    const document = await call("GET", "/api/v1/openapi.json");
    expect(document.status).toBe(200);
    expect(Object.keys(document.body.paths)).toContain("/api/v1/deployments/{namespace}/{name}");
  });
});
