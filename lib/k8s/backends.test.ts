// A cluster that serves only one of the kinds (KubeAI without KServe): the other lists as empty, lookups find the
// kind that is there, and creating the missing kind is a 404 rather than a crash.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "@/lib/sandbox";
import { kserveDeploymentInputSchema } from "@/lib/schemas/kserve";
import { kubeaiDeploymentInputSchema } from "@/lib/schemas/deployment";
import { findDeploymentObject, listOrEmpty } from "./backends";
import { createCluster, type Cluster } from "./cluster";
import { kserveBackend } from "./kserve-backend";
import { kubeaiBackend } from "./kubeai-backend";

describe("a cluster with KubeAI and no KServe", () => {
  let sandbox: SandboxCluster;
  let cluster: Cluster;
  let dir: string;

  beforeAll(async () => {
    sandbox = await startSandboxCluster({
      crdPaths: [path.join("chart/files/crds/kubeai.org_models.yaml")],
      kserve: false,
      controller: false,
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "backends-"));
    const kubeconfigPath = path.join(dir, "kubeconfig");
    fs.writeFileSync(kubeconfigPath, sandbox.kubeconfigYaml);
    cluster = createCluster({ kind: "kubeconfig", kubeconfigPath });
    const model = kubeaiDeploymentInputSchema.parse({
      name: "only-kubeai",
      namespace: "default",
      url: "hf://a/b",
      engine: "VLLM",
      features: ["TextGeneration"],
    });
    await kubeaiBackend.create(cluster, kubeaiBackend.build(model, "test", []));
  });
  afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("lists the missing kind as empty and finds the kind that is there", async () => {
    expect((await listOrEmpty(kserveBackend, cluster, "default", { limit: 10 })).items).toEqual([]);
    expect((await listOrEmpty(kubeaiBackend, cluster, "default", { limit: 10 })).items.map((m) => m.metadata.name)).toEqual([
      "only-kubeai",
    ]);
    const found = await findDeploymentObject(cluster, "default", "only-kubeai");
    expect(found.backend.name).toBe("kubeai");
    await expect(findDeploymentObject(cluster, "default", "nothing")).rejects.toMatchObject({ code: "not_found" });
  });

  it("answers 404 for an InferenceService it cannot take", async () => {
    const isvc = kserveDeploymentInputSchema.parse({
      backend: "kserve",
      name: "iris",
      namespace: "default",
      modelFormat: { name: "sklearn" },
      storageUri: "gs://bucket/model",
    });
    await expect(kserveBackend.create(cluster, kserveBackend.build(isvc, "test", []), true)).rejects.toMatchObject({ code: "not_found" });
  });
});
