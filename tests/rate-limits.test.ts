// Limits and metering end to end: a published model's keys meet their limits on the gateway (requests per minute, a
// burst, tokens per hour) with the X-RateLimit-* headers and Retry-After; what they use is metered per key and shows
// in the publication within seconds, streams included (the usage chunk asked for on the client's behalf is taken out,
// and an abandoned stream is counted as estimated); the management API limits its callers with the same limiter; and
// with Redis, limits fail closed (503) or open while Redis is gone, /api/readyz says so, and they recover by themselves.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chatModel, createDeployments, startGatewayServer, waitReady } from "./gateway-support";
import { startHarness, type Harness } from "./harness";
import { call, type CallResult } from "./http";
import { startRedisServer, type RedisServer } from "./stand-ins/redis";

interface Setup {
  harness: Harness;
  gatewayUrl: string;
  alice: string;
  close(): Promise<void>;
}

async function setUp(env: Record<string, string>, models: string[]): Promise<Setup> {
  const harness = await startHarness("pglite", env);
  const alice = await harness.tokenFor("alice");
  const server = await startGatewayServer();
  await createDeployments(alice, ...models.map((name) => ({ ...chatModel, name })));
  await Promise.all(models.map((name) => waitReady(alice, "tenant-a", name)));
  return {
    harness,
    alice,
    gatewayUrl: server.url,
    async close() {
      await server.close();
      await harness.stop();
    },
  };
}

async function publish(setup: Setup, name: string, rateLimiting: Record<string, number | null>): Promise<string> {
  const published = await call("POST", `/api/v1/deployments/tenant-a/${name}/publish`, { token: setup.alice, body: { rateLimiting } });
  expect(published.status, JSON.stringify(published.body)).toBe(201);
  return published.body.apiKey;
}

