// Watch streams that end when they should: expired or revoked callers, deleted tenants; capped per caller; cluster
// watches re-opened after their timeout.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFromBearer } from "@/lib/auth/bearer";
import { clientsFor, GROUP, model } from "@/lib/sandbox/testing";
import type { DeploymentChange, WatchEnd } from "@/lib/schemas/deployment-watch";
import { watchDeployments } from "@/lib/services/deployment-watch";
import { ADMIN_TOKEN, startHarness, type Harness } from "./harness";
import { call, callRaw } from "./http";

interface SseEvent {
  event: string;
  data: any;
}

/** Reads a server-sent event stream in the background; `ended` resolves when the server ends the response. */
function readStream(response: Response) {
  const events: SseEvent[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const ended = (async () => {
    let buffer = "";
    for (;;) {
      const next = await reader.read();
      if (next.done) return;
      buffer += decoder.decode(next.value, { stream: true });
      for (let boundary = buffer.indexOf("\n\n"); boundary >= 0; boundary = buffer.indexOf("\n\n")) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        events.push({ event: /^event: (.*)$/m.exec(block)?.[1] ?? "message", data: data ? JSON.parse(data) : null });
      }
    }
  })();
  return {
    events,
    ended,
    async until(what: string, done: (events: SseEvent[]) => boolean, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!done(events)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(events.map((e) => e.event))}`);
        await sleep(50);
      }
    },
    cancel: () => reader.cancel().catch(() => undefined),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Ends within `ms`, or fails the test saying so. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`${what} did not happen within ${ms} ms`)))]);
}

/** Records what a watch hands its caller, as the route would send it. */
function recorder() {
  const changes: DeploymentChange[] = [];
  let ready = false;
  let resolveEnd: (end: WatchEnd) => void = () => undefined;
  const ended = new Promise<WatchEnd>((resolve) => (resolveEnd = resolve));
  return {
    changes,
    ended,
    isReady: () => ready,
    handlers: {
      onChange: (change: DeploymentChange) => changes.push(change),
      onReady: () => (ready = true),
      onEnd: (end: WatchEnd) => resolveEnd(end),
    },
  };
}

describe("watch streams", () => {
  let harness: Harness;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    // One-second cluster watches, so every test also runs across watch timeouts; quick periodic re-checks.
    harness = await startHarness("pglite", { MODELPORT_WATCH_TIMEOUT_SECONDS: "1", MODELPORT_STREAM_RECHECK_SECONDS: "0.5" });
    [alice, bob] = await Promise.all([harness.tokenFor("alice"), harness.tokenFor("bob")]);
  });
  afterAll(async () => harness?.stop());

  /** A change made straight in the cluster, as kubectl would make it. */
  async function createModelInCluster(namespace: string, name: string) {
    await clientsFor(harness.started.sandbox!).custom.createNamespacedCustomObject({ ...GROUP, namespace, body: model(name) });
  }

  async function serviceAccountToken(name: string): Promise<{ id: string; token: string }> {
    const created = await call("POST", "/api/v1/tenants/tenant-a/service-accounts", { token: alice, body: { name, role: "viewer" } });
    expect(created.status).toBe(201);
    return { id: created.body.id, token: created.body.token };
  }

  it("ends a service account's stream when the account is revoked, without delivering later changes", async () => {
    const account = await serviceAccountToken("streamer");
    const stream = readStream(await callRaw("GET", "/api/v1/deployments/watch?namespace=tenant-a", { token: account.token }));
    await stream.until("ready", (events) => events.some((item) => item.event === "ready"));
    expect((await call("DELETE", `/api/v1/tenants/tenant-a/service-accounts/${account.id}`, { token: alice })).status).toBe(200);
    await createModelInCluster("tenant-a", "after-revoke");
    await within(stream.ended, 5000, "the end of the revoked account's stream");
    expect(stream.events.filter((item) => item.event === "change")).toEqual([]);
    expect(stream.events.at(-1)).toEqual({ event: "closed", data: { reason: "access-revoked", message: expect.any(String) } });
    expect((await callRaw("GET", "/api/v1/deployments/watch", { token: account.token })).status).toBe(401);
  });

  it("delivers no change made after a revocation, even before the periodic re-check comes round", async () => {
    const account = await serviceAccountToken("quiet-streamer");
    const caller = await callerFromBearer(account.token);
    const watch = recorder();
    // A re-check a minute away: only the check before each delivery can stop the change below.
    const stop = await watchDeployments(caller, "tenant-a", watch.handlers, { recheckMs: 60_000 });
    try {
      expect(watch.isReady()).toBe(true);
      expect((await call("DELETE", `/api/v1/tenants/tenant-a/service-accounts/${account.id}`, { token: alice })).status).toBe(200);
      await createModelInCluster("tenant-a", "after-quiet-revoke");
      expect(await within(watch.ended, 5000, "the end of the watch")).toMatchObject({ reason: "access-revoked" });
      await sleep(300);
      expect(watch.changes).toEqual([]);
    } finally {
      stop();
    }
  });

  it("ends the stream when a tenant it watches is deleted, and refuses to reopen it", async () => {
    expect((await call("POST", "/api/v1/tenants", { token: ADMIN_TOKEN, body: { name: "short-lived" } })).status).toBe(201);
    const stream = readStream(await callRaw("GET", "/api/v1/deployments/watch?namespace=short-lived", { token: ADMIN_TOKEN }));
    await stream.until("ready", (events) => events.some((item) => item.event === "ready"));
    expect((await call("DELETE", "/api/v1/tenants/short-lived", { token: ADMIN_TOKEN })).status).toBe(200);
    await within(stream.ended, 5000, "the end of the deleted tenant's stream");
    expect(stream.events.at(-1)).toEqual({
      event: "closed",
      data: { reason: "tenant-deleted", message: "Tenant short-lived was deleted" },
    });
    expect((await callRaw("GET", "/api/v1/deployments/watch?namespace=short-lived", { token: ADMIN_TOKEN })).status).toBe(404);
  });

  it("ends the stream when the caller's token expires, on time rather than at the next re-check", async () => {
    const caller = { ...(await callerFromBearer(alice)), expiresAt: new Date(Date.now() + 1000) };
    const watch = recorder();
    const started = Date.now();
    const stop = await watchDeployments(caller, undefined, watch.handlers, { recheckMs: 60_000 });
    try {
      expect(await within(watch.ended, 3000, "the end at expiry")).toMatchObject({ reason: "token-expired" });
      expect(Date.now() - started).toBeGreaterThanOrEqual(900); // and, by `within`, long before the re-check
    } finally {
      stop();
    }
    const expired = { ...caller, expiresAt: new Date(Date.now() - 1000) };
    await expect(watchDeployments(expired, undefined, recorder().handlers)).rejects.toMatchObject({ code: "unauthenticated" });
  });

  it("caps one caller's open streams at five: the sixth gets 429 with Retry-After, and closing one frees a slot", async () => {
    // Refused subscriptions hold no slot.
    for (let attempt = 0; attempt < 6; attempt++) {
      expect((await callRaw("GET", "/api/v1/deployments/watch?namespace=tenant-b", { token: alice })).status).toBe(404);
    }
    const aborts = Array.from({ length: 5 }, () => new AbortController());
    try {
      for (const abort of aborts) {
        expect((await callRaw("GET", "/api/v1/deployments/watch", { token: alice, signal: abort.signal })).status).toBe(200);
      }
      const sixth = await callRaw("GET", "/api/v1/deployments/watch", { token: alice });
      expect(sixth.status).toBe(429);
      expect(sixth.headers.get("retry-after")).toBe("30");
      expect(await sixth.json()).toEqual({ error: expect.stringMatching(/limit is 5/), details: { limit: 5, retryAfterSeconds: 30 } });
      const bobs = new AbortController();
      expect((await callRaw("GET", "/api/v1/deployments/watch", { token: bob, signal: bobs.signal })).status).toBe(200);
      bobs.abort();

      aborts[0].abort();
      const again = new AbortController();
      aborts[0] = again;
      expect((await callRaw("GET", "/api/v1/deployments/watch", { token: alice, signal: again.signal })).status).toBe(200);
    } finally {
      for (const abort of aborts) abort.abort();
    }
    // Every slot comes back once the streams are gone.
    const after = Array.from({ length: 5 }, () => new AbortController());
    for (const abort of after)
      expect((await callRaw("GET", "/api/v1/deployments/watch", { token: alice, signal: abort.signal })).status).toBe(200);
    for (const abort of after) abort.abort();
  });

  it("keeps delivering changes after the cluster watch behind the stream has timed out and been re-opened", async () => {
    const stream = readStream(await callRaw("GET", "/api/v1/deployments/watch?namespace=tenant-a", { token: alice }));
    try {
      await stream.until("ready", (events) => events.some((item) => item.event === "ready"));
      await sleep(2500); // two one-second watch timeouts
      await createModelInCluster("tenant-a", "after-watch-timeouts");
      await stream.until("the change", (events) =>
        events.some((item) => item.event === "change" && item.data.deployment.name === "after-watch-timeouts"),
      );
      expect(stream.events.filter((item) => item.event === "closed")).toEqual([]);
    } finally {
      await stream.cancel();
    }
  });
});
