// Every InferenceService Modelport writes must pass KServe's real CRD, and every format it offers must find a runtime
// with its default protocol: checked with the sandbox's CRD validator and its copy of KServe's runtime selection.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readManifestDocuments } from "@/lib/sandbox/crd-files";
import { CrdValidator } from "@/lib/sandbox/crd-validator";
import { planPredictor } from "@/lib/sandbox/kserve-predictor";
import { builtInRuntimes } from "@/lib/sandbox/kserve-runtimes";
import { asKubeObject, type KubeObject } from "@/lib/sandbox/types";
import { KSERVE_MODEL_FORMATS, kserveDeploymentInputSchema, type KServeDeploymentInput } from "@/lib/schemas/kserve";
import { buildInferenceService, patchInferenceService, withStop, type InferenceServiceObject } from "./kserve-inference-service";
import { bundledResourceProfiles } from "./resource-profiles";

const CRDS = path.join(process.cwd(), "chart/files/crds");
const profiles = [
  ...bundledResourceProfiles(),
  {
    name: "gpu-pool-a100",
    requests: { "nvidia.com/gpu": "1" },
    nodeSelector: { "cloud.google.com/gke-accelerator": "nvidia-tesla-a100" },
    tolerations: [{ key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" }],
  },
];
let validator: CrdValidator;

beforeAll(() => {
  validator = new CrdValidator(readManifestDocuments(path.join(CRDS, "serving.kserve.io_inferenceservices.yaml"))[0]);
});

const base: KServeDeploymentInput = {
  backend: "kserve",
  name: "iris",
  namespace: "tenant-a",
  modelFormat: { name: "sklearn" },
  storageUri: "gs://kfserving-examples/models/sklearn/1.0/model",
};

const REPRESENTATIVE: Partial<KServeDeploymentInput>[] = [
  {},
  { modelFormat: { name: "xgboost", version: "2" }, protocol: "v2", runtime: "kserve-xgbserver", deploymentMode: "RawDeployment" },
  { modelFormat: { name: "onnx" }, storageUri: "s3://models/resnet", serviceAccountName: "s3-reader", scaleMetric: "cpu", scaleTarget: 70 },
  {
    modelFormat: { name: "huggingface" },
    storageUri: "hf://Qwen/Qwen2.5-7B-Instruct",
    resourceProfile: "nvidia-gpu-l4:2",
    args: ["--max-model-len=8192"],
    env: { HF_HUB_OFFLINE: "0" },
    deploymentMode: "Serverless",
    minReplicas: 0,
    maxReplicas: 3,
    scaleMetric: "concurrency",
    scaleTarget: 4,
    proxy: { timeout: 120, model_mode: "chat" },
  },
  {
    modelFormat: { name: "vLLM" },
    storageUri: "pvc://models/llama",
    resourceProfile: "gpu-pool-a100",
    resources: { limits: { memory: 32 * 2 ** 30 } },
  },
  {
    modelFormat: { name: "tensorflow" },
    storageUri: "https://models.example.com/flowers.tar.gz",
    resources: { requests: { cpu: "500m", memory: "1Gi" } },
  },
  { modelFormat: { name: "pytorch" }, storageUri: "oci://registry.example.com/models/mnist:1", deploymentMode: "Standard" },
];

function expectValid(object: InferenceServiceObject): void {
  const outcome = validator.validate(object as unknown as KubeObject, undefined, { fieldValidation: "Strict" });
  expect(outcome.causes).toEqual([]);
}

describe("InferenceServices Modelport writes, against KServe's CRD", () => {
  it("builds manifests the CRD accepts, unknown fields included, for representative deployments", () => {
    for (const input of REPRESENTATIVE) {
      expectValid(buildInferenceService(kserveDeploymentInputSchema.parse({ ...base, ...input }), "alice@modelport.local", profiles));
    }
  });

  it("patches and stops into objects the CRD accepts", () => {
    const manifest = buildInferenceService(kserveDeploymentInputSchema.parse({ ...base, ...REPRESENTATIVE[3] }), "alice", profiles);
    const patched = patchInferenceService(
      manifest,
      {
        resourceProfile: "gpu-pool-a100",
        resources: { requests: { cpu: "4" }, limits: { cpu: "8" } },
        maxReplicas: null,
        env: {},
        args: [],
      },
      profiles,
    );
    expectValid(patched);
    expectValid(withStop(patched, true));
  });

  it("would catch a manifest the CRD refuses", () => {
    const manifest = buildInferenceService(kserveDeploymentInputSchema.parse(base), "alice", profiles);
    manifest.spec.predictor.scaleMetric = "gpu";
    manifest.spec.predictor.model = { ...manifest.spec.predictor.model, image: 7 } as typeof manifest.spec.predictor.model;
    const causes = validator.validate(manifest as unknown as KubeObject, undefined, { fieldValidation: "Strict" }).causes;
    expect(causes.map((c) => c.field).sort()).toEqual(["spec.predictor.model.image", "spec.predictor.scaleMetric"]);
  });
});

describe("formats Modelport offers, against KServe's runtime selection", () => {
  const runtimes = [
    ...["kserve-huggingfaceserver.runtime.yaml", "kserve-vllmserver.runtime.yaml"].flatMap((file) =>
      readManifestDocuments(path.join(CRDS, file)).map((doc) => asKubeObject(doc) as KubeObject),
    ),
    ...builtInRuntimes(),
  ];

  it("finds a built-in runtime for every format with its default protocol", () => {
    const chosen = Object.fromEntries(
      KSERVE_MODEL_FORMATS.map((name) => {
        const manifest = buildInferenceService(kserveDeploymentInputSchema.parse({ ...base, modelFormat: { name } }), "a", profiles);
        const plan = planPredictor(manifest as unknown as KubeObject, runtimes);
        return [name, plan.ok ? plan.plan.runtime : plan.reason];
      }),
    );
    expect(chosen).toEqual({
      sklearn: "kserve-sklearnserver",
      xgboost: "kserve-xgbserver",
      lightgbm: "kserve-lgbserver",
      tensorflow: "kserve-tensorflow-serving",
      pytorch: "kserve-torchserve",
      onnx: "kserve-tritonserver",
      triton: "kserve-tritonserver",
      huggingface: "kserve-huggingfaceserver",
      mlflow: "kserve-mlserver",
      pmml: "kserve-pmmlserver",
      paddle: "kserve-paddleserver",
      tensorrt: "kserve-tritonserver",
      vLLM: "kserve-vllmserver",
    });
  });
});
