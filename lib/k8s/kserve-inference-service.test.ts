import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { isAppError } from "@/lib/errors";
import { kserveDeploymentInputSchema, type KServeDeploymentInput } from "@/lib/schemas/kserve";
import {
  buildInferenceService,
  inferenceServiceForAudit,
  inferenceServiceFromObject,
  inferenceServiceUrls,
  isStopped,
  patchInferenceService,
  stopPatch,
  withStop,
  type InferenceServiceObject,
} from "./kserve-inference-service";
import { predictorImplementation } from "./kserve-predictor-spec";
import type { SizingProfile } from "./kserve-sizing";
import { bundledResourceProfiles } from "./resource-profiles";

/** The bundled KubeAI profiles, plus one with the placement a cluster's KubeAI config may give a profile. */
const profiles: SizingProfile[] = [
  ...bundledResourceProfiles(),
  {
    name: "gpu-pool-a100",
    requests: { "nvidia.com/gpu": "1" },
    nodeSelector: { "cloud.google.com/gke-accelerator": "nvidia-tesla-a100" },
    tolerations: [{ key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" }],
  },
];

const deployment = (input: Partial<KServeDeploymentInput> = {}) =>
  kserveDeploymentInputSchema.parse({
    backend: "kserve",
    name: "sklearn-iris",
    namespace: "tenant-a",
    modelFormat: { name: "sklearn" },
    storageUri: "gs://kfserving-examples/models/sklearn/1.0/model",
    ...input,
  });

function fixture(file: string): InferenceServiceObject {
  const text = fs.readFileSync(path.join(process.cwd(), "lib/sandbox/fixtures", file), "utf8");
  return { ...(parseYaml(text) as InferenceServiceObject), metadata: { ...parseYaml(text).metadata, namespace: "tenant-a" } };
}

function invalidFields(call: () => unknown): string[] {
  try {
    call();
  } catch (error) {
    if (isAppError(error) && error.code === "invalid") return (error.details?.fields ?? []).map((f) => `${f.field}: ${f.message}`);
    throw error;
  }
  throw new Error("expected an invalid error");
}

describe("buildInferenceService", () => {
  it("writes the predictor's model, scaling, service account and Modelport's annotations", () => {
    const manifest = buildInferenceService(
      deployment({
        modelFormat: { name: "sklearn", version: "1" },
        runtime: "kserve-sklearnserver",
        protocol: "v2",
        minReplicas: 0,
        maxReplicas: 3,
        scaleMetric: "concurrency",
        scaleTarget: 5,
        args: ["--workers=2"],
        env: { LOG_LEVEL: "debug" },
        resources: { requests: { cpu: "500m" }, limits: { cpu: "1", memory: "1Gi" } },
        deploymentMode: "Serverless",
        serviceAccountName: "s3-reader",
        proxy: { timeout: 30 },
      }),
      "alice@modelport.local",
      profiles,
    );
    expect(manifest).toEqual({
      apiVersion: "serving.kserve.io/v1beta1",
      kind: "InferenceService",
      metadata: {
        name: "sklearn-iris",
        namespace: "tenant-a",
        labels: { "app.kubernetes.io/managed-by": "modelport" },
        annotations: {
          "modelport.dev/owner": "alice@modelport.local",
          "serving.kserve.io/deploymentMode": "Knative",
          "modelport.dev/proxy": '{"timeout":30}',
        },
      },
      spec: {
        predictor: {
          minReplicas: 0,
          maxReplicas: 3,
          scaleMetric: "concurrency",
          scaleTarget: 5,
          serviceAccountName: "s3-reader",
          model: {
            modelFormat: { name: "sklearn", version: "1" },
            protocolVersion: "v2",
            runtime: "kserve-sklearnserver",
            storageUri: "gs://kfserving-examples/models/sklearn/1.0/model",
            args: ["--workers=2"],
            env: [{ name: "LOG_LEVEL", value: "debug" }],
            resources: { requests: { cpu: "500m" }, limits: { cpu: "1", memory: "1Gi" } },
          },
        },
      },
    });
  });

  it("sizes from a KubeAI profile: the GPU count in limits, CPU and memory times the count, the profile's placement", () => {
    const l4 = buildInferenceService(
      deployment({ modelFormat: { name: "huggingface" }, resourceProfile: "nvidia-gpu-l4:2" }),
      "a",
      profiles,
    );
    expect(l4.spec.predictor.model?.resources).toEqual({
      requests: { cpu: "12", memory: "48Gi" },
      limits: { "nvidia.com/gpu": "2", cpu: "12", memory: "48Gi" },
    });
    expect(l4.metadata.annotations?.["modelport.dev/resource-profile"]).toBe("nvidia-gpu-l4:2");
    const a100 = buildInferenceService(
      deployment({ resourceProfile: "gpu-pool-a100", resources: { limits: { memory: "8Gi" } } }),
      "a",
      profiles,
    );
    expect(a100.spec.predictor).toMatchObject({
      nodeSelector: { "cloud.google.com/gke-accelerator": "nvidia-tesla-a100" },
      tolerations: [{ key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" }],
      model: { resources: { limits: { memory: "8Gi", "nvidia.com/gpu": "1" } } },
    });
  });

  it("lets the user's CPU and memory win over the profile's", () => {
    const manifest = buildInferenceService(
      deployment({ resourceProfile: "nvidia-gpu-l4", resources: { requests: { cpu: "2" }, limits: { cpu: "4" } } }),
      "a",
      profiles,
    );
    expect(manifest.spec.predictor.model?.resources).toEqual({
      requests: { cpu: "2", memory: "24Gi" },
      limits: { cpu: "4", "nvidia.com/gpu": "1", memory: "24Gi" },
    });
  });

  it("refuses a profile the cluster does not have, naming the ones it has", () => {
    expect(invalidFields(() => buildInferenceService(deployment({ resourceProfile: "tpu-v5:1" }), "a", profiles))[0]).toMatch(
      /^resourceProfile: Unknown resource profile "tpu-v5"; known: cpu, nvidia-gpu-t4, /,
    );
  });

  it("round-trips through inferenceServiceFromObject", () => {
    for (const input of [
      deployment(),
      deployment({ modelFormat: { name: "onnx", version: "1" }, deploymentMode: "RawDeployment", scaleMetric: "cpu", scaleTarget: 80 }),
      deployment({
        resourceProfile: "nvidia-gpu-l4:2",
        resources: { limits: { memory: "64Gi" } },
        env: { A: "1" },
        proxy: { max_retries: 2 },
      }),
      deployment({ minReplicas: 0, maxReplicas: 4, serviceAccountName: "s3-reader", runtime: "kserve-mlserver", args: ["--x"] }),
    ]) {
      expect(inferenceServiceFromObject(buildInferenceService(input, "a", profiles), profiles)).toEqual(input);
    }
  });
});

describe("inferenceServiceFromObject on objects made with kubectl", () => {
  it("reads the sandbox's fixtures: legacy mode names, GPUs without a profile left to the raw object", () => {
    expect(inferenceServiceFromObject(fixture("sklearn-iris.isvc.yaml"))).toEqual({
      backend: "kserve",
      name: "sklearn-iris",
      namespace: "tenant-a",
      modelFormat: { name: "sklearn" },
      storageUri: "gs://kfserving-examples/models/sklearn/1.0/model",
      protocol: "v1",
      minReplicas: 1,
      deploymentMode: "RawDeployment",
      args: [],
      env: {},
      proxy: {},
    });
    const qwen = inferenceServiceFromObject(fixture("qwen-chat.isvc.yaml"));
    expect(qwen).toMatchObject({ modelFormat: { name: "huggingface" }, deploymentMode: "Serverless", args: ["--max-model-len=8192"] });
    expect(qwen).not.toHaveProperty("resources");
  });

  it("reads a legacy framework block as its format, and leaves env from Secrets out", () => {
    const legacy: InferenceServiceObject = {
      apiVersion: "serving.kserve.io/v1beta1",
      kind: "InferenceService",
      metadata: { name: "xgb", namespace: "tenant-a" },
      spec: {
        predictor: {
          xgboost: {
            storageUri: "s3://models/xgb",
            protocolVersion: "v2",
            env: [
              { name: "AWS_KEY", valueFrom: { secretKeyRef: { name: "s3", key: "key" } } },
              { name: "MODE", value: "fast" },
            ],
            resources: { limits: { cpu: 2, memory: "4Gi" } },
          },
        },
      },
    };
    expect(predictorImplementation(legacy.spec.predictor)).toEqual({ kind: "legacy", framework: "xgboost" });
    expect(inferenceServiceFromObject(legacy)).toMatchObject({
      modelFormat: { name: "xgboost" },
      storageUri: "s3://models/xgb",
      protocol: "v2",
      env: { MODE: "fast" },
      resources: { limits: { cpu: "2", memory: "4Gi" } },
    });
  });
});

const built = () =>
  buildInferenceService(
    deployment({ resourceProfile: "nvidia-gpu-l4", maxReplicas: 3, env: { A: "1" }, deploymentMode: "RawDeployment" }),
    "alice",
    profiles,
  );

describe("patchInferenceService", () => {
  it("changes only the named fields; null clears, and other tools' fields and annotations stay", () => {
    const current = built();
    current.metadata.annotations = { ...current.metadata.annotations, "team.example/cost-center": "42" };
    current.spec.predictor.timeout = 300;
    const next = patchInferenceService(current, { storageUri: "gs://bucket/v2", maxReplicas: null, minReplicas: 2 }, profiles);
    expect(next.spec.predictor).toMatchObject({
      minReplicas: 2,
      timeout: 300,
      model: { storageUri: "gs://bucket/v2", env: [{ name: "A", value: "1" }] },
    });
    expect(next.spec.predictor).not.toHaveProperty("maxReplicas");
    expect(next.metadata.annotations?.["team.example/cost-center"]).toBe("42");
    expect(next.spec.predictor.model?.resources).toEqual(current.spec.predictor.model?.resources);
    expect(current.spec.predictor.maxReplicas).toBe(3); // the input is not changed
  });

  it("re-sizes when the profile changes, and drops the profile's amounts when it is cleared", () => {
    const twice = patchInferenceService(built(), { resourceProfile: "nvidia-gpu-l4:2" }, profiles);
    expect(twice.spec.predictor.model?.resources).toEqual({
      requests: { cpu: "12", memory: "48Gi" },
      limits: { "nvidia.com/gpu": "2", cpu: "12", memory: "48Gi" },
    });
    const placed = patchInferenceService(twice, { resourceProfile: "gpu-pool-a100" }, profiles);
    expect(placed.spec.predictor.model?.resources).toEqual({ limits: { "nvidia.com/gpu": "1" } });
    expect(placed.spec.predictor.nodeSelector).toEqual({ "cloud.google.com/gke-accelerator": "nvidia-tesla-a100" });
    const cleared = patchInferenceService(placed, { resourceProfile: null, resources: { limits: { memory: "2Gi" } } }, profiles);
    expect(cleared.spec.predictor.model?.resources).toEqual({ limits: { memory: "2Gi" } });
    expect(cleared.spec.predictor).not.toHaveProperty("nodeSelector");
    expect(cleared.spec.predictor).not.toHaveProperty("tolerations");
    expect(cleared.metadata.annotations).not.toHaveProperty("modelport.dev/resource-profile");
  });

  it("keeps env from Secrets and resources Modelport does not manage when env and resources change", () => {
    const current = built();
    const model = current.spec.predictor.model!;
    model.env = [...(model.env ?? []), { name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "hf", key: "token" } } }];
    model.resources = { ...model.resources, limits: { ...model.resources?.limits, "ephemeral-storage": "20Gi" } };
    const next = patchInferenceService(current, { env: { B: "2" }, resources: { requests: { cpu: "2" }, limits: { cpu: "3" } } }, profiles);
    expect(next.spec.predictor.model?.env).toEqual([
      { name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "hf", key: "token" } } },
      { name: "B", value: "2" },
    ]);
    expect(next.spec.predictor.model?.resources).toEqual({
      requests: { cpu: "2", memory: "24Gi" },
      limits: { "ephemeral-storage": "20Gi", cpu: "3", "nvidia.com/gpu": "1", memory: "24Gi" },
    });
  });

  it("edits a legacy block in place, and moves it to predictor.model when the format changes", () => {
    const legacy: InferenceServiceObject = {
      apiVersion: "serving.kserve.io/v1beta1",
      kind: "InferenceService",
      metadata: { name: "iris", namespace: "tenant-a" },
      spec: { predictor: { sklearn: { storageUri: "gs://a/1" } } },
    };
    expect(patchInferenceService(legacy, { storageUri: "gs://a/2" }, profiles).spec.predictor).toEqual({
      sklearn: { storageUri: "gs://a/2" },
    });
    const moved = patchInferenceService(legacy, { modelFormat: { name: "xgboost" } }, profiles).spec.predictor;
    expect(moved).toEqual({ model: { modelFormat: { name: "xgboost" }, storageUri: "gs://a/1" } });
  });

  it("refuses model changes to custom containers, but still scales them", () => {
    const custom: InferenceServiceObject = {
      apiVersion: "serving.kserve.io/v1beta1",
      kind: "InferenceService",
      metadata: { name: "scorer", namespace: "tenant-a" },
      spec: { predictor: { containers: [{ name: "kserve-container", image: "ghcr.io/acme/scorer:1" }] } },
    };
    expect(invalidFields(() => patchInferenceService(custom, { storageUri: "s3://b/m" }, profiles))[0]).toMatch(/^storageUri: .*kubectl/);
    expect(patchInferenceService(custom, { maxReplicas: 4 }, profiles).spec.predictor.maxReplicas).toBe(4);
  });

  it("writes a legacy mode annotation by KServe's current name, which KServe ≥ 0.16 compares with the recorded mode", () => {
    const iris = fixture("sklearn-iris.isvc.yaml");
    const next = patchInferenceService(iris, { minReplicas: 2 }, profiles);
    expect(next.metadata.annotations?.["serving.kserve.io/deploymentMode"]).toBe("Standard");
    expect(stopPatch(iris, true)).toEqual({
      metadata: { annotations: { "serving.kserve.io/deploymentMode": "Standard", "serving.kserve.io/stop": "true" } },
    });
  });
});

