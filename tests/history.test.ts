// A deployment's timeline from the audit log and the cluster's events: what people did, in order, with who did it,
// what the cluster said when it failed, kept after the deployment is deleted, and hidden from other tenants.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";
import { call } from "./http";

describe("deployment history", () => {
  let harness: Harness;
  let alice: string;
  let bob: string;
  const history = (name: string, token = alice) => call("GET", `/api/v1/deployments/tenant-a/${name}/history`, { token });

  beforeAll(async () => {
    harness = await startHarness("pglite");
    [alice, bob] = await Promise.all([harness.tokenFor("alice"), harness.tokenFor("bob")]);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it("tells what was done to a deployment, newest first, and keeps it after the deployment is gone", async () => {
    const body = {
      namespace: "tenant-a",
      name: "timeline",
      url: "hf://Qwen/Qwen2-0.5B-Instruct",
      engine: "VLLM",
      features: ["TextGeneration"],
      resourceProfile: "cpu:1",
      minReplicas: 1,
      maxReplicas: 3,
      replicas: 1,
    };
    const path = "/api/v1/deployments/tenant-a/timeline";
    expect((await call("POST", "/api/v1/deployments", { token: alice, body })).status).toBe(201);
    expect((await call("PATCH", path, { token: alice, body: { replicas: 2 } })).status).toBe(200);
    expect((await call("PATCH", path, { token: alice, body: { args: ["--max-model-len=2048"] } })).status).toBe(200);
    expect((await call("POST", `${path}/stop`, { token: alice })).status).toBe(200);
    expect((await call("POST", `${path}/start`, { token: alice })).status).toBe(200);
    expect((await call("POST", `${path}/publish`, { token: alice, body: {} })).status).toBe(201);
    expect((await call("DELETE", `${path}/publish`, { token: alice })).status).toBe(200);
    expect((await call("DELETE", path, { token: alice })).status).toBeLessThan(300);

    const answer = await history("timeline");
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const audited = answer.body.items.filter((entry: { source: string }) => entry.source === "audit");
    expect(audited.map((entry: { kind: string }) => entry.kind)).toEqual([
      "deleted",
      "unpublished",
      "published",
      "started",
      "stopped",
      "changed",
      "scaled",
      "created",
    ]);
    expect(audited.find((entry: { kind: string }) => entry.kind === "scaled").summary).toMatch(/^Scaled: replicas 1 → 2 by /);
    expect(audited.find((entry: { kind: string }) => entry.kind === "changed").summary).toMatch(/^Changed spec\.args/);
    for (const entry of audited) expect(entry).toMatchObject({ actor: expect.any(String), outcome: "succeeded" });
    const times = answer.body.items.map((entry: { at: string }) => entry.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("shows the cluster's failure beside what people did", async () => {
    const body = {
      backend: "kserve",
      namespace: "tenant-a",
      name: "iris-lost",
      modelFormat: { name: "sklearn" },
      storageUri: "pvc://no-such-claim/model",
    };
    expect((await call("POST", "/api/v1/deployments", { token: alice, body })).status).toBe(201);
    await expect
      .poll(async () => (await history("iris-lost")).body.items.find((entry: { kind: string }) => entry.kind === "failed"), {
        timeout: 15_000,
      })
      .toMatchObject({ source: "cluster", type: "Warning", reason: "ModelLoadFailed", summary: expect.stringMatching(/no-such-claim/) });
    expect((await history("iris-lost")).body.items.at(-1)).toMatchObject({ kind: "created", source: "audit" });
  });

  it("answers another tenant's or an unknown deployment's history as not found", async () => {
    expect((await history("timeline", bob)).status).toBe(404);
    expect((await history("iris-lost", bob)).status).toBe(404);
    expect((await history("never-was")).status).toBe(404);
    expect((await call("GET", "/api/v1/deployments/tenant-a/timeline/history?limit=0", { token: alice })).status).toBe(422);
  });
});
