// Reading InferenceServices as KServe's predictor reconciler does: mode, stop flag, runtime choice, container, storage.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readManifestDocuments } from "./crd-files";
import { deploymentModeOf, isStopped, planPredictor, type PlanResult, unsupportedStorageMessage } from "./kserve-predictor";
import { builtInRuntimes } from "./kserve-runtimes";
import { asKubeObject, type JsonObject, type KubeObject } from "./types";

const referenceRuntimes = ["kserve-huggingfaceserver.runtime.yaml", "kserve-vllmserver.runtime.yaml"].flatMap((f) =>
  readManifestDocuments(path.join(process.cwd(), "chart/files/crds", f)).map((d) => asKubeObject(d) as KubeObject),
);
const runtimes = [...referenceRuntimes, ...builtInRuntimes()];

function isvc(predictor: JsonObject, annotations: Record<string, string> = {}, status?: JsonObject): KubeObject {
  const o: KubeObject = {
    apiVersion: "serving.kserve.io/v1beta1",
    kind: "InferenceService",
    metadata: { name: "iris", namespace: "team-a", uid: "u-1", annotations },
    spec: { predictor },
  };
  if (status) o.status = status;
  return o;
}

function planned(result: PlanResult): Extract<PlanResult, { ok: true }>["plan"] {
  if (!result.ok) throw new Error(`expected a plan, got ${result.reason}: ${result.message}`);
  return result.plan;
}

describe("deployment mode and stop", () => {
  it("normalises the legacy mode names, falls back on unknown ones, and sticks to the recorded mode", () => {
    expect(deploymentModeOf(isvc({}, { "serving.kserve.io/deploymentMode": "RawDeployment" }), "Knative")).toBe("Standard");
    expect(deploymentModeOf(isvc({}, { "serving.kserve.io/deploymentMode": "Serverless" }), "Standard")).toBe("Knative");
    expect(deploymentModeOf(isvc({}, { "serving.kserve.io/deploymentMode": "Sideways" }), "Knative")).toBe("Knative");
    const recorded = isvc({}, { "serving.kserve.io/deploymentMode": "RawDeployment" }, { deploymentMode: "Knative" });
    expect(deploymentModeOf(recorded, "Standard")).toBe("Knative");
  });

  it("reads the stop annotation case-insensitively", () => {
    expect(isStopped(isvc({}, { "serving.kserve.io/stop": "TRUE" }))).toBe(true);
    expect(isStopped(isvc({}, { "serving.kserve.io/stop": "false" }))).toBe(false);
    expect(isStopped(isvc({}))).toBe(false);
  });
});

describe("runtime selection", () => {
  const model = (m: JsonObject): KubeObject => isvc({ model: { storageUri: "gs://bucket/model", ...m } });

  it("picks the dedicated server over mlserver for sklearn, and mlserver where only it serves the format", () => {
    expect(planned(planPredictor(model({ modelFormat: { name: "sklearn" } }), runtimes)).runtime).toBe("kserve-sklearnserver");
    expect(planned(planPredictor(model({ modelFormat: { name: "sklearn" }, protocolVersion: "v2" }), runtimes)).runtime).toBe(
      "kserve-sklearnserver",
    );
    expect(planned(planPredictor(model({ modelFormat: { name: "mlflow" }, protocolVersion: "v2" }), runtimes)).runtime).toBe(
      "kserve-mlserver",
    );
    expect(planned(planPredictor(model({ modelFormat: { name: "huggingface" } }), runtimes)).runtime).toBe("kserve-huggingfaceserver");
  });

  it("refuses ONNX on the default v1 protocol (Triton speaks v2) and serves it on v2", () => {
    expect(planPredictor(model({ modelFormat: { name: "onnx" } }), runtimes)).toEqual({
      ok: false,
      reason: "NoSupportingRuntime",
      message: "No runtime found to support specified framework/version",
    });
    expect(planned(planPredictor(model({ modelFormat: { name: "onnx" }, protocolVersion: "v2" }), runtimes)).runtime).toBe(
      "kserve-tritonserver",
    );
  });

  it("checks a named runtime: unknown, disabled, wrong protocol, wrong format", () => {
    const named = (runtime: string, extra: JsonObject = {}): PlanResult =>
      planPredictor(model({ modelFormat: { name: "sklearn" }, runtime, ...extra }), runtimes);
    expect(named("kserve-nope")).toMatchObject({ ok: false, reason: "RuntimeNotRecognized" });
    const disabled = runtimes.map((r) =>
      r.metadata.name === "kserve-sklearnserver" ? { ...r, spec: { ...(r.spec as JsonObject), disabled: true } } : r,
    );
    expect(planPredictor(model({ modelFormat: { name: "sklearn" }, runtime: "kserve-sklearnserver" }), disabled)).toMatchObject({
      ok: false,
      reason: "RuntimeDisabled",
      message: "Specified runtime is disabled",
    });
    expect(named("kserve-mlserver", { protocolVersion: "v1" })).toMatchObject({ reason: "NoSupportingRuntime" });
    expect(named("kserve-xgbserver")).toMatchObject({ message: "Specified runtime does not support specified framework/version" });
    expect(planned(named("kserve-mlserver")).runtime).toBe("kserve-mlserver");
  });
});

