// The behaviour every Repository implementation owes its callers (lib/repository/repository.ts), as one vitest
// suite each implementation's test file runs against its own backing store. Only the interface is used here, and
// every test works in tenants of its own, so one repository instance serves the whole suite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Repository } from "@/lib/repository/repository";

export interface RepositoryUnderTest {
  repository: Repository;
  close(): Promise<void>;
}

const SOURCE = "s3://weights/llama/";

export function describeRepository(label: string, make: () => Promise<RepositoryUnderTest>): void {
  describe(`${label} repository`, () => {
    let subject: RepositoryUnderTest;
    let repository: Repository;
    const run = Date.now().toString(36);
    let tenants = 0;
    /** A tenant no other test (or earlier run against the same store) has used. */
    const freshTenant = () => `t${run}-${++tenants}`;
    const newVersion = (source = SOURCE) => ({ source, createdBy: "alice@example.com" });

    beforeAll(async () => {
      subject = await make();
      repository = subject.repository;
    });
    afterAll(async () => {
      await subject?.close();
    });

    it("creates a model once and returns the existing one when ensured again", async () => {
      const tenant = freshTenant();
      const first = await repository.ensureModel(tenant, "llama", { description: "Llama 3", tags: { family: "llama" } });
      const again = await repository.ensureModel(tenant, "llama", { description: "something else", tags: { family: "other" } });
      expect(first).toMatchObject({ tenant, name: "llama", description: "Llama 3", tags: { family: "llama" }, latestVersion: null });
      expect(first.createdAt).toBeInstanceOf(Date);
      expect(again).toMatchObject({ name: "llama", description: "Llama 3", tags: { family: "llama" } });
      expect(again.createdAt.getTime()).toBe(first.createdAt.getTime());
      expect((await repository.listModels(tenant)).models.map((model) => model.name)).toEqual(["llama"]);
    });

    it("reads a model back with its description and tags, and answers undefined for one that does not exist", async () => {
      const tenant = freshTenant();
      await repository.ensureModel(tenant, "mistral", { tags: { license: "apache-2.0", hf_repo: "mistralai/Mistral-7B" } });
      const found = await repository.getModel(tenant, "mistral");
      expect(found).toMatchObject({
        tenant,
        name: "mistral",
        description: null,
        tags: { license: "apache-2.0", hf_repo: "mistralai/Mistral-7B" },
      });
      expect(await repository.getModel(tenant, "missing")).toBeUndefined();
    });

    it("lists models by name and finds them by a case-insensitive part of the name", async () => {
      const tenant = freshTenant();
      for (const name of ["qwen-small", "llama-8b", "llama-70b", "mistral"]) await repository.ensureModel(tenant, name);
      expect((await repository.listModels(tenant)).models.map((model) => model.name)).toEqual([
        "llama-70b",
        "llama-8b",
        "mistral",
        "qwen-small",
      ]);
      expect((await repository.listModels(tenant, { search: "LLAMA" })).models.map((model) => model.name)).toEqual([
        "llama-70b",
        "llama-8b",
      ]);
      expect((await repository.listModels(tenant, { search: "70" })).models.map((model) => model.name)).toEqual(["llama-70b"]);
      expect((await repository.listModels(tenant, { search: "gemma" })).models).toEqual([]);
    });

    it("searches for % and _ literally", async () => {
      const tenant = freshTenant();
      for (const name of ["a_b", "axb", "a%b"]) await repository.ensureModel(tenant, name);
      expect((await repository.listModels(tenant, { search: "a_b" })).models.map((model) => model.name)).toEqual(["a_b"]);
      expect((await repository.listModels(tenant, { search: "a%" })).models.map((model) => model.name)).toEqual(["a%b"]);
    });

    it("pages through more models than one page holds, each once and in order", async () => {
      const tenant = freshTenant();
      const names = Array.from({ length: 7 }, (_, index) => `model-${index}`);
      for (const name of [...names].reverse()) await repository.ensureModel(tenant, name);
      const seen: string[] = [];
      let pageToken: string | undefined;
      let pages = 0;
      do {
        const page = await repository.listModels(tenant, { limit: 3, pageToken });
        expect(page.models.length).toBeLessThanOrEqual(3);
        seen.push(...page.models.map((model) => model.name));
        pageToken = page.nextPageToken;
        pages += 1;
      } while (pageToken && pages < 10);
      expect(seen).toEqual(names);
      expect(pages).toBeGreaterThanOrEqual(3);
    });

    it("pages through search results", async () => {
      const tenant = freshTenant();
      for (const name of ["gpt-a", "gpt-b", "gpt-c", "other"]) await repository.ensureModel(tenant, name);
      const first = await repository.listModels(tenant, { search: "gpt", limit: 2 });
      expect(first.models.map((model) => model.name)).toEqual(["gpt-a", "gpt-b"]);
      expect(first.nextPageToken).toBeTruthy();
      const second = await repository.listModels(tenant, { search: "gpt", limit: 2, pageToken: first.nextPageToken });
      expect(second.models.map((model) => model.name)).toEqual(["gpt-c"]);
      expect(second.nextPageToken).toBeUndefined();
    });

    it("keeps tenants apart: a model of the same name in another tenant is invisible", async () => {
      const [tenantA, tenantB] = [freshTenant(), freshTenant()];
      await repository.ensureModel(tenantA, "shared", { description: "tenant a's" });
      await repository.ensureModel(tenantB, "shared", { description: "tenant b's" });
      await repository.ensureModel(tenantB, "only-b");
      await repository.createVersion(tenantB, "shared", newVersion("s3://weights/b/"));

      expect(await repository.getModel(tenantA, "shared")).toMatchObject({
        tenant: tenantA,
        name: "shared",
        description: "tenant a's",
        latestVersion: null,
      });
      expect(await repository.getModel(tenantA, "only-b")).toBeUndefined();
      expect((await repository.listModels(tenantA)).models.map((model) => [model.tenant, model.name])).toEqual([[tenantA, "shared"]]);
      expect(await repository.listVersions(tenantA, "shared")).toEqual([]);
      expect(await repository.getVersion(tenantA, "shared", "1")).toBeUndefined();

      expect(await repository.deleteModel(tenantA, "shared")).toBe(true);
      expect(await repository.getModel(tenantB, "shared")).toMatchObject({ tenant: tenantB, description: "tenant b's" });
      expect(await repository.getVersion(tenantB, "shared", "1")).toMatchObject({ tenant: tenantB, source: "s3://weights/b/" });
    });

    it("numbers versions 1, 2, 3 and lists them newest first", async () => {
      const tenant = freshTenant();
      await repository.ensureModel(tenant, "llama");
      const created = [];
      for (const index of [1, 2, 3])
        created.push(await repository.createVersion(tenant, "llama", newVersion(`s3://weights/llama/v${index}/`)));
      expect(created.map((version) => version.version)).toEqual(["1", "2", "3"]);
      const listed = await repository.listVersions(tenant, "llama");
      expect(listed.map((version) => [version.version, version.source])).toEqual([
        ["3", "s3://weights/llama/v3/"],
        ["2", "s3://weights/llama/v2/"],
        ["1", "s3://weights/llama/v1/"],
      ]);
    });

    it("creates a version pending, with who made it, its description and exactly its tags", async () => {
      const tenant = freshTenant();
      await repository.ensureModel(tenant, "llama");
      const created = await repository.createVersion(tenant, "llama", {
        source: "mlflow-artifacts:/1/abc/artifacts/model",
        description: "from the Hub",
        tags: { hf_repo: "meta-llama/Llama-3.1-8B", hf_revision: "main" },
        createdBy: "alice@example.com",
      });
      const expected = {
        tenant,
        name: "llama",
        version: "1",
        status: "PENDING_REGISTRATION",
        statusMessage: null,
        source: "mlflow-artifacts:/1/abc/artifacts/model",
        description: "from the Hub",
        createdBy: "alice@example.com",
      };
      expect(created).toMatchObject(expected);
      expect(created.tags).toEqual({ hf_repo: "meta-llama/Llama-3.1-8B", hf_revision: "main" });
      const read = await repository.getVersion(tenant, "llama", "1");
      expect(read).toMatchObject(expected);
      expect(read?.tags).toEqual({ hf_repo: "meta-llama/Llama-3.1-8B", hf_revision: "main" });
      expect(read?.createdAt).toBeInstanceOf(Date);
    });

    it("settles a pending version READY", async () => {
      const tenant = freshTenant();
      await repository.ensureModel(tenant, "llama");
      await repository.createVersion(tenant, "llama", newVersion());
      const settled = await repository.settleVersion(tenant, "llama", "1", "READY");
      expect(settled).toMatchObject({ version: "1", status: "READY", statusMessage: null });
      expect(await repository.getVersion(tenant, "llama", "1")).toMatchObject({ status: "READY", statusMessage: null });
      expect((await repository.listVersions(tenant, "llama"))[0]).toMatchObject({ status: "READY" });
    });

    it("settles a pending version FAILED_REGISTRATION with its message", async () => {
      const tenant = freshTenant();
      await repository.ensureModel(tenant, "llama");
      await repository.createVersion(tenant, "llama", newVersion());
      const message = "config.json is missing from the upload";
      const settled = await repository.settleVersion(tenant, "llama", "1", "FAILED_REGISTRATION", message);
      expect(settled).toMatchObject({ status: "FAILED_REGISTRATION", statusMessage: message });
      expect(await repository.getVersion(tenant, "llama", "1")).toMatchObject({ status: "FAILED_REGISTRATION", statusMessage: message });
    });

    it("sets a settled version pending again for a retry, and settles it anew", async () => {
      const tenant = freshTenant();
      await repository.ensureModel(tenant, "llama");
      await repository.createVersion(tenant, "llama", newVersion());
      await repository.settleVersion(tenant, "llama", "1", "FAILED_REGISTRATION", "the Hub timed out");
      const retried = await repository.settleVersion(tenant, "llama", "1", "PENDING_REGISTRATION");
      expect(retried).toMatchObject({ status: "PENDING_REGISTRATION", statusMessage: null });
      expect(await repository.getVersion(tenant, "llama", "1")).toMatchObject({ status: "PENDING_REGISTRATION", statusMessage: null });
      expect(await repository.settleVersion(tenant, "llama", "1", "READY")).toMatchObject({ status: "READY", statusMessage: null });
    });

    it("refuses to settle a version that does not exist", async () => {
      const tenant = freshTenant();
      await repository.ensureModel(tenant, "llama");
      await expect(repository.settleVersion(tenant, "llama", "1", "READY")).rejects.toMatchObject({ code: "not_found" });
      await expect(repository.settleVersion(tenant, "missing", "1", "READY")).rejects.toMatchObject({ code: "not_found" });
    });

    it("answers undefined for a version that does not exist", async () => {
      const tenant = freshTenant();
      await repository.ensureModel(tenant, "llama");
      await repository.createVersion(tenant, "llama", newVersion());
      expect(await repository.getVersion(tenant, "llama", "2")).toBeUndefined();
      expect(await repository.getVersion(tenant, "llama", "not-a-number")).toBeUndefined();
      expect(await repository.getVersion(tenant, "missing", "1")).toBeUndefined();
    });

    it("refuses a version of a model that does not exist", async () => {
      const tenant = freshTenant();
      await expect(repository.createVersion(tenant, "missing", newVersion())).rejects.toMatchObject({ code: "not_found" });
    });

    it("deletes one version and leaves the others", async () => {
      const tenant = freshTenant();
      await repository.ensureModel(tenant, "llama");
      for (const _ of [1, 2, 3]) await repository.createVersion(tenant, "llama", newVersion());
      expect(await repository.deleteVersion(tenant, "llama", "2")).toBe(true);
      expect(await repository.getVersion(tenant, "llama", "2")).toBeUndefined();
      expect((await repository.listVersions(tenant, "llama")).map((version) => version.version)).toEqual(["3", "1"]);
      expect(await repository.deleteVersion(tenant, "llama", "2")).toBe(false);
      expect(await repository.deleteVersion(tenant, "missing", "1")).toBe(false);
    });

    it("deletes a model with all its versions", async () => {
      const tenant = freshTenant();
      await repository.ensureModel(tenant, "llama");
      await repository.createVersion(tenant, "llama", newVersion());
      await repository.createVersion(tenant, "llama", newVersion());
      expect(await repository.deleteModel(tenant, "llama")).toBe(true);
      expect(await repository.getModel(tenant, "llama")).toBeUndefined();
      expect(await repository.getVersion(tenant, "llama", "1")).toBeUndefined();
      expect((await repository.listModels(tenant)).models).toEqual([]);
      expect(await repository.deleteModel(tenant, "llama")).toBe(false);
      const recreated = await repository.ensureModel(tenant, "llama");
      expect(recreated.latestVersion).toBeNull();
      expect(await repository.listVersions(tenant, "llama")).toEqual([]);
    });

    it("reports the highest version as the latest, whatever its status", async () => {
      const tenant = freshTenant();
      await repository.ensureModel(tenant, "llama");
      await repository.createVersion(tenant, "llama", newVersion("s3://weights/llama/v1/"));
      await repository.settleVersion(tenant, "llama", "1", "READY");
      await repository.createVersion(tenant, "llama", newVersion("s3://weights/llama/v2/"));
      const model = await repository.getModel(tenant, "llama");
      expect(model?.latestVersion).toMatchObject({ version: "2", status: "PENDING_REGISTRATION", source: "s3://weights/llama/v2/" });
      const listed = (await repository.listModels(tenant)).models[0];
      expect(listed.latestVersion).toMatchObject({ version: "2", status: "PENDING_REGISTRATION" });
    });
  });
}
