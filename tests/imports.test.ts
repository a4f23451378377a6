// Imports end to end: the Model Installer's download_hf_model and download_s3_model bodies against a stand-in Hub and
// a real S3 protocol server (s3rver), jobs that resume with Range after a dropped connection or a stall, cancel and
// retry, gated models, credentials that never reach the database, register_s3_model, delete_model, and tenancy.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDatabase } from "@/db";
import { jobs } from "@/db/schema";
import { startJobWorker, type JobWorker } from "@/lib/jobs/worker";
import { getCluster } from "@/lib/k8s/cluster";
import { createCredentialsSecret } from "@/lib/k8s/secrets";
import { importHandlers } from "@/lib/services/imports";
import { databaseTargets, startHarness, type Harness } from "./harness";
import { startWebhookReceiver, type WebhookReceiver } from "./stand-ins/webhook";
import { call } from "./http";
import { startHubStandIn, type HubStandIn } from "./stand-ins/hugging-face-hub";
import { generateModelRepo } from "./stand-ins/hub-repos";
import { S3RVER_CREDENTIALS, startS3StandIn, type S3StandIn } from "./stand-ins/s3";
import { startMlflowStandIn, type MlflowStandIn } from "./stand-ins/mlflow";
import { startVaultStandIn } from "./stand-ins/vault";

const TINY = "acme/tiny-llama";
const SHARDED = "acme/sharded-llama";
const GATED = "acme/gated-llama";