describe("predictor container", () => {
  it("merges the runtime's container with the model's: args appended, resources per key, GPU requests from limits", () => {
    const plan = planned(
      planPredictor(
        isvc({
          minReplicas: 0,
          model: {
            modelFormat: { name: "huggingface" },
            storageUri: "hf://Qwen/Qwen2.5-7B-Instruct",
            args: ["--max-model-len=8192"],
            env: [{ name: "LMCACHE_USE_EXPERIMENTAL", value: "False" }],
            resources: { limits: { "nvidia.com/gpu": 1, memory: "24Gi" } },
          },
        }),
        runtimes,
      ),
    );
    expect(plan.container).toEqual({
      image: "huggingfaceserver:replace",
      args: ["--model_name=iris", "--max-model-len=8192"],
      env: [{ name: "LMCACHE_USE_EXPERIMENTAL", value: "False" }],
      requests: { cpu: "1", memory: "2Gi", "nvidia.com/gpu": "1" },
      limits: { cpu: "1", memory: "24Gi", "nvidia.com/gpu": "1" },
    });
    expect(plan.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
    expect(plan.minReplicas).toBe(0);
    expect(plan.storageUri).toBe("hf://Qwen/Qwen2.5-7B-Instruct");
  });

  it("reads legacy framework blocks and custom containers", () => {
    const legacy = planned(planPredictor(isvc({ xgboost: { storageUri: "s3://models/xgb" } }), runtimes));
    expect(legacy.runtime).toBe("kserve-xgbserver");
    const custom = planned(
      planPredictor(
        isvc({ containers: [{ name: "kserve-container", image: "ghcr.io/acme/scorer:1", resources: { requests: { cpu: "2" } } }] }),
        runtimes,
      ),
    );
    expect(custom.runtime).toBeUndefined();
    expect(custom.container).toMatchObject({ image: "ghcr.io/acme/scorer:1", requests: { cpu: "2" } });
    expect(custom.minReplicas).toBe(1);
  });

  it("changes its hash when the pods must change, not when only scaling does", () => {
    const base = { modelFormat: { name: "sklearn" }, storageUri: "gs://bucket/a" };
    const hash = (predictor: JsonObject): string => planned(planPredictor(isvc(predictor), runtimes)).hash;
    expect(hash({ model: base })).toBe(hash({ model: base, minReplicas: 3, maxReplicas: 5, scaleTarget: 10 }));
    expect(hash({ model: base })).not.toBe(hash({ model: { ...base, storageUri: "gs://bucket/b" } }));
  });
});

describe("storage URIs", () => {
  it("accepts KServe's schemes, Azure blobs and plain paths, and names the unsupported ones as KServe does", () => {
    for (const ok of [
      "s3://b/m",
      "gs://b/m",
      "pvc://claim/m",
      "hf://org/m",
      "oci://reg/m",
      "https://a.blob.core.windows.net/c/m",
      "/mnt/m",
    ]) {
      expect(unsupportedStorageMessage(ok)).toBeUndefined();
    }
    expect(unsupportedStorageMessage("ftp://host/model")).toBe(
      "StorageURI not supported: storageUri, must be one of: [gs://, s3://, pvc://, file://, http://, https://, hdfs://, webhdfs://, oci://, oci+native://, oci+fetch://, hf://] or match https://{}.blob.core.windows.net/{}/{} or be an absolute or relative local path. StorageUri [ftp://host/model] is not supported.",
    );
    expect(planPredictor(isvc({ model: { modelFormat: { name: "sklearn" }, storageUri: "ftp://host/model" } }), runtimes)).toMatchObject({
      ok: false,
      reason: "InvalidPredictorSpec",
    });
  });
});
