// The file catalog (MODEL_CATALOG_ROOT): good files load, bad ones are reported by path and field without stopping
// the rest, file presets are read-only, and a refresh reads changes at once. Checking drafts: validate and preview
// report schema, profile, storage and GPU problems and render the exact manifest.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCluster } from "@/lib/k8s/cluster";
import { ADMIN_TOKEN, startHarness, type Harness } from "./harness";
import { call } from "./http";

const iris = `id: iris-from-git
name: Iris (from the git catalog)
category: llm
tags: [kserve]
deployment:
  backend: kserve
  modelFormat: { name: sklearn }
  storageUri: gs://kfserving-examples/models/sklearn/1.0/model
`;
const two = `id: qwen-tiny
name: Qwen tiny
category: llm
deployment: { url: "hf://Qwen/Qwen2.5-0.5B-Instruct", engine: VLLM, features: [TextGeneration], resourceProfile: "cpu:1" }
---
id: wrong-category
name: Wrong
category: vision
deployment: { url: "hf://a/b", engine: VLLM, features: [TextGeneration] }
`;

describe("the file catalog and draft checks", () => {
  let harness: Harness;
  let alice: string;
  let root: string;
  const models = () => path.join(root, "models");

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "catalog-"));
    fs.mkdirSync(path.join(root, "models", "team"), { recursive: true });
    fs.writeFileSync(path.join(models(), "iris.yaml"), iris);
    fs.writeFileSync(path.join(models(), "team", "two.yaml"), two);
    fs.writeFileSync(path.join(models(), "broken.json"), "{ not json");
    fs.writeFileSync(path.join(models(), "zz-duplicate.yaml"), iris);
    fs.writeFileSync(path.join(root, "README.md"), "not a preset");
    harness = await startHarness("pglite", { MODEL_CATALOG_ROOT: root, CATALOG_REFRESH_INTERVAL: "1h" });
    alice = await harness.tokenFor("alice");
  });
  afterAll(async () => {
    await harness?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("loads the good files and reports each bad file or entry by path and field", async () => {
    const status = (await call("GET", "/api/v1/catalog", { token: alice })).body;
    expect(status).toMatchObject({ root, files: 4, presets: 2 });
    expect(status.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: path.join("models", "broken.json"), field: "(file)" }),
        expect.objectContaining({ file: path.join("models", "team", "two.yaml"), field: "1.category" }),
        {
          file: path.join("models", "zz-duplicate.yaml"),
          field: "id",
          message: `Preset iris-from-git is already defined in ${path.join("models", "iris.yaml")}`,
        },
      ]),
    );
    const presets = (await call("GET", "/api/v1/presets", { token: alice })).body.items;
    expect(presets.find((preset: { id: string }) => preset.id === "iris-from-git")).toMatchObject({ source: "files", backend: "kserve" });
    expect(presets.find((preset: { id: string }) => preset.id === "qwen-tiny")).toMatchObject({ source: "files", engine: "VLLM" });
    expect(presets.some((preset: { source: string }) => preset.source === "kubeai-catalog")).toBe(true);
  });

  it("keeps file presets read-only here", async () => {
    const patch = await call("PATCH", "/api/v1/presets/iris-from-git", { token: ADMIN_TOKEN, body: { enabled: false } });
    expect(patch.status).toBe(409);
    expect(JSON.stringify(patch.body)).toContain("iris.yaml in MODEL_CATALOG_ROOT");
    expect((await call("DELETE", "/api/v1/presets/iris-from-git", { token: ADMIN_TOKEN })).status).toBe(409);
  });

  it("reads a change only on refresh (the interval is an hour here), and only admins may refresh", async () => {
    fs.writeFileSync(path.join(models(), "later.yaml"), iris.replace("iris-from-git", "iris-later"));
    expect((await call("GET", "/api/v1/presets/iris-later", { token: alice })).status).toBe(404);
    expect((await call("POST", "/api/v1/catalog/refresh", { token: alice })).status).toBe(403);
    const refreshed = await call("POST", "/api/v1/catalog/refresh", { token: ADMIN_TOKEN });
    expect(refreshed.body).toMatchObject({ files: 5, presets: 3 });
    expect((await call("GET", "/api/v1/presets/iris-later", { token: alice })).status).toBe(200);
  });

  it("validates a draft: schema, unknown profile, a missing claim and GPUs the cluster cannot give, each by field", async () => {
    const check = async (body: unknown) => {
      const response = await call("POST", "/api/v1/catalog/validate", { token: alice, body });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body as { valid: boolean; problems: { severity: string; field: string; message: string }[]; manifest: unknown };
    };
    const llm = { url: "hf://Qwen/Qwen2.5-0.5B-Instruct", engine: "VLLM", features: ["TextGeneration"], resourceProfile: "cpu:1" };

    const ok = await check({ deployment: { ...llm, name: "checked" }, namespace: "tenant-a" });
    expect(ok).toMatchObject({ valid: true, manifest: { kind: "Model", metadata: { name: "checked", namespace: "tenant-a" } } });
    expect(ok.problems.filter((problem) => problem.severity === "error")).toEqual([]);

    const badSchema = await check({ preset: { id: "p", name: "P", category: "llm", deployment: { ...llm, engine: "Nope" } } });
    expect(badSchema.valid).toBe(false);
    expect(badSchema.problems.map((problem) => problem.field)).toContain("preset.deployment.engine");
    expect(badSchema.manifest).toBeNull();

    const unknownProfile = await check({ deployment: { ...llm, resourceProfile: "nvidia-gpu-z9:1" } });
    expect(unknownProfile.problems[0]).toMatchObject({ severity: "error", field: "deployment.resourceProfile" });

    const claim = await check({ deployment: { ...llm, url: "pvc://no-such-claim/qwen" }, namespace: "tenant-a" });
    expect(claim.problems).toContainEqual({
      severity: "error",
      field: "deployment.url",
      message: "PersistentVolumeClaim no-such-claim does not exist in tenant-a",
    });

    const tooBig = await check({ deployment: { ...llm, resourceProfile: "nvidia-gpu-l4:8" }, namespace: "tenant-a" });
    expect(tooBig.valid).toBe(false);
    expect(tooBig.problems.find((problem) => problem.field === "deployment.resourceProfile")?.message).toMatch(
      /no node with 8 nvidia.com\/gpu of nvidia-gpu-l4 \(the largest has 4\)/,
    );
  });

  it("checks the service account a KServe draft names, and the Secrets it lists", async () => {
    const draft = (serviceAccountName: string) => ({
      deployment: { backend: "kserve", modelFormat: { name: "sklearn" }, storageUri: "s3://bucket/iris", serviceAccountName },
      name: "iris-creds",
      namespace: "tenant-a",
    });
    const problemsFor = async (account: string) =>
      (
        (await call("POST", "/api/v1/catalog/validate", { token: alice, body: draft(account) })).body.problems as {
          field: string;
          message: string;
        }[]
      ).filter((problem) => problem.field === "deployment.serviceAccountName");
    expect(await problemsFor("nobody")).toEqual([expect.objectContaining({ message: "ServiceAccount nobody does not exist in tenant-a" })]);
    const core = getCluster().core;
    await core.createNamespacedServiceAccount({
      namespace: "tenant-a",
      body: { metadata: { name: "storage" }, secrets: [{ name: "s3-creds" }] },
    });
    expect(await problemsFor("storage")).toEqual([
      expect.objectContaining({ message: "Secret s3-creds, listed by ServiceAccount storage, does not exist in tenant-a" }),
    ]);
    await core.createNamespacedSecret({
      namespace: "tenant-a",
      body: { metadata: { name: "s3-creds" }, stringData: { AWS_ACCESS_KEY_ID: "x" } },
    });
    expect(await problemsFor("storage")).toEqual([]);
  });

  it("previews the exact manifest as YAML, with the API server's dry run", async () => {
    const preview = await call("POST", "/api/v1/catalog/preview", {
      token: alice,
      body: {
        preset: {
          id: "iris-preview",
          name: "Iris",
          category: "llm",
          deployment: { backend: "kserve", modelFormat: { name: "sklearn" }, storageUri: "gs://bucket/iris" },
        },
        namespace: "tenant-a",
      },
    });
    expect(preview.status).toBe(200);
    expect(preview.body.valid).toBe(true);
    expect(preview.body.yaml).toContain("kind: InferenceService");
    expect(preview.body.yaml).toContain("name: iris-preview");
    expect(preview.body.manifest.spec.predictor.model.storageUri).toBe("gs://bucket/iris");
    const neither = await call("POST", "/api/v1/catalog/preview", { token: alice, body: {} });
    expect(neither.status).toBe(422);
  });
});