describe("stop and start", () => {
  it("sets the stop annotation, which KServe reads case-insensitively", () => {
    const stopped = withStop(built(), true);
    expect(isStopped(stopped)).toBe(true);
    expect(stopped.metadata.annotations).toMatchObject({ "serving.kserve.io/stop": "true", "modelport.dev/owner": "alice" });
    expect(isStopped(withStop(stopped, false))).toBe(false);
    expect(withStop(stopped, false).metadata.annotations?.["serving.kserve.io/stop"]).toBe("false");
    const shouted = built();
    shouted.metadata.annotations = { "serving.kserve.io/stop": "TRUE" };
    expect(isStopped(shouted)).toBe(true);
  });
});

describe("URLs and audit", () => {
  it("reads the published URL and the predictor's in-cluster address", () => {
    const isvc = built();
    expect(inferenceServiceUrls(isvc)).toEqual({ url: null, predictorUrl: null });
    isvc.status = {
      url: "http://sklearn-iris-tenant-a.example.com",
      address: { url: "http://sklearn-iris-predictor.tenant-a.svc.cluster.local" },
    };
    expect(inferenceServiceUrls(isvc)).toEqual({
      url: "http://sklearn-iris-tenant-a.example.com",
      predictorUrl: "http://sklearn-iris-predictor.tenant-a.svc.cluster.local",
    });
  });

  it("masks env values and secret-looking args for the audit log", () => {
    const isvc = buildInferenceService(deployment({ env: { TOKEN: "hf_abc" }, args: ["--api-key=sk-1", "--workers=2"] }), "a", profiles);
    const audited = inferenceServiceForAudit(isvc) as { spec: { predictor: { model: { env: unknown; args: unknown } } } };
    expect(audited.spec.predictor.model.env).toEqual([{ name: "TOKEN", value: "***" }]);
    expect(audited.spec.predictor.model.args).toEqual(["--api-key=***", "--workers=2"]);
    expect(JSON.stringify(audited)).not.toContain("hf_abc");
  });
});
