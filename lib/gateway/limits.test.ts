import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisServer, type RedisServer } from "@/tests/stand-ins/redis";
import { LimitStoreUnavailable, MemoryLimitStore, RedisLimitStore, type LimitPolicy, type LimitStore } from "./limits";

const MINUTE = 60_000;
/** A moment at the start of a minute (and of an hour and a day), so windows are predictable. */
const T0 = Date.UTC(2026, 10, 30, 12, 0, 0);
let subjects = 0;
const subject = () => `s${++subjects}-${Math.random().toString(36).slice(2, 8)}`;
const policy = (windows: LimitPolicy["windows"], burst: LimitPolicy["burst"] = null): LimitPolicy => ({ windows, burst });

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => redis?.stop());

const stores: Array<[string, () => LimitStore]> = [
  ["in process", () => new MemoryLimitStore()],
  ["in Redis", () => new RedisLimitStore(redis.url, () => {})],
];

describe.each(stores)("rate limits %s", (_label, makeStore) => {
  let store: LimitStore;
  beforeAll(() => {
    store = makeStore();
  });
  afterAll(async () => store.close());

  it("admits up to the per-minute limit, counting down, then refuses until the window ends", async () => {
    const who = subject();
    const limits = policy([{ seconds: 60, requests: 3, tokens: null }]);
    const remaining: Array<number | null> = [];
    for (let i = 0; i < 3; i++) {
      const decision = await store.admit(who, limits, 0, T0 + 10_000);
      expect(decision.admitted).toBe(true);
      remaining.push(decision.remaining);
    }
    expect(remaining).toEqual([2, 1, 0]);
    const refused = await store.admit(who, limits, 0, T0 + 10_000);
    expect(refused).toMatchObject({
      admitted: false,
      limit: 3,
      remaining: 0,
      resetSeconds: 50,
      retryAfterSeconds: 50,
      refusedBy: "3 requests per minute",
    });
    expect((await store.admit(who, limits, 0, T0 + MINUTE + 1)).admitted).toBe(true);
  });

  it("admits a burst back to back, then one request per refill", async () => {
    const who = subject();
    const limits = policy([{ seconds: 60, requests: 100, tokens: null }], { capacity: 3, perSecond: 1 });
    for (let i = 0; i < 3; i++) expect((await store.admit(who, limits, 0, T0)).admitted).toBe(true);
    const refused = await store.admit(who, limits, 0, T0 + 10);
    expect(refused).toMatchObject({ admitted: false, retryAfterSeconds: 1, refusedBy: "the burst limit of 3 requests" });
    expect((await store.admit(who, limits, 0, T0 + 1010)).admitted).toBe(true);
    expect((await store.admit(who, limits, 0, T0 + 1020)).admitted).toBe(false);
  });

  it("counts a refused request in no window", async () => {
    const who = subject();
    const limits = policy([
      { seconds: 60, requests: 5, tokens: null },
      { seconds: 3600, requests: 2, tokens: null },
    ]);
    expect((await store.admit(who, limits, 0, T0)).admitted).toBe(true);
    expect((await store.admit(who, limits, 0, T0)).admitted).toBe(true);
    const refused = await store.admit(who, limits, 0, T0);
    expect(refused).toMatchObject({ admitted: false, refusedBy: "2 requests per hour", retryAfterSeconds: 3600 });
    // The minute window still holds two, not three.
    expect(refused.remaining).toBe(3);
  });

  it("reserves tokens up front and settles them to the real usage", async () => {
    const who = subject();
    const limits = policy([{ seconds: 3600, requests: null, tokens: 100 }]);
    const first = await store.admit(who, limits, 60, T0 + 5);
    expect(first.admitted).toBe(true);
    const second = await store.admit(who, limits, 60, T0 + 6);
    expect(second).toMatchObject({ admitted: false, refusedBy: "100 tokens per hour" });
    await store.settle(who, limits, { at: T0 + 5, tokens: 60 }, 10);
    // Settling uses the present time to skip ended windows; T0's hour has ended, so re-run within one that has not.
    const now = Date.now();
    const live = policy([{ seconds: 86_400, requests: null, tokens: 100 }]);
    const reserved = await store.admit(who, live, 60, now);
    expect((await store.admit(who, live, 60, now)).admitted).toBe(false);
    await store.settle(who, live, reserved.reservation, 10);
    expect((await store.admit(who, live, 60, now)).admitted).toBe(true);
  });

  it("admits exactly the limit when many decide at once", async () => {
    const who = subject();
    const limits = policy([{ seconds: 60, requests: 50, tokens: null }]);
    // Replicas share Redis; in process, each replica would count alone, so one store stands for the one process.
    const others = store.kind === "redis" ? [makeStore(), makeStore()] : [];
    const all = [store, ...others];
    const decisions = await Promise.all(Array.from({ length: 300 }, (_, i) => all[i % all.length].admit(who, limits, 0, T0 + 1)));
    for (const other of others) await other.close();
    expect(decisions.filter((decision) => decision.admitted)).toHaveLength(50);
  });
});

describe("rate limits in Redis when Redis stops", () => {
  it("cannot decide while Redis is gone, and decides again once it is back", async () => {
    const own = await startRedisServer();
    const store = new RedisLimitStore(own.url, () => {});
    const limits = policy([{ seconds: 60, requests: 10, tokens: null }]);
    try {
      expect((await store.admit("x", limits, 0)).admitted).toBe(true);
      await own.stop();
      await expect(store.admit("x", limits, 0)).rejects.toBeInstanceOf(LimitStoreUnavailable);
      await expect(store.check()).rejects.toBeInstanceOf(LimitStoreUnavailable);
      await own.start();
      await expect
        .poll(async () => (await store.admit("x", limits, 0).catch(() => ({ admitted: "unavailable" }))).admitted, { timeout: 10_000 })
        .toBe(true);
    } finally {
      await store.close();
      await own.stop();
    }
  });
});
