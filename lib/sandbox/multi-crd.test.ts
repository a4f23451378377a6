// A second CRD (KServe's InferenceService) served from data alone: discovery (two versions of one group), printer
// columns, validation, kubectl.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "./index";
import { causesOf, clientsFor, failure, record, sandboxFetch, type Clients } from "./testing";

const run = promisify(execFile);
const ISVC = { group: "serving.kserve.io", version: "v1beta1", plural: "inferenceservices" } as const;
let cluster: SandboxCluster;
let api: Clients;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "sandbox-multi-"));
  const crds = path.join(process.cwd(), "chart/files/crds");
  cluster = await startSandboxCluster({
    controller: false,
    crdPaths: [path.join(crds, "kubeai.org_models.yaml"), path.join(crds, "serving.kserve.io_inferenceservices.yaml")],
  });
  writeFileSync(path.join(dir, "kubeconfig"), cluster.kubeconfigYaml);
  api = clientsFor(cluster);
});
afterAll(async () => {
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

const isvc = (name: string, predictor: Record<string, unknown>): Record<string, unknown> => ({
  apiVersion: "serving.kserve.io/v1beta1",
  kind: "InferenceService",
  metadata: { name },
  spec: { predictor },
});

describe("several CRDs", () => {
  it("serves InferenceService beside Model with its printer columns and schema", async () => {
    const groups = record(await (await sandboxFetch(cluster, "/apis")).json());
    expect((groups.groups as { name: string }[]).map((g) => g.name).sort()).toEqual(["kubeai.org", "serving.kserve.io"]);
    expect((groups.groups as { name: string }[]).find((g) => g.name === "serving.kserve.io")).toEqual({
      name: "serving.kserve.io",
      versions: [
        { groupVersion: "serving.kserve.io/v1beta1", version: "v1beta1" },
        { groupVersion: "serving.kserve.io/v1alpha1", version: "v1alpha1" },
      ],
      preferredVersion: { groupVersion: "serving.kserve.io/v1beta1", version: "v1beta1" },
    });
    const alpha = record(await (await sandboxFetch(cluster, "/apis/serving.kserve.io/v1alpha1")).json());
    expect(record((alpha.resources as unknown[])[0])).toMatchObject({ name: "clusterservingruntimes", namespaced: false });
    const resources = record(await (await sandboxFetch(cluster, "/apis/serving.kserve.io/v1beta1")).json());
    expect(record((resources.resources as unknown[])[0])).toMatchObject({
      name: "inferenceservices",
      kind: "InferenceService",
      namespaced: true,
      shortNames: ["isvc"],
    });

    const body = isvc("llm", {
      model: {
        modelFormat: { name: "huggingface" },
        storageUri: "hf://Qwen/Qwen2.5-7B-Instruct",
        resources: { limits: { "nvidia.com/gpu": "1" } },
      },
    });
    const created = record(await api.custom.createNamespacedCustomObject({ ...ISVC, namespace: "kubeai", body }));
    expect(record(record(created.metadata)).generation).toBe(1);
    const err = await failure(
      api.custom.createNamespacedCustomObject({
        ...ISVC,
        namespace: "kubeai",
        body: isvc("bad", { bogus: true }),
        fieldValidation: "Strict",
      }),
    );
    expect(err.code).toBe(422);
    expect(causesOf(err)).toContainEqual({
      reason: "FieldValueInvalid",
      field: "spec.predictor.bogus",
      message: 'unknown field "spec.predictor.bogus"',
    });

    const { stdout } = await run("kubectl", [
      "--kubeconfig",
      path.join(dir, "kubeconfig"),
      "--cache-dir",
      path.join(dir, "cache"),
      "get",
      "isvc",
      "-n",
      "kubeai",
    ]);
    const [header, row] = stdout
      .trim()
      .split("\n")
      .map((l) => l.trim().split(/\s{2,}/));
    expect(header).toEqual(["NAME", "URL", "READY", "PREV", "LATEST", "PREVROLLEDOUTREVISION", "LATESTREADYREVISION", "AGE"]);
    expect(row[0]).toBe("llm");
  });
});
