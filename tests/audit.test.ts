// The audit log cannot miss a change: the intent is stored before the change (or the change is refused), the outcome
// after it; secrets in env and args never reach it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import type { AuditEvent } from "@/lib/schemas/audit";
import { audited, listAuditEvents } from "@/lib/services/audit";
import { ADMIN_TOKEN, databaseTargets, startHarness, type Harness } from "./harness";
import { call } from "./http";

const admin: Caller = {
  kind: "bootstrap",
  subject: "bootstrap-admin",
  email: null,
  displayName: "Bootstrap admin",
  isAdmin: true,
  tenantRoles: {},
};

async function eventsFor(tenant: string): Promise<AuditEvent[]> {
  return (await listAuditEvents(admin, { tenant })).items;
}

function intent(tenant: string, extra: { resourceName?: string; before?: unknown } = {}) {
  return { action: "test.change", tenant, resourceKind: "Thing", resourceName: extra.resourceName ?? "thing", before: extra.before };
}

describe.each(databaseTargets())("audit log on %s", (target) => {
  let harness: Harness;
  let alice: string;

  beforeAll(async () => {
    harness = await startHarness(target);
    alice = await harness.tokenFor("alice");
  });
  afterAll(async () => harness?.stop());

  it("refuses a change whose audit record cannot be stored (a NUL in its name), before making it, naming the field", async () => {
    let performed = 0;
    const perform = async () => {
      performed += 1;
    };
    const nulName = await audited(admin, intent("nul-name", { resourceName: "a\u0000" }), perform).catch((caught: unknown) => caught);
    expect(nulName).toBeInstanceOf(AppError);
    expect(nulName).toMatchObject({ code: "invalid", details: { fields: [{ field: "resourceName" }] } });
    expect((nulName as AppError).message).toContain("nothing was changed");
    expect(performed).toBe(0);
    expect(await eventsFor("nul-name")).toEqual([]);
  });

  it("keeps the cluster's state before a change even when it holds what the store cannot keep, so such objects stay editable", async () => {
    let performed = false;
    const before = { spec: { args: ["--name=a\u0000b"] }, ["k\uD800"]: 1 };
    await audited(admin, intent("odd-before", { before }), async () => {
      performed = true;
    });
    expect(performed).toBe(true);
    const [event] = await eventsFor("odd-before");
    expect(event).toMatchObject({ outcome: "succeeded", before: { spec: { args: ["--name=a\u2400b"] } } });
  });

  it("records the intent as pending before the change is made, and settles it as succeeded with the after state", async () => {
    let seenDuringChange: AuditEvent[] = [];
    const result = await audited(
      admin,
      intent("settled", { before: { replicas: 1 } }),
      async () => {
        seenDuringChange = await eventsFor("settled");
        return { replicas: 2 };
      },
      (state) => state,
    );
    expect(result).toEqual({ replicas: 2 });
    expect(seenDuringChange).toMatchObject([{ outcome: "pending", before: { replicas: 1 }, after: null }]);
    expect(await eventsFor("settled")).toMatchObject([
      { outcome: "succeeded", before: { replicas: 1 }, after: { replicas: 2 }, error: null },
    ]);
  });

  it("records a failed change as failed with its message, and rethrows the error unchanged", async () => {
    const failure = new AppError("conflict", "Thing was changed by someone else");
    const error = await audited(admin, intent("failing"), async () => {
      throw failure;
    }).catch((caught: unknown) => caught);
    expect(error).toBe(failure);
    expect(await eventsFor("failing")).toMatchObject([{ outcome: "failed", error: "Thing was changed by someone else", after: null }]);
  });

  it("answers success when the change is made but its outcome cannot be written, leaving the intent pending", async () => {
    const result = await audited(
      admin,
      intent("unsettled"),
      async () => "done",
      () => {
        throw new Error("cannot describe the result");
      },
    );
    expect(result).toBe("done");
    expect(await eventsFor("unsettled")).toMatchObject([{ outcome: "pending" }]);
  });

  it("keeps an after state the store cannot hold as is, with the characters replaced", async () => {
    await audited(
      admin,
      intent("odd-after"),
      async () => ({ note: "a\u0000b" }),
      (state) => state,
    );
    expect(await eventsFor("odd-after")).toMatchObject([{ outcome: "succeeded", after: { note: "a\u2400b" } }]);
  });

  it("records a tenant's create and delete over HTTP with the row before and after", async () => {
    expect(
      (await call("POST", "/api/v1/tenants", { token: ADMIN_TOKEN, body: { name: "audited-tenant", displayName: "Audited" } })).status,
    ).toBe(201);
    expect((await call("DELETE", "/api/v1/tenants/audited-tenant", { token: ADMIN_TOKEN })).status).toBe(200);
    const log = await call("GET", "/api/v1/audit?tenant=audited-tenant", { token: ADMIN_TOKEN });
    expect(log.status).toBe(200);
    expect(log.body.items).toMatchObject([
      {
        action: "tenant.delete",
        outcome: "succeeded",
        error: null,
        before: { name: "audited-tenant", displayName: "Audited" },
        after: null,
      },
      {
        action: "tenant.create",
        outcome: "succeeded",
        error: null,
        before: null,
        after: { name: "audited-tenant", displayName: "Audited" },
      },
    ]);
  });

  it("records a service account's create and revoke without its token", async () => {
    const created = await call("POST", "/api/v1/tenants/tenant-a/service-accounts", {
      token: alice,
      body: { name: "audited-ci", role: "viewer" },
    });
    expect(created.status).toBe(201);
    expect((await call("DELETE", `/api/v1/tenants/tenant-a/service-accounts/${created.body.id}`, { token: alice })).status).toBe(200);
    const log = await call("GET", "/api/v1/audit?tenant=tenant-a", { token: ADMIN_TOKEN });
    const events = log.body.items.filter((event: AuditEvent) => event.resourceName === "audited-ci");
    expect(events).toMatchObject([
      { action: "service-account.revoke", outcome: "succeeded", before: { revokedAt: null }, after: { id: created.body.id } },
      { action: "service-account.create", outcome: "succeeded", before: null, after: { id: created.body.id, role: "viewer" } },
    ]);
    expect(events[0].after.revokedAt).toEqual(expect.any(String));
    expect(JSON.stringify(log.body)).not.toContain(created.body.token);
  });

  it("masks args and env values of a deployment in the audit log", async () => {
    const body = {
      namespace: "tenant-a",
      name: "args-secret",
      url: "hf://a/b",
      engine: "VLLM",
      features: ["TextGeneration"],
      args: ["--api-key=sk-secret", "--hf-token", "hf_arg_secret", "--max-model-len=4096"],
      env: { HF_TOKEN: "hf_env_secret" },
    };
    expect((await call("POST", "/api/v1/deployments", { token: alice, body })).status).toBe(201);
    const log = await call("GET", "/api/v1/audit?tenant=tenant-a", { token: ADMIN_TOKEN });
    const text = JSON.stringify(log.body);
    for (const secret of ["sk-secret", "hf_arg_secret", "hf_env_secret"]) expect(text).not.toContain(secret);
    const event = log.body.items.find((item: AuditEvent) => item.action === "deployment.create" && item.resourceName === "args-secret");
    expect(event).toMatchObject({
      outcome: "succeeded",
      after: { spec: { args: ["--api-key=***", "--hf-token", "***", "--max-model-len=4096"], env: { HF_TOKEN: "***" } } },
    });
  });
});
