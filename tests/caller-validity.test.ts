// Re-checking a caller tells "no longer valid" apart from "cannot tell now": an infrastructure failure is an
// `unavailable` error (a stream then ends as something to retry), never a revocation the browser takes as final.
import { randomUUID } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "@/db";
import { callerFromBearer } from "@/lib/auth/bearer";
import type { Caller } from "@/lib/auth/caller";
import { isCallerStillValid } from "@/lib/auth/caller-validity";
import { getRuntime, setRuntime } from "@/lib/runtime";
import type { WatchEnd } from "@/lib/schemas/deployment-watch";
import { watchDeployments } from "@/lib/services/deployment-watch";
import { ADMIN_TOKEN, startHarness, type Harness } from "./harness";
import { call } from "./http";

describe("re-checking a caller when the infrastructure fails", () => {
  let harness: Harness;
  let account: Caller;
  let closed: PGlite;

  beforeAll(async () => {
    harness = await startHarness("pglite");
    closed = new PGlite();
    await closed.waitReady;
    await closed.close();
    const created = await call("POST", "/api/v1/tenants/tenant-a/service-accounts", {
      token: ADMIN_TOKEN,
      body: { name: "validity-probe", role: "viewer" },
    });
    expect(created.status).toBe(201);
    account = await callerFromBearer(created.body.token);
  });

  afterAll(async () => harness?.stop());

  /** Runs `body` with the runtime pointed at a database connection that has been closed. */
  async function withClosedDatabase(body: () => Promise<void>): Promise<void> {
    const runtime = getRuntime();
    setRuntime({ ...runtime, database: { kind: "pglite", client: closed, location: "memory" } });
    try {
      await body();
    } finally {
      setRuntime(runtime);
    }
  }

  it("throws unavailable, not false, when the database cannot answer", async () => {
    const sessionCaller: Caller = {
      kind: "user",
      subject: "alice",
      sessionId: randomUUID(),
      email: null,
      displayName: "alice",
      isAdmin: false,
      tenantRoles: { "tenant-a": "member" },
    };
    await withClosedDatabase(async () => {
      await expect(isCallerStillValid(account)).rejects.toMatchObject({ name: "AppError", code: "unavailable" });
      await expect(isCallerStillValid(sessionCaller)).rejects.toMatchObject({ name: "AppError", code: "unavailable" });
    });
    // With the database back, the same callers are valid: nothing was revoked.
    expect(await isCallerStillValid(account)).toBe(true);
    expect(await isCallerStillValid(sessionCaller)).toBe(true);
  });

  it("still answers false, without throwing, for an expired credential", async () => {
    await withClosedDatabase(async () => {
      expect(await isCallerStillValid({ ...account, expiresAt: new Date(Date.now() - 1000) })).toBe(false);
    });
  });

  it("ends a watch stream as unavailable, which the browser retries, when the re-check cannot be made", async () => {
    let resolveEnd: (end: WatchEnd) => void = () => undefined;
    const ended = new Promise<WatchEnd>((resolve) => (resolveEnd = resolve));
    const stop = await watchDeployments(
      account,
      "tenant-a",
      { onChange: () => undefined, onReady: () => undefined, onEnd: resolveEnd },
      {
        recheckMs: 200,
      },
    );
    // The account's table goes missing while the tenants' stays: only the validity check itself fails.
    await getDatabase().execute(sql`alter table service_accounts rename to service_accounts_away`);
    try {
      const end = await Promise.race([ended, new Promise((resolve) => setTimeout(() => resolve("no end"), 5000))]);
      expect(end).toMatchObject({ reason: "unavailable" });
    } finally {
      stop();
      await getDatabase().execute(sql`alter table service_accounts_away rename to service_accounts`);
    }
    expect(await isCallerStillValid(account)).toBe(true);
  });
});