function chat(setup: Setup, key: string, model: string, extra: Record<string, unknown> = {}, signal?: AbortSignal) {
  return fetch(`${setup.gatewayUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-api-key": key },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "Tell me about rate limits" }], ...extra }),
    signal,
  });
}

async function usageOf(setup: Setup, name: string) {
  return (await call("GET", `/api/v1/deployments/tenant-a/${name}/publish`, { token: setup.alice })).body.usage;
}

describe("limits and metering on the gateway, in process", () => {
  let setup: Setup;
  beforeAll(async () => {
    setup = await setUp({}, ["per-minute", "bursty", "tokens", "metered"]);
  }, 60_000);
  afterAll(async () => setup?.close());

  it("admits a key's requests per minute with X-RateLimit-* headers, then 429 with Retry-After; each key counts alone", async () => {
    const key = await publish(setup, "per-minute", { requestsPerMinute: 3, burstLimit: 100 });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await chat(setup, key, "per-minute");
      expect(response.status).toBe(200);
      expect(response.headers.get("x-ratelimit-limit")).toBe("3");
      expect(Number(response.headers.get("x-ratelimit-reset"))).toBeGreaterThan(0);
      expect(Number(response.headers.get("x-ratelimit-reset"))).toBeLessThanOrEqual(60);
      remaining.push(response.headers.get("x-ratelimit-remaining") ?? "");
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const refused = await chat(setup, key, "per-minute");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    const { error } = await refused.json();
    expect(error).toMatchObject({ type: "rate_limit_error", code: "rate_limit_exceeded" });
    expect(error.message).toContain("3 requests per minute");

    const second = await call("POST", "/api/v1/deployments/tenant-a/per-minute/publish/keys", {
      token: setup.alice,
      body: { name: "second" },
    });
    expect((await chat(setup, second.body.apiKey, "per-minute")).status).toBe(200);
    await expect.poll(async () => (await usageOf(setup, "per-minute")).refused, { timeout: 5000 }).toBe(1);
  });

  it("admits burstLimit requests back to back", async () => {
    const key = await publish(setup, "bursty", { requestsPerMinute: 600, burstLimit: 2 });
    const statuses = await Promise.all([1, 2, 3].map(() => chat(setup, key, "bursty").then((response) => response.status)));
    expect(statuses.sort()).toEqual([200, 200, 429]);
  });

  it("reserves max_tokens against tokensPerHour and settles to the real usage", async () => {
    const key = await publish(setup, "tokens", { tokensPerHour: 200, burstLimit: 100 });
    // A reservation larger than the hour's budget is refused outright.
    const tooBig = await chat(setup, key, "tokens", { max_tokens: 500 });
    expect(tooBig.status).toBe(429);
    expect((await tooBig.json()).error.message).toContain("200 tokens per hour");
    // Small requests settle to what they used, so several fit where their reservations would not.
    let admitted = 0;
    for (let i = 0; i < 4; i++) if ((await chat(setup, key, "tokens", { max_tokens: 90 })).status === 200) admitted++;
    expect(admitted).toBeGreaterThanOrEqual(3);
  });

  it("meters tokens as the server reports them, streams included, within seconds", async () => {
    const key = await publish(setup, "metered", { burstLimit: 100 });
    const plain = await (await chat(setup, key, "metered")).json();
    // Asked for by the client: the usage chunk arrives; not asked for: the gateway asks, meters, and takes it out.
    const asked = await (await chat(setup, key, "metered", { stream: true, stream_options: { include_usage: true } })).text();
    const askedUsage = asked
      .split("\n\n")
      .filter((event) => event.startsWith("data: {"))
      .map((event) => JSON.parse(event.slice(6)))
      .find((chunk) => chunk.usage)?.usage;
    expect(askedUsage.total_tokens).toBeGreaterThan(0);
    const unasked = await (await chat(setup, key, "metered", { stream: true })).text();
    expect(unasked).toContain("data: [DONE]");
    expect(unasked).not.toMatch(/"usage":\{/);
    await expect.poll(async () => (await usageOf(setup, "metered")).totalRequests, { timeout: 5000 }).toBe(3);
    const usage = await usageOf(setup, "metered");
    expect(usage.promptTokens).toBeGreaterThanOrEqual(plain.usage.prompt_tokens + askedUsage.prompt_tokens);
    expect(usage.tokensUsed).toBe(usage.promptTokens + usage.completionTokens);
    expect(usage.tokensUsed).toBeGreaterThan(plain.usage.total_tokens + askedUsage.total_tokens);
    expect(usage.estimatedTokens).toBe(0);
    expect(usage.requestsToday).toBe(3);

    // A stream the client leaves after its first chunk is still a request, counted from what was sent.
    const controller = new AbortController();
    const left = await chat(setup, key, "metered", { stream: true, max_tokens: 500 }, controller.signal);
    await (left.body as ReadableStream<Uint8Array>).getReader().read();
    controller.abort();
    await expect.poll(async () => (await usageOf(setup, "metered")).totalRequests, { timeout: 5000 }).toBe(4);
    expect((await usageOf(setup, "metered")).estimatedTokens).toBeGreaterThan(0);

    // Day by day, per key and by status class, for the usage page's charts.
    const series = await call("GET", "/api/v1/deployments/tenant-a/metered/publish/usage?days=3", { token: setup.alice });
    expect(series.status).toBe(200);
    expect(series.body.days.map((day: { day: string }) => day.day)).toHaveLength(3);
    const today = series.body.days.at(-1);
    expect(today).toMatchObject({ day: new Date().toISOString().slice(0, 10), requests: 4 });
    expect(today.statuses["2xx"]).toBe(3);
    expect(today.statuses["4xx"]).toBe(1);
    expect(series.body.byKey).toEqual([{ keyId: expect.any(String), name: "default", requests: 4, tokens: series.body.totals.tokensUsed }]);
    const tooMany = await call("GET", "/api/v1/deployments/tenant-a/metered/publish/usage?days=365", { token: setup.alice });
    expect(tooMany.status).toBe(422);
  });
});

describe("the management API's own limit", () => {
  let setup: Setup;
  beforeAll(async () => {
    setup = await setUp({ RATE_LIMIT_REQUESTS: "4", RATE_LIMIT_BURST: "100" }, []);
  }, 60_000);
  afterAll(async () => setup?.close());

  it("limits each bearer caller per minute with the same headers", async () => {
    const statuses: number[] = [];
    let last: CallResult | undefined;
    for (let i = 0; i < 5; i++) {
      last = await call("GET", "/api/v1/tenants", { token: setup.alice });
      statuses.push(last.status);
      if (i === 0) expect(last.headers.get("x-ratelimit-limit")).toBe("4");
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect(Number(last?.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(last?.body.error).toContain("4 requests per minute");
    // Another caller has its own budget.
    expect((await call("GET", "/api/v1/tenants", { token: await setup.harness.tokenFor("bob") })).status).toBe(200);
  });
});

describe.each(["closed", "open"] as const)("limits in Redis when Redis stops (failure mode %s)", (mode) => {
  let setup: Setup;
  let redis: RedisServer;
  let key: string;
  beforeAll(async () => {
    redis = await startRedisServer();
    setup = await setUp({ REDIS_URL: redis.url, RATE_LIMIT_FAILURE_MODE: mode }, ["shared"]);
    key = await publish(setup, "shared", { requestsPerMinute: 1000, burstLimit: 1000 });
  }, 60_000);
  afterAll(async () => {
    await setup?.close();
    await redis?.stop();
  });

  it(`${mode === "closed" ? "refuses limited requests with a 503 naming Redis" : "lets limited requests through"} and recovers when Redis is back`, async () => {
    expect((await chat(setup, key, "shared")).status).toBe(200);
    await redis.stop();
    const during = await chat(setup, key, "shared");
    if (mode === "closed") {
      expect(during.status).toBe(503);
      expect((await during.json()).error.message).toMatch(/Rate limiting is unavailable: Redis/);
    } else {
      expect(during.status).toBe(200);
      expect(during.headers.get("x-ratelimit-limit")).toBeNull();
    }
    const ready = await call("GET", "/api/readyz");
    expect(ready.body.checks.rateLimits).toBe("failing");
    await redis.start();
    await expect.poll(async () => (await chat(setup, key, "shared")).status, { timeout: 10_000, interval: 200 }).toBe(200);
    expect((await call("GET", "/api/readyz")).body.checks.rateLimits).toBe("ok");
  });
});
