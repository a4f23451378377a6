// The MLflow repository and its client against the MLflow stand-in: the shared repository contract, then what is
// MLflow's own — tenant-prefixed names, modelport.* tags, auth, error codes, paging, streamed artifacts, download URIs.
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { MlflowClient, MlflowError } from "@/lib/repository/mlflow-client";
import { MlflowRepository } from "@/lib/repository/mlflow-repository";
import { describeRepository } from "@/lib/repository/repository-contract";
import { startMlflowStandIn, type MlflowStandIn } from "@/tests/stand-ins/mlflow";

const TOKEN = "mlflow-test-token";

// A page size of 2 makes every multi-page path (model lists, version lists) follow next_page_token.
describeRepository("mlflow", async () => {
  const standIn = await startMlflowStandIn({ token: TOKEN, pageSize: 2 });
  return { repository: new MlflowRepository({ trackingUri: standIn.url, token: TOKEN }), close: standIn.close };
});

async function sha256Of(stream: Readable): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** `total` random bytes in 64 KiB chunks, hashed as they are made; the last chunk waits for `beforeLastChunk`. */
function generatedFile(total: number, beforeLastChunk: () => Promise<void>) {
  const hash = createHash("sha256");
  const chunkSize = 64 * 1024;
  async function* chunks() {
    for (let offset = 0; offset < total; offset += chunkSize) {
      const size = Math.min(chunkSize, total - offset);
      if (offset + size === total) await beforeLastChunk();
      const chunk = randomBytes(size);
      hash.update(chunk);
      yield chunk;
    }
  }
  return { stream: Readable.from(chunks()), sha256: () => hash.digest("hex") };
}

describe("MLflow repository specifics", () => {
  let standIn: MlflowStandIn;
  let client: MlflowClient;
  let repository: MlflowRepository;

  beforeAll(async () => {
    // Registration takes long enough here that a version read right after its creation is reliably still pending.
    standIn = await startMlflowStandIn({ basic: { username: "modelport", password: "s3cret" }, registrationMs: 300 });
    repository = new MlflowRepository({ trackingUri: standIn.url, username: "modelport", password: "s3cret" });
    client = repository.client;
  });
  afterAll(() => standIn.close());

  it("stores a tenant's model as <tenant>.<name> and keeps Modelport's state in hidden modelport.* tags", async () => {
    await repository.ensureModel("acme", "llama", { tags: { family: "llama" } });
    const created = await repository.createVersion("acme", "llama", {
      source: "s3://w/llama/",
      createdBy: "alice@example.com",
      tags: { hf_revision: "main" },
    });
    expect(created.tags).toEqual({ hf_revision: "main" });

    const raw = await client.getModelVersion("acme.llama", "1");
    expect(raw.tags).toEqual(
      expect.arrayContaining([
        { key: "hf_revision", value: "main" },
        { key: "modelport.status", value: "PENDING_REGISTRATION" },
        { key: "modelport.created_by", value: "alice@example.com" },
      ]),
    );
    // MLflow records the authenticated user itself; Modelport's creator is the person behind the request.
    expect(raw.user_id).toBe("modelport");
    expect(created.createdBy).toBe("alice@example.com");
  });

  it("does not list another tenant whose name starts the same", async () => {
    await repository.ensureModel("team", "bert");
    await repository.ensureModel("team-2", "bert");
    await client.createRegisteredModel({ name: "teamless-model" });
    expect((await repository.listModels("team")).models.map((model) => `${model.tenant}/${model.name}`)).toEqual(["team/bert"]);
  });

  it("reads a version registered outside Modelport by MLflow's own status and user", async () => {
    await repository.ensureModel("outside", "gpt");
    await client.createModelVersion({ name: "outside.gpt", source: "s3://w/gpt/" });
    expect(await repository.getVersion("outside", "gpt", "1")).toMatchObject({
      status: "PENDING_REGISTRATION",
      createdBy: "modelport",
      tags: {},
    });
    await vi.waitFor(async () => expect(await repository.getVersion("outside", "gpt", "1")).toMatchObject({ status: "READY" }), {
      timeout: 2000,
    });
  });

  it("settles READY only once MLflow has finished its own registration", async () => {
    await repository.ensureModel("acme", "fast");
    await repository.createVersion("acme", "fast", { source: "s3://w/fast/", createdBy: "bob" });
    const settled = await repository.settleVersion("acme", "fast", "1", "READY");
    expect(settled.status).toBe("READY");
    expect((await client.getModelVersion("acme.fast", "1")).status).toBe("READY");
  });

  it("creates an import run in the tenant's experiment, reusing the experiment, and finishes it", async () => {
    const first = await repository.startImportRun("acme", "hf-mistralai-Mistral-7B");
    const second = await repository.startImportRun("acme", "hf-mistralai-Mistral-7B");
    expect(first.artifactUri).toMatch(new RegExp(`^mlflow-artifacts:/(\\d+)/${first.runId}/artifacts$`));
    expect(second.runId).not.toBe(first.runId);
    expect(second.artifactUri.split("/")[1]).toBe(first.artifactUri.split("/")[1]);
    expect((await client.getExperimentByName("acme.hf-mistralai-Mistral-7B")).experiment_id).toBe(first.artifactUri.split("/")[1]);
    await repository.finishImportRun(first.runId, true);
    expect((await client.updateRun(second.runId, "FAILED")).status).toBe("FAILED");
    await expect(repository.finishImportRun("0".repeat(32), true)).rejects.toMatchObject({ code: "not_found" });
  });

  it("resolves a version's download URI: its source, or a runs:/ source to the run's artifacts", async () => {
    const { runId, artifactUri } = await repository.startImportRun("acme", "downloads");
    await repository.ensureModel("acme", "served");
    await repository.createVersion("acme", "served", { source: `${artifactUri}/model`, runId, createdBy: "alice" });
    await client.createModelVersion({ name: "acme.served", source: `runs:/${runId}/model`, run_id: runId });
    expect(await client.getModelVersionDownloadUri("acme.served", "1")).toBe(`${artifactUri}/model`);
    expect(await client.getModelVersionDownloadUri("acme.served", "2")).toBe(`${artifactUri}/model`);
    await expect(client.getModelVersionDownloadUri("acme.served", "3")).rejects.toMatchObject({
      status: 404,
      errorCode: "RESOURCE_DOES_NOT_EXIST",
    });
  });
});

