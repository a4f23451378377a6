import { describe, expect, it } from "vitest";
import type { Deployment } from "@/lib/schemas/deployment";
import { featuresLabel, matchesFilter, modelLocation, objectKindLabel, servingLabel } from "./deployment-summary";

const common = {
  namespace: "tenant-a",
  minReplicas: 1,
  maxReplicas: null,
  resourceProfile: null,
  args: [],
  env: {},
  proxy: {},
  uid: "u",
  resourceVersion: "1",
  generation: 1,
  createdAt: null,
  owner: "alice@modelport.local",
  profile: null,
  replicaStatus: { desired: 1, all: 1, ready: 1 },
  status: "Ready" as const,
  statusMessage: null,
  object: {},
};

const qwen: Deployment = {
  ...common,
  backend: "kubeai",
  name: "qwen",
  url: "hf://Qwen/Qwen2-0.5B-Instruct",
  engine: "VLLM",
  features: ["TextGeneration", "TextEmbedding"],
  instanceCount: 1,
  replicas: 1,
  targetRequests: null,
  scaleDownDelaySeconds: null,
  cacheProfile: null,
  files: [],
  endpoint: "http://kubeai/openai/v1",
};

const iris: Deployment = {
  ...common,
  backend: "kserve",
  name: "iris",
  modelFormat: { name: "sklearn", version: "1" },
  runtime: null,
  storageUri: "gs://kfserving-examples/models/sklearn/1.0/model",
  protocol: "v1",
  scaleTarget: null,
  scaleMetric: null,
  resources: null,
  deploymentMode: "RawDeployment",
  serviceAccountName: null,
  url: null,
  endpoint: null,
  conditions: [],
  status: "Failed",
  statusMessage: "NoSupportingRuntime",
};

describe("the deployments list's summary of either backend", () => {
  it("labels the serving stack, the model's location and what it answers", () => {
    expect([servingLabel(qwen), modelLocation(qwen), featuresLabel(qwen)]).toEqual([
      "VLLM",
      "hf://Qwen/Qwen2-0.5B-Instruct",
      "TextGeneration, TextEmbedding",
    ]);
    expect([servingLabel(iris), modelLocation(iris), featuresLabel(iris)]).toEqual([
      "KServe · sklearn",
      "gs://kfserving-examples/models/sklearn/1.0/model",
      "predict",
    ]);
    expect([objectKindLabel(qwen), objectKindLabel(iris)]).toEqual(["KubeAI Model", "KServe InferenceService"]);
  });

  it("filters on the name, location, serving label, status, owner and status message", () => {
    expect(matchesFilter(iris, "")).toBe(true);
    expect(matchesFilter(iris, "kserve")).toBe(true);
    expect(matchesFilter(iris, "kfserving-examples")).toBe(true);
    expect(matchesFilter(iris, "nosupportingruntime")).toBe(true);
    expect(matchesFilter(qwen, "kserve")).toBe(false);
    expect(matchesFilter(qwen, "vllm")).toBe(true);
    expect(matchesFilter(qwen, "alice@")).toBe(true);
  });
});
