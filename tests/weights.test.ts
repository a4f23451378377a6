// The weights cache on the PVC end to end: directories made by real imports from a stand-in Hub, listed with size, files,
// source, version and users; the volume's usage and its warning; deleting, refused while a deployment or an import uses
// the directory; tenancy; names that cannot be directories; and an S3 artifact store, which caches nothing on a PVC.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseWeightsName, weightsNameOf } from "@/lib/schemas/weights";
import { usageWarning } from "@/lib/services/weights";
import { ADMIN_TOKEN, databaseTargets, startHarness, type Harness } from "./harness";
import { call } from "./http";
import { startHubStandIn, type HubStandIn } from "./stand-ins/hugging-face-hub";
import { generateModelRepo } from "./stand-ins/hub-repos";

const TINY = "acme/tiny-llama";

interface ImportedJob {
  id: string;
  files: Array<{ path: string; bytesDone: number }>;
}

interface Directory {
  name: string;
  tenant: string;
  model: string;
  version: { version: string; status: string; statusMessage: string | null; deployableUrl: string } | null;
  path: string;
  pvcUrl: string;
  bytes: number;
  fileCount: number;
  source: { kind: string; uri: string; importJob: string | null } | null;
  usedBy: Array<{ namespace: string; name: string }>;
  modifiedAt: string | null;
}

describe("weights directory names", () => {
  it("round-trip through one path segment, dotted model names included", () => {
    const location = { tenant: "tenant-a", model: "Llama-3.1-8B.Instruct_v2", id: "0a1b2c3d" };
    expect(weightsNameOf(location)).toBe("tenant-a~Llama-3.1-8B.Instruct_v2~0a1b2c3d");
    expect(parseWeightsName(weightsNameOf(location))).toEqual(location);
  });

  it.each([
    "usage",
    "tenant-a~tiny",
    "tenant-a~tiny~0a1b2c3d~x",
    "Tenant-A~tiny~0a1b2c3d",
    "tenant-a~..~0a1b2c3d",
    "tenant-a~tiny~0A1B2C3D",
  ])("refuses %s", (name) => expect(parseWeightsName(name)).toBeUndefined());

  it("warns only above the threshold", () => {
    expect(usageWarning("weights", 0.85, 0.85)).toBeNull();
    expect(usageWarning("weights", 0.9, 0.85)).toMatch(/weights is 90% full, above the alert threshold of 85%/);
  });
});