describe("MLflow client", () => {
  let standIn: MlflowStandIn;
  let client: MlflowClient;

  beforeAll(async () => {
    standIn = await startMlflowStandIn({ token: TOKEN, basic: { username: "modelport", password: "s3cret" } });
    client = new MlflowClient({ trackingUri: standIn.url, token: TOKEN });
  });
  afterAll(() => standIn.close());

  describe("auth", () => {
    it("is refused with 401 without credentials or with wrong ones, and never repeats them", async () => {
      for (const options of [{}, { token: "wrong-token" }, { username: "modelport", password: "wrong-password" }]) {
        const error = await new MlflowClient({ trackingUri: standIn.url, ...options })
          .searchRegisteredModels()
          .catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(MlflowError);
        expect(error).toMatchObject({ status: 401, errorCode: "UNAUTHENTICATED" });
        expect((error as Error).message).not.toMatch(/wrong-token|wrong-password/);
      }
    });

    it("is let in with a bearer token, basic credentials, or credentials written in the tracking URI", async () => {
      const url = new URL(standIn.url);
      url.username = "modelport";
      url.password = "s3cret";
      for (const options of [{ token: TOKEN }, { username: "modelport", password: "s3cret" }, { trackingUri: url.toString() }]) {
        await expect(new MlflowClient({ trackingUri: standIn.url, ...options }).searchRegisteredModels()).resolves.toMatchObject({
          registeredModels: [],
        });
      }
    });

    it("surfaces refused credentials to callers as MLflow being unavailable, without the token", async () => {
      const refused = new MlflowRepository({ trackingUri: standIn.url, token: "wrong-token" });
      const error = await refused.getModel("acme", "llama").catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "unavailable", message: expect.stringMatching(/credentials/) });
      expect((error as Error).message).not.toContain("wrong-token");
    });
  });

  describe("errors", () => {
    it("maps MLflow's error bodies to typed errors with MLflow's codes and statuses", async () => {
      await expect(client.getRegisteredModel("nope")).rejects.toMatchObject({
        status: 404,
        errorCode: "RESOURCE_DOES_NOT_EXIST",
        message: "Registered Model with name=nope not found",
      });
      await client.createRegisteredModel({ name: "twice" });
      await expect(client.createRegisteredModel({ name: "twice" })).rejects.toMatchObject({
        status: 400,
        errorCode: "RESOURCE_ALREADY_EXISTS",
      });
      await expect(client.getModelVersion("twice", "latest")).rejects.toMatchObject({ status: 400, errorCode: "INVALID_PARAMETER_VALUE" });
      await expect(client.searchRegisteredModels({ filter: "name SOUNDS LIKE 'x'" })).rejects.toMatchObject({
        status: 400,
        errorCode: "INVALID_PARAMETER_VALUE",
      });
      await expect(client.createRegisteredModel({ name: "" })).rejects.toMatchObject({
        errorCode: "INVALID_PARAMETER_VALUE",
        message: expect.stringMatching(/'name'/),
      });
    });

    it("does not take a tracking URI that misses MLflow's API for a missing model", async () => {
      const misdirected = new MlflowRepository({ trackingUri: `${standIn.url}/not-mlflow`, token: TOKEN });
      await expect(misdirected.client.getRegisteredModel("x")).rejects.toMatchObject({ status: 404, errorCode: "ENDPOINT_NOT_FOUND" });
      await expect(misdirected.getModel("acme", "x")).rejects.toMatchObject({ code: "unavailable" });
    });

    it("reports an unreachable server as TEMPORARILY_UNAVAILABLE with status 0", async () => {
      const gone = await startMlflowStandIn();
      await gone.close();
      await expect(new MlflowClient({ trackingUri: gone.url }).getRegisteredModel("x")).rejects.toMatchObject({
        status: 0,
        errorCode: "TEMPORARILY_UNAVAILABLE",
      });
    });

    it("refuses artifact locations the MLflow proxy does not serve", async () => {
      await expect(client.uploadArtifact("s3://bucket/run/artifacts", "model/x", Buffer.from("x"))).rejects.toMatchObject({
        code: "bad_request",
      });
    });
  });

  describe("paging", () => {
    it("follows next_page_token through registered models in the order asked for", async () => {
      for (const index of [3, 0, 4, 1, 2]) await client.createRegisteredModel({ name: `paged-${index}` });
      const collect = async (orderBy: string[]) => {
        const names: string[] = [];
        let pageToken: string | undefined;
        do {
          const page = await client.searchRegisteredModels({ filter: "name LIKE 'paged-%'", maxResults: 2, orderBy, pageToken });
          expect(page.registeredModels.length).toBeLessThanOrEqual(2);
          names.push(...page.registeredModels.map((model) => model.name));
          pageToken = page.nextPageToken;
        } while (pageToken);
        return names;
      };
      expect(await collect(["name ASC"])).toEqual(["paged-0", "paged-1", "paged-2", "paged-3", "paged-4"]);
      expect(await collect(["name DESC"])).toEqual(["paged-4", "paged-3", "paged-2", "paged-1", "paged-0"]);
      await expect(client.searchRegisteredModels({ maxResults: 1001 })).rejects.toMatchObject({ errorCode: "INVALID_PARAMETER_VALUE" });
      await expect(client.searchRegisteredModels({ pageToken: "not a token" })).rejects.toMatchObject({
        errorCode: "INVALID_PARAMETER_VALUE",
      });
    });

    it("pages through model versions", async () => {
      await client.createRegisteredModel({ name: "versioned" });
      for (const _ of [1, 2, 3]) await client.createModelVersion({ name: "versioned", source: "s3://w/v/" });
      const first = await client.searchModelVersions({ filter: "name='versioned'", maxResults: 2, orderBy: ["version_number DESC"] });
      const second = await client.searchModelVersions({
        filter: "name='versioned'",
        maxResults: 2,
        orderBy: ["version_number DESC"],
        pageToken: first.nextPageToken,
      });
      expect([...first.modelVersions, ...second.modelVersions].map((version) => version.version)).toEqual(["3", "2", "1"]);
      expect(second.nextPageToken).toBeUndefined();
    });
  });

  describe("artifacts", () => {
    it("streams a 20 MB file up without holding it, and reads, lists and deletes it", async () => {
      const run = await client.createRun({ experiment_id: await client.createExperiment("artifacts") });
      const storePath = `${run.artifact_uri.replace("mlflow-artifacts:/", "")}/model/model.safetensors`;
      const total = 20 * 1024 * 1024;
      // The last chunk is only made once the server has bytes: a client that buffered the whole body would never send.
      const file = generatedFile(total, () =>
        vi.waitFor(() => expect(standIn.receivedBytes(storePath)).toBeGreaterThan(0), { timeout: 10_000 }),
      );
      await client.uploadArtifact(run.artifact_uri, "model/model.safetensors", file.stream, total);
      await client.uploadArtifact(run.artifact_uri, "model/tokenizer/tokenizer.json", Readable.from([Buffer.from('{"version":"1.0"}')]));
      await client.uploadArtifact(run.artifact_uri, "model/config.json", Buffer.from("{}"));

      expect(await sha256Of(await client.downloadArtifact(run.artifact_uri, "model/model.safetensors"))).toEqual({
        sha256: file.sha256(),
        bytes: total,
      });
      expect(await client.listArtifacts(run.artifact_uri, { path: "model" })).toEqual([
        { path: "model/config.json", is_dir: false, file_size: 2 },
        { path: "model/model.safetensors", is_dir: false, file_size: total },
        { path: "model/tokenizer", is_dir: true },
      ]);
      expect(await client.listArtifacts(run.artifact_uri, { recursive: true })).toEqual([
        { path: "model/config.json", is_dir: false, file_size: 2 },
        { path: "model/model.safetensors", is_dir: false, file_size: total },
        { path: "model/tokenizer/tokenizer.json", is_dir: false, file_size: 17 },
      ]);
      const viaRun = await client.listRunArtifacts(run.run_id, "model");
      expect(viaRun.rootUri).toBe(run.artifact_uri);
      expect(viaRun.files.map((entry) => entry.path)).toEqual(["model/config.json", "model/model.safetensors", "model/tokenizer"]);

      await client.deleteArtifacts(run.artifact_uri, "model");
      expect(await client.listArtifacts(run.artifact_uri, { recursive: true })).toEqual([]);
      await expect(client.downloadArtifact(run.artifact_uri, "model/config.json")).rejects.toMatchObject({
        status: 404,
        errorCode: "RESOURCE_DOES_NOT_EXIST",
      });
    });
  });
});