describe.each(databaseTargets())("imports into the repository (%s)", (target) => {
  let hub: HubStandIn;
  let s3: S3StandIn;
  let s3Url: string;
  let vault: Awaited<ReturnType<typeof startVaultStandIn>>;
  let harness: Harness;
  let webhook: WebhookReceiver;
  let replacement: JobWorker | undefined;
  let alice: string;
  let bob: string;
  let victor: string;

  const job = (id: string, token = alice) => call("GET", `/api/v1/jobs/${id}`, { token });
  async function settled(id: string, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await job(id);
      expect(response.status).toBe(200);
      if (["succeeded", "failed", "cancelled"].includes(response.body.state)) return response.body;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${response.body.state}: ${JSON.stringify(response.body.progress)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

  beforeAll(async () => {
    hub = await startHubStandIn(
      [
        generateModelRepo({ id: TINY, layers: 2, hidden: 128, vocab: 512, seed: 3 }),
        generateModelRepo({ id: SHARDED, layers: 4, hidden: 256, vocab: 2048, shards: 2, seed: 5 }),
        { ...generateModelRepo({ id: GATED, layers: 1, hidden: 64, vocab: 128, seed: 7 }), gated: "manual" },
      ],
      ["hf_accepted_license"],
    );
    s3 = await startS3StandIn(["source-models"]);
    s3Url = s3.endpoint;
    const client = new S3Client({ endpoint: s3Url, region: "us-east-1", forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
    for (const [key, body] of Object.entries({
      "bert/config.json": '{"architectures":["BertModel"]}',
      "bert/model.safetensors": "x".repeat(300_000),
    })) {
      await client.send(new PutObjectCommand({ Bucket: "source-models", Key: key, Body: body }));
    }
    vault = await startVaultStandIn({
      tokens: ["vault-root-token"],
      secrets: {
        "secret/modelport/tenant-a/s3": [{ access_key_id: "S3RVER", secret_access_key: "S3RVER" }],
        "secret/modelport/tenant-b/s3": [{ access_key_id: "S3RVER", secret_access_key: "S3RVER" }],
      },
    });
    webhook = await startWebhookReceiver();
    harness = await startHarness(target, {
      NOTIFY_WEBHOOK_URL: webhook.url,
      HF_ENDPOINT: hub.url,
      MODELPORT_IMPORT_STALL_SECONDS: "1",
      OPENBAO_ADDR: vault.url,
      OPENBAO_TOKEN: "vault-root-token",
      OPENBAO_TENANT_PREFIX: "secret/modelport/{tenant}/",
    });
    [alice, bob, victor] = await Promise.all([harness.tokenFor("alice"), harness.tokenFor("bob"), harness.tokenFor("victor")]);
  }, 60_000);
  afterAll(async () => {
    await replacement?.stop();
    await harness?.stop();
    await hub?.close();
    await s3?.close();
    await vault?.close();
    await webhook?.close();
  });

  it("imports a Hub model with the Model Installer's body: every file verified, a READY version with a pvc:// URL", async () => {
    const accepted = await call("POST", "/download_hf_model", {
      token: alice,
      body: { hf_model_name: SHARDED, revision: "main", artifact_path: "model", namespace: "tenant-a", register_inference: false },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect(accepted.body).toMatchObject({ job_id: expect.any(String), job: { state: "queued", source: `hf://${SHARDED}@main` } });
    const done = await settled(accepted.body.job_id);
    expect(done.state, done.error).toBe("succeeded");
    expect(done.progress).toMatchObject({ filesDone: done.files.length, filesTotal: done.files.length });
    expect(done.progress.bytesDone).toBe(done.progress.bytesTotal);
    const shards = done.files.filter((file: { path: string }) => file.path.endsWith(".safetensors"));
    expect(shards).toHaveLength(2);
    for (const file of shards) {
      expect(file.sha256).toBe((await hub.facts(SHARDED, file.path)).lfs?.oid);
      expect(file.state).toBe("done");
    }
    expect(done.result).toMatchObject({
      model: "sharded-llama",
      version: "1",
      deployableUrl: expect.stringMatching(/^pvc:\/\/modelport-weights\/tenant-a\/sharded-llama\/[0-9a-f]{8}\/model$/),
    });

    const model = await call("GET", "/api/v1/repository/models/tenant-a/sharded-llama", { token: alice });
    expect(model.status).toBe(200);
    expect(model.body.versions[0]).toMatchObject({
      version: "1",
      status: "READY",
      deployableUrl: done.result.deployableUrl,
      tags: { hf_repo: SHARDED, hf_revision: "main", experiment: "hf-acme-sharded-llama" },
      createdBy: expect.stringContaining("alice"),
    });
    const version = await call("GET", "/api/v1/repository/models/tenant-a/sharded-llama/versions/1", { token: alice });
    expect(version.body.files.map((file: { path: string }) => file.path).sort()).toEqual(
      done.files.map((file: { path: string }) => file.path).sort(),
    );
    // The bytes on the volume are the Hub's bytes.
    const weights = path.join(
      harness.started.runtime.config.weightsPath,
      done.result.deployableUrl.replace("pvc://modelport-weights/", ""),
    );
    for (const file of shards) expect(sha256(fs.readFileSync(path.join(weights, file.path)))).toBe(file.sha256);

    const listed = await call("GET", "/api/v1/repository/models?namespace=tenant-a&search=SHARDED", { token: alice });
    expect(listed.body.items.map((item: { name: string }) => item.name)).toEqual(["sharded-llama"]);
    expect(listed.body.items[0].latestVersion.status).toBe("READY");
  });

  it("resumes a dropped transfer with a Range request and a stalled one after the stall timeout", async () => {
    const shard = "model-00001-of-00002.safetensors";
    const size = (await hub.facts(SHARDED, shard)).size;
    hub.interrupt(SHARDED, shard, { afterBytes: Math.floor(size / 3), mode: "destroy" });
    hub.interrupt(SHARDED, "model-00002-of-00002.safetensors", { afterBytes: 1000, mode: "stall" });
    const before = hub.received.length;
    const accepted = await call("POST", "/api/v1/imports", {
      token: alice,
      body: { source: "huggingface", namespace: "tenant-a", repo: SHARDED, model: "resumed" },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    const done = await settled(accepted.body.id, 30_000);
    expect(done.state, done.error).toBe("succeeded");
    expect(done.attempts).toBeGreaterThan(1);
    expect(done.log.map((line: { message: string }) => line.message).join("\n")).toMatch(/no bytes for 1 s|trying again/);
    const ranged = hub.received.slice(before).filter((request) => request.path.endsWith(shard) && request.range);
    expect(ranged.length).toBeGreaterThan(0);
    expect(ranged[0].range).toMatch(/^bytes=[1-9]\d*-$/);
    for (const file of done.files) expect(file.sha256).toBeTruthy();
  });

  it("fails a gated model without a token with the gated message, and imports it with hf_token, which is never stored", async () => {
    const refused = await call("POST", "/download_hf_model", { token: alice, body: { hf_model_name: GATED, namespace: "tenant-a" } });
    expect(refused.status).toBe(202);
    const failed = await settled(refused.body.job_id);
    expect(failed.state).toBe("failed");
    expect(failed.error).toMatch(/gated|license/i);
    // The operators' webhook heard of it, with where the weights were to come from.
    await expect
      .poll(() => webhook.received.find((event) => event.kind === "import.failed" && (event.job as { id: string }).id === failed.id))
      .toMatchObject({ tenant: "tenant-a", source: expect.stringContaining(GATED), error: expect.stringMatching(/gated|license/i) });
    const model = await call("GET", "/api/v1/repository/models/tenant-a/gated-llama", { token: alice });
    expect(model.body.versions[0]).toMatchObject({ status: "FAILED_REGISTRATION", statusMessage: expect.stringMatching(/gated|license/i) });

    const secretToken = "hf_accepted_license";
    const accepted = await call("POST", "/download_hf_model", {
      token: alice,
      body: { hf_model_name: GATED, namespace: "tenant-a", hf_token: secretToken },
    });
    const done = await settled(accepted.body.job_id);
    expect(done.state, done.error).toBe("succeeded");
    expect(JSON.stringify(done)).not.toContain(secretToken);
    const rows = await getDatabase().select().from(jobs);
    expect(JSON.stringify(rows)).not.toContain(secretToken);
    const audit = await call("GET", "/api/v1/audit?tenant=tenant-a", { token: await harness.tokenFor("admin") });
    expect(JSON.stringify(audit.body)).not.toContain(secretToken);
  });

  it("names an unknown model in the job's error", async () => {
    const accepted = await call("POST", "/download_hf_model", {
      token: alice,
      body: { hf_model_name: "acme/does-not-exist", namespace: "tenant-a" },
    });
    const failed = await settled(accepted.body.job_id);
    expect(failed.state).toBe("failed");
    expect(failed.error).toMatch(/not found/i);
  });

  it("cancels a running import, and a retry finishes it without fetching completed files again", async () => {
    hub.interrupt(TINY, "model.safetensors", { afterBytes: 100, mode: "stall", times: 1 });
    const accepted = await call("POST", "/api/v1/imports", {
      token: alice,
      body: { source: "huggingface", namespace: "tenant-a", repo: TINY, model: "cancelled" },
    });
    const id = accepted.body.id;
    for (let seen = await job(id); seen.body.state !== "running"; seen = await job(id))
      await new Promise((resolve) => setTimeout(resolve, 50));
    const cancel = await call("POST", `/api/v1/jobs/${id}/cancel`, { token: alice });
    expect(cancel.status).toBe(200);
    const cancelled = await settled(id);
    expect(cancelled.state).toBe("cancelled");
    const version = await call("GET", "/api/v1/repository/models/tenant-a/cancelled", { token: alice });
    expect(version.body.versions[0]).toMatchObject({ status: "FAILED_REGISTRATION", statusMessage: "Import cancelled" });
    expect((await call("POST", `/api/v1/jobs/${id}/cancel`, { token: alice })).status).toBe(409);

    const doneFiles = cancelled.files.filter((file: { state: string }) => file.state === "done").map((file: { path: string }) => file.path);
    const before = hub.received.length;
    const retried = await call("POST", `/api/v1/jobs/${id}/retry`, { token: alice });
    expect(retried.status).toBe(200);
    expect(retried.body.state).toBe("queued");
    const done = await settled(id);
    expect(done.state, done.error).toBe("succeeded");
    const fetchedAgain = hub.received
      .slice(before)
      .filter((request) => doneFiles.some((file: string) => request.path.endsWith(`/${file}`)));
    expect(fetchedAgain).toEqual([]);
    const ready = await call("GET", "/api/v1/repository/models/tenant-a/cancelled", { token: alice });
    expect(ready.body.versions[0].status).toBe("READY");
  });

  it("resumes a job whose worker stopped halfway, in another worker", async () => {
    hub.interrupt(TINY, "model.safetensors", { afterBytes: 100, mode: "stall", times: 1 });
    const accepted = await call("POST", "/api/v1/imports", {
      token: alice,
      body: { source: "huggingface", namespace: "tenant-a", repo: TINY, model: "restarted" },
    });
    const id = accepted.body.id;
    for (let seen = await job(id); seen.body.state !== "running"; seen = await job(id))
      await new Promise((resolve) => setTimeout(resolve, 50));
    await harness.started.worker?.stop();
    expect((await job(id)).body.state).toBe("queued");
    // The worker that takes over serves the rest of the suite; afterAll stops it before the harness.
    replacement = startJobWorker({ handlers: importHandlers, concurrency: 2, pollMs: 100, heartbeatMs: 100, retryBaseMs: 100 });
    const done = await settled(id);
    expect(done.state, done.error).toBe("succeeded");
    expect(done.log.map((line: { message: string }) => line.message).join("\n")).toMatch(/interrupted/);
  });

  it("copies from S3 with direct keys, a Kubernetes Secret or an OpenBao path; keys never reach the database", async () => {
    const direct = await call("POST", "/download_s3_model", {
      token: alice,
      body: {
        bucket: "source-models",
        prefix: "bert",
        endpoint: s3Url,
        region: "us-east-1",
        model_name: "bert",
        namespace: "tenant-a",
        aws_access_key_id: "S3RVER",
        aws_secret_access_key: "S3RVER",
      },
    });
    expect(direct.status, JSON.stringify(direct.body)).toBe(202);
    const done = await settled(direct.body.job_id);
    expect(done.state, done.error).toBe("succeeded");
    expect(done.files.map((file: { path: string }) => file.path).sort()).toEqual(["config.json", "model.safetensors"]);
    expect(JSON.stringify(await getDatabase().select().from(jobs))).not.toContain('"S3RVER"');

    const viaBao = await call("POST", "/download_s3_model", {
      token: alice,
      body: {
        bucket: "source-models",
        prefix: "bert/",
        endpoint: s3Url,
        model_name: "bert",
        namespace: "tenant-a",
        openbao_secret_path: "secret/data/modelport/tenant-a/s3",
      },
    });
    const baoDone = await settled(viaBao.body.job_id);
    expect(baoDone.state, baoDone.error).toBe("succeeded");
    expect(baoDone.result.version).toBe("2");

    await createCredentialsSecret(
      getCluster(),
      "tenant-a",
      "s3-credentials",
      { AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER" },
      "test",
    );
    const viaSecret = await call("POST", "/download_s3_model", {
      token: alice,
      body: {
        bucket: "source-models",
        prefix: "bert",
        endpoint: s3Url,
        model_name: "bert",
        namespace: "tenant-a",
        credentials_secret: "s3-credentials",
      },
    });
    const secretDone = await settled(viaSecret.body.job_id);
    expect(secretDone.state, secretDone.error).toBe("succeeded");
    expect(secretDone.result.version).toBe("3");

    // Another tenant's OpenBao secret, and Modelport's own S3 access, are not a tenant's to use.
    const foreign = await call("POST", "/download_s3_model", {
      token: alice,
      body: {
        bucket: "source-models",
        prefix: "bert",
        endpoint: s3Url,
        model_name: "bert",
        namespace: "tenant-a",
        openbao_secret_path: "secret/modelport/tenant-b/s3",
      },
    });
    expect(foreign.status).toBe(422);
    expect(JSON.stringify(foreign.body)).toContain("openbao_secret_path");
    const ambient = await call("POST", "/download_s3_model", {
      token: alice,
      body: { bucket: "source-models", prefix: "bert", endpoint: s3Url, model_name: "bert", namespace: "tenant-a" },
    });
    expect(ambient.status).toBe(422);
    expect(JSON.stringify(ambient.body)).toMatch(/credentials/);

    const missing = await call("POST", "/download_s3_model", {
      token: alice,
      body: {
        bucket: "source-models",
        prefix: "bert",
        endpoint: s3Url,
        model_name: "bert",
        namespace: "tenant-a",
        credentials_secret: "no-such-secret",
      },
    });
    const missingDone = await settled(missing.body.job_id);
    expect(missingDone.state).toBe("failed");
    expect(missingDone.error).toMatch(/no-such-secret/);
  });

  it("registers an existing S3 location without copying, after checking it is there", async () => {
    const body = {
      s3_uri: "s3://source-models/bert",
      model_name: "bert-in-place",
      endpoint: s3Url,
      namespace: "tenant-a",
      aws_access_key_id: "S3RVER",
      aws_secret_access_key: "S3RVER",
    };
    const registered = await call("POST", "/register_s3_model", { token: alice, body });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect(registered.body).toMatchObject({
      model_name: "bert-in-place",
      version: "1",
      status: "READY",
      source: "s3://source-models/bert",
    });
    expect(registered.body.model_version.deployableUrl).toBe("s3://source-models/bert");

    const empty = await call("POST", "/register_s3_model", { token: alice, body: { ...body, s3_uri: "s3://source-models/nothing-here" } });
    expect(empty.status).toBe(422);
    expect(JSON.stringify(empty.body)).toContain("s3_uri");
    const spoofed = await call("POST", "/register_s3_model", { token: alice, body: { ...body, tags: { import_job: "x" } } });
    expect(spoofed.status).toBe(422);
    expect(JSON.stringify(spoofed.body)).toContain("tags.import_job");

    // The same under /api/v1, camelCase: the next version of the model.
    const v1 = await call("POST", "/api/v1/repository/models/tenant-a/bert-in-place/versions", {
      token: alice,
      body: { s3Uri: "s3://source-models/bert", endpoint: s3Url, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } },
    });
    expect(v1.status, JSON.stringify(v1.body)).toBe(201);
    expect(v1.body).toMatchObject({ version: "2", status: "READY", deployableUrl: "s3://source-models/bert" });
  });

  it("refuses to delete a version a deployment uses unless forced, and deletes stored files when asked", async () => {
    const model = await call("GET", "/api/v1/repository/models/tenant-a/sharded-llama", { token: alice });
    const url = model.body.versions[0].deployableUrl;
    const deployed = await call("POST", "/register_model", {
      token: alice,
      body: { name: "from-repo", namespace: "tenant-a", engine: "VLLM", features: ["TextGeneration"], url, resourceProfile: "cpu:1" },
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    const usedBy = await call("GET", "/api/v1/repository/models/tenant-a/sharded-llama", { token: alice });
    expect(usedBy.body.versions[0].usedBy).toEqual([{ namespace: "tenant-a", name: "from-repo" }]);

    const refused = await call("DELETE", "/delete_model", {
      token: alice,
      body: { model_name: "sharded-llama", namespace: "tenant-a", delete_artifacts: true },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toContain("from-repo");
    const weights = path.join(harness.started.runtime.config.weightsPath, url.replace("pvc://modelport-weights/", ""));
    expect(fs.existsSync(weights)).toBe(true);

    const forced = await call("DELETE", "/delete_model", {
      token: alice,
      body: { model_name: "sharded-llama", version: "1", namespace: "tenant-a", delete_artifacts: true, force: true },
    });
    expect(forced.status, JSON.stringify(forced.body)).toBe(200);
    expect(forced.body).toMatchObject({ deleted_versions: ["1"], deleted_artifacts: [url] });
    expect(fs.existsSync(weights)).toBe(false);
    expect((await call("GET", "/api/v1/repository/models/tenant-a/sharded-llama/versions/1", { token: alice })).status).toBe(404);
  });

  it("keeps tenants apart: another tenant's jobs and models are not found, and viewers cannot import", async () => {
    // Nor can a deployment load another tenant's imported weights from the shared volume.
    const borrowed = await call("POST", "/register_model", {
      token: bob,
      body: {
        name: "borrowed",
        namespace: "tenant-b",
        engine: "VLLM",
        features: ["TextGeneration"],
        url: "pvc://modelport-weights/tenant-a/bert",
        resourceProfile: "cpu:1",
      },
    });
    expect(borrowed.status).toBe(422);
    expect(JSON.stringify(borrowed.body)).toContain("url");
    const mine = await call("GET", "/api/v1/jobs?namespace=tenant-a", { token: alice });
    const id = mine.body.items[0].id;
    expect((await job(id, bob)).status).toBe(404);
    expect((await call("POST", `/api/v1/jobs/${id}/cancel`, { token: bob })).status).toBe(404);
    expect((await call("POST", `/api/v1/jobs/${id}/retry`, { token: bob })).status).toBe(404);
    expect((await call("GET", "/api/v1/jobs", { token: bob })).body.items).toEqual([]);
    expect((await call("GET", "/api/v1/repository/models/tenant-a/bert", { token: bob })).status).toBe(404);
    expect((await call("GET", "/api/v1/repository/models?namespace=tenant-a", { token: bob })).status).toBe(404);
    expect((await call("DELETE", "/delete_model", { token: bob, body: { model_name: "bert", namespace: "tenant-a" } })).status).toBe(404);
    const viewer = await call("POST", "/download_hf_model", { token: victor, body: { hf_model_name: TINY, namespace: "tenant-a" } });
    expect(viewer.status).toBe(403);
  });

  it("names the field of a bad body and creates nothing", async () => {
    const before = (await call("GET", "/api/v1/jobs?namespace=tenant-a&limit=200", { token: alice })).body.items.length;
    const cases: Array<[string, unknown, string]> = [
      ["/download_hf_model", { namespace: "tenant-a" }, "hf_model_name"],
      ["/download_hf_model", { hf_model_name: "no-slash", namespace: "tenant-a" }, "hf_model_name"],
      ["/download_hf_model", { hf_model_name: TINY, artifact_path: "../escape", namespace: "tenant-a" }, "artifact_path"],
      ["/download_hf_model", { hf_model_name: TINY, namespace: "tenant-a", surprise: 1 }, "surprise"],
      [
        "/download_s3_model",
        { bucket: "source-models", model_name: "x", namespace: "tenant-a", aws_access_key_id: "only-one" },
        "aws_secret_access_key",
      ],
      ["/download_s3_model", { bucket: "B", model_name: "x", namespace: "tenant-a" }, "bucket"],
      ["/api/v1/imports", { source: "ftp", namespace: "tenant-a" }, "source"],
    ];
    for (const [route, body, field] of cases) {
      const response = await call("POST", route, { token: alice, body });
      expect(response.status, `${route} ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(JSON.stringify(response.body), route).toContain(field);
    }
    expect((await call("GET", "/api/v1/jobs?namespace=tenant-a&limit=200", { token: alice })).body.items.length).toBe(before);
    expect((await call("GET", "/api/v1/jobs/not-a-uuid", { token: alice })).status).toBe(404);
  });
});

describe("imports with MLflow as the repository", () => {
  let hub: HubStandIn;
  let mlflow: MlflowStandIn;
  let harness: Harness;
  let alice: string;

  beforeAll(async () => {
    hub = await startHubStandIn([generateModelRepo({ id: TINY, layers: 2, hidden: 128, vocab: 512, seed: 3 })]);
    mlflow = await startMlflowStandIn({ token: "mlflow-token" });
    harness = await startHarness("pglite", {
      HF_ENDPOINT: hub.url,
      MLFLOW_TRACKING_URI: mlflow.url,
      MLFLOW_TRACKING_TOKEN: "mlflow-token",
    });
    alice = await harness.tokenFor("alice");
  }, 60_000);
  afterAll(async () => {
    await harness?.stop();
    await hub?.close();
    await mlflow?.close();
  });

  it("registers the imported version in MLflow, and deploys it once READY when register_inference asks", async () => {
    const accepted = await call("POST", "/download_hf_model", {
      token: alice,
      body: {
        hf_model_name: TINY,
        namespace: "tenant-a",
        register_inference: true,
        inference: { name: "tiny-from-repo", resourceProfile: "cpu:1" },
      },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    let done = (await call("GET", `/api/v1/jobs/${accepted.body.job_id}`, { token: alice })).body;
    for (const deadline = Date.now() + 20_000; !["succeeded", "failed", "cancelled"].includes(done.state) && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      done = (await call("GET", `/api/v1/jobs/${accepted.body.job_id}`, { token: alice })).body;
    }
    expect(done.state, done.error).toBe("succeeded");
    expect(done.result).toMatchObject({ model: "tiny-llama", version: "1", deployment: "tiny-from-repo" });

    // MLflow holds the version, under the tenant's name for it, with the weights' pvc:// URL as its source.
    const response = await fetch(`${mlflow.url}/api/2.0/mlflow/model-versions/get?name=tenant-a.tiny-llama&version=1`, {
      headers: { authorization: "Bearer mlflow-token" },
    });
    const { model_version: version } = (await response.json()) as {
      model_version: { source: string; status: string; tags?: Array<{ key: string; value: string }> };
    };
    expect(version.source).toBe(done.result.deployableUrl);
    expect(version.tags?.find((tag) => tag.key === "hf_repo")?.value).toBe(TINY);
    const listed = await call("GET", "/api/v1/repository/models?namespace=tenant-a", { token: alice });
    expect(listed.body).toMatchObject({ repository: "mlflow", items: [{ name: "tiny-llama", latestVersion: { status: "READY" } }] });

    const deployment = await call("GET", "/api/v1/deployments/tenant-a/tiny-from-repo", { token: alice });
    expect(deployment.status).toBe(200);
    expect(deployment.body).toMatchObject({ url: done.result.deployableUrl, engine: "VLLM", resourceProfile: "cpu:1" });
  });
});