describe.each(databaseTargets())("the weights cache on the PVC (%s)", (target) => {
  let hub: HubStandIn;
  let harness: Harness;
  let alice: string;
  let bob: string;
  let victor: string;
  // Finished import jobs: versions 1 and 2 of tiny in tenant-a, and a dotted model name in tenant-b.
  const imported = new Map<"first" | "second" | "bobs", ImportedJob>();
  const job = (which: "first" | "second" | "bobs") => imported.get(which) as ImportedJob;

  const weightsRoot = () => harness.started.runtime.config.weightsPath;
  const onDisk = (directory: Directory) => path.join(weightsRoot(), directory.path);
  const list = async (token: string) => {
    const response = await call("GET", "/api/v1/weights", { token });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.items as Directory[];
  };
  const directoryOf = async (imports: { id: string }, token = alice) => {
    const found = (await list(token)).find((directory) => directory.source?.importJob === imports.id);
    if (!found) throw new Error(`no directory for job ${imports.id}`);
    return found;
  };

  async function settled(id: string, token: string) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const response = await call("GET", `/api/v1/jobs/${id}`, { token });
      if (["succeeded", "failed", "cancelled"].includes(response.body.state)) return response.body;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${response.body.state}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  async function importTiny(token: string, namespace: string, model: string): Promise<ImportedJob> {
    const accepted = await call("POST", "/api/v1/imports", { token, body: { source: "huggingface", namespace, repo: TINY, model } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    const done = await settled(accepted.body.id, token);
    expect(done.state, done.error).toBe("succeeded");
    return done;
  }

  beforeAll(async () => {
    hub = await startHubStandIn([generateModelRepo({ id: TINY, layers: 2, hidden: 128, vocab: 512, seed: 3 })]);
    harness = await startHarness(target, { HF_ENDPOINT: hub.url, PVC_ALERT_THRESHOLD: "0.0001" });
    [alice, bob, victor] = await Promise.all([harness.tokenFor("alice"), harness.tokenFor("bob"), harness.tokenFor("victor")]);
    imported.set("first", await importTiny(alice, "tenant-a", "tiny"));
    imported.set("second", await importTiny(alice, "tenant-a", "tiny"));
    imported.set("bobs", await importTiny(bob, "tenant-b", "bobs.model.v2"));
  }, 90_000);
  afterAll(async () => {
    await harness?.stop();
    await hub?.close();
  });

  it("lists each imported version's directory with its size, files, source, version and modification time", async () => {
    const items = await list(alice);
    expect(items.map((item) => item.tenant)).toEqual(["tenant-a", "tenant-a"]);
    for (const [imports, version] of [
      [job("first"), "1"],
      [job("second"), "2"],
    ] as const) {
      const directory = await directoryOf(imports);
      expect(directory).toMatchObject({
        name: `tenant-a~tiny~${imports.id.slice(0, 8)}`,
        model: "tiny",
        path: `tenant-a/tiny/${imports.id.slice(0, 8)}`,
        pvcUrl: `pvc://modelport-weights/tenant-a/tiny/${imports.id.slice(0, 8)}`,
        version: { version, status: "READY", deployableUrl: `pvc://modelport-weights/tenant-a/tiny/${imports.id.slice(0, 8)}/model` },
        source: { kind: "huggingface", uri: `hf://${TINY}@main`, importJob: imports.id },
        fileCount: imports.files.length,
        usedBy: [],
      });
      expect(directory.bytes).toBe(imports.files.reduce((sum, file) => sum + file.bytesDone, 0));
      expect(directory.bytes).toBeGreaterThan(0);
      expect(Date.now() - Date.parse(directory.modifiedAt ?? "")).toBeLessThan(120_000);
    }
  });

  it("shows one directory with every file and its size; a dotted model name round-trips through the URL", async () => {
    const listed = await directoryOf(job("first"));
    const detail = await call("GET", `/api/v1/weights/${listed.name}`, { token: alice });
    expect(detail.status, JSON.stringify(detail.body)).toBe(200);
    expect(detail.body).toMatchObject({ ...listed, files: expect.any(Array) });
    const expected = job("first").files.map((file) => ({ path: `model/${file.path}`, bytes: file.bytesDone }));
    expect([...detail.body.files].sort((a, b) => a.path.localeCompare(b.path))).toEqual(
      expected.sort((a, b) => a.path.localeCompare(b.path)),
    );
    for (const file of detail.body.files) expect(fs.statSync(path.join(onDisk(listed), file.path)).size).toBe(file.bytes);

    const bobs = await directoryOf(job("bobs"), bob);
    expect(bobs.name).toBe(`tenant-b~bobs.model.v2~${job("bobs").id.slice(0, 8)}`);
    const dotted = await call("GET", `/api/v1/weights/${bobs.name}`, { token: bob });
    expect(dotted.status).toBe(200);
    expect(dotted.body.model).toBe("bobs.model.v2");
  });

  it("reports the volume's usage consistently, with the warning above PVC_ALERT_THRESHOLD and bytes per visible tenant", async () => {
    const usage = await call("GET", "/api/v1/weights/usage", { token: alice });
    expect(usage.status, JSON.stringify(usage.body)).toBe(200);
    const { usedBytes, freeBytes, totalBytes, usedFraction } = usage.body;
    expect(totalBytes).toBeGreaterThan(0);
    expect(usedBytes + freeBytes).toBeLessThanOrEqual(totalBytes);
    expect(usedFraction).toBeCloseTo(usedBytes / totalBytes, 10);
    expect(usage.body.threshold).toBe(0.0001);
    expect(usage.body.warning).toMatch(/modelport-weights is [\d.]+% full, above the alert threshold of 0.01%/);
    const mine = (await list(alice)).reduce((sum, directory) => sum + directory.bytes, 0);
    expect(usage.body.tenants).toEqual([{ tenant: "tenant-a", bytes: mine, directories: 2 }]);

    const admin = await call("GET", "/api/v1/weights/usage", { token: ADMIN_TOKEN });
    expect(admin.body.tenants.map((tenant: { tenant: string }) => tenant.tenant).sort()).toEqual(["tenant-a", "tenant-b"]);
  });

  it("keeps tenants apart: another tenant's directory is not found, a viewer reads but cannot delete", async () => {
    const mine = await directoryOf(job("first"));
    const bobs = await directoryOf(job("bobs"), bob);
    expect((await list(bob)).map((directory) => directory.name)).toEqual([bobs.name]);
    expect((await list(ADMIN_TOKEN)).map((directory) => directory.tenant).sort()).toEqual(["tenant-a", "tenant-a", "tenant-b"]);
    expect((await call("GET", `/api/v1/weights/${bobs.name}`, { token: alice })).status).toBe(404);
    expect((await call("DELETE", `/api/v1/weights/${mine.name}`, { token: bob })).status).toBe(404);

    expect((await call("GET", `/api/v1/weights/${mine.name}`, { token: victor })).status).toBe(200);
    const refused = await call("DELETE", `/api/v1/weights/${mine.name}`, { token: victor });
    expect(refused.status).toBe(403);
    expect(fs.existsSync(onDisk(mine))).toBe(true);
  });

  it("answers 404 for names that cannot be directories and for directories that are not there", async () => {
    const real = await directoryOf(job("first"));
    const names = [
      "nothing",
      "tenant-a~tiny",
      "tenant-a~tiny~zzzzzzzz",
      "tenant-a~tiny~00000000",
      "tenant-a~no-such-model~00000000",
      "Tenant-A~tiny~00000000",
      `${real.name}~extra`,
      encodeURIComponent(`tenant-a~../tiny~${real.name.slice(-8)}`),
      encodeURIComponent(`tenant-a/tiny/${real.name.slice(-8)}`),
    ];
    for (const name of names) {
      expect((await call("GET", `/api/v1/weights/${name}`, { token: alice })).status, name).toBe(404);
      expect((await call("DELETE", `/api/v1/weights/${name}`, { token: alice })).status, name).toBe(404);
    }
    expect(fs.existsSync(onDisk(real))).toBe(true);
  });

  it("refuses to delete a directory a deployment loads unless forced, then marks its version failed", async () => {
    const directory = await directoryOf(job("first"));
    const deployed = await call("POST", "/register_model", {
      token: alice,
      body: {
        name: "tiny-from-cache",
        namespace: "tenant-a",
        engine: "VLLM",
        features: ["TextGeneration"],
        url: directory.version?.deployableUrl,
        resourceProfile: "cpu:1",
      },
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    expect((await directoryOf(job("first"))).usedBy).toEqual([{ namespace: "tenant-a", name: "tiny-from-cache" }]);
    expect((await directoryOf(job("second"))).usedBy).toEqual([]);

    const refused = await call("DELETE", `/api/v1/weights/${directory.name}`, { token: alice });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain("tiny-from-cache");
    expect(refused.body.details.usedBy).toEqual([{ namespace: "tenant-a", name: "tiny-from-cache" }]);
    expect(fs.existsSync(onDisk(directory))).toBe(true);

    const forced = await call("DELETE", `/api/v1/weights/${directory.name}?force=true`, { token: alice });
    expect(forced.status, JSON.stringify(forced.body)).toBe(200);
    expect(forced.body).toMatchObject({
      name: directory.name,
      bytesFreed: directory.bytes,
      version: { model: "tiny", version: "1", status: "FAILED_REGISTRATION" },
      usedBy: [{ namespace: "tenant-a", name: "tiny-from-cache" }],
    });
    expect(fs.existsSync(onDisk(directory))).toBe(false);
    expect((await call("GET", `/api/v1/weights/${directory.name}`, { token: alice })).status).toBe(404);
    expect((await list(alice)).map((item) => item.name)).not.toContain(directory.name);
    const version = await call("GET", "/api/v1/repository/models/tenant-a/tiny/versions/1", { token: alice });
    expect(version.body).toMatchObject({ status: "FAILED_REGISTRATION", statusMessage: expect.stringContaining(directory.name) });
  });

  it("deletes a directory nobody uses without force", async () => {
    const directory = await directoryOf(job("second"));
    const deleted = await call("DELETE", `/api/v1/weights/${directory.name}`, { token: alice });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect(deleted.body).toMatchObject({ bytesFreed: directory.bytes, usedBy: [], version: { version: "2" } });
    expect(fs.existsSync(onDisk(directory))).toBe(false);
    const audit = await call("GET", "/api/v1/audit?tenant=tenant-a", { token: ADMIN_TOKEN });
    expect(JSON.stringify(audit.body)).toContain(directory.name);
  });

  it("counts a running import's unfinished file and refuses to delete it until the import is cancelled", async () => {
    hub.interrupt(TINY, "model.safetensors", { afterBytes: 100, mode: "stall", times: 1 });
    const accepted = await call("POST", "/api/v1/imports", {
      token: alice,
      body: { source: "huggingface", namespace: "tenant-a", repo: TINY, model: "stalled" },
    });
    const id = accepted.body.id;
    const partial = path.join(weightsRoot(), `tenant-a/stalled/${id.slice(0, 8)}/model/model.safetensors.partial`);
    const deadline = Date.now() + 10_000;
    while (!(fs.existsSync(partial) && fs.statSync(partial).size > 0) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));

    const directory = await directoryOf({ id });
    expect(directory.version?.status).toBe("PENDING_REGISTRATION");
    // The unfinished file occupies the disk, so it counts in bytes, but it is not one of the directory's files.
    expect(directory.bytes).toBeGreaterThanOrEqual(fs.statSync(partial).size);
    const detail = await call("GET", `/api/v1/weights/${directory.name}`, { token: alice });
    expect(detail.body.files.map((file: { path: string }) => file.path)).not.toContain("model/model.safetensors.partial");
    expect(detail.body.fileCount).toBe(detail.body.files.length);
    const refused = await call("DELETE", `/api/v1/weights/${directory.name}?force=true`, { token: alice });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain(id);

    expect((await call("POST", `/api/v1/jobs/${id}/cancel`, { token: alice })).status).toBe(200);
    expect((await settled(id, alice)).state).toBe("cancelled");
    const deleted = await call("DELETE", `/api/v1/weights/${directory.name}`, { token: alice });
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect(fs.existsSync(onDisk(directory))).toBe(false);
  });
});

describe("the weights cache with an S3 artifact store", () => {
  let harness: Harness;
  let alice: string;

  beforeAll(async () => {
    harness = await startHarness("pglite", {
      MODELPORT_ARTIFACT_STORE: "s3",
      S3_BUCKET: "model-weights",
      S3_PREFIX: "imports",
      S3_ENDPOINT: "http://127.0.0.1:9",
    });
    alice = await harness.tokenFor("alice");
  }, 60_000);
  afterAll(async () => harness?.stop());

  it("lists nothing and says the weights are in S3; usage is a conflict and names are not found", async () => {
    const listed = await call("GET", "/api/v1/weights", { token: alice });
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ store: "s3", pvcName: null, items: [] });
    expect(listed.body.note).toContain("s3://model-weights/imports");
    const usage = await call("GET", "/api/v1/weights/usage", { token: alice });
    expect(usage.status).toBe(409);
    expect(usage.body.error).toContain("S3");
    const one = await call("GET", "/api/v1/weights/tenant-a~tiny~0a1b2c3d", { token: alice });
    expect(one.status).toBe(404);
    expect(one.body.error).toContain("S3");
  });
});
