import { describe, expect, it } from "vitest";
import {
  KSERVE_MODEL_FORMATS,
  KSERVE_STORAGE_SCHEMES,
  kserveCrdRuleIssues,
  kserveDeploymentInputSchema,
  kserveModelportRuleIssues,
  kservePatchSchema,
  kserveWarnings,
  MAX_KSERVE_NAME_LENGTH,
  type KServeDeploymentInput,
  type ValidKServeDeployment,
} from "./kserve";
import { quantityValue } from "./quantity";

const valid: KServeDeploymentInput = {
  backend: "kserve",
  name: "sklearn-iris",
  namespace: "tenant-a",
  modelFormat: { name: "sklearn" },
  storageUri: "gs://kfserving-examples/models/sklearn/1.0/model",
};

function problems(input: Record<string, unknown>): string[] {
  const result = kserveDeploymentInputSchema.safeParse({ ...valid, ...input });
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

const parse = (input: Record<string, unknown>): ValidKServeDeployment => kserveDeploymentInputSchema.parse({ ...valid, ...input });

describe("KServe deployment schema", () => {
  it("accepts the sklearn quickstart and fills the defaults: v1, one replica, the cluster's mode", () => {
    expect(kserveDeploymentInputSchema.parse(valid)).toEqual({
      backend: "kserve",
      name: "sklearn-iris",
      namespace: "tenant-a",
      modelFormat: { name: "sklearn" },
      storageUri: "gs://kfserving-examples/models/sklearn/1.0/model",
      protocol: "v1",
      minReplicas: 1,
      args: [],
      env: {},
      proxy: {},
    });
  });

  it("takes every format it offers, with KServe's spelling, and names the choices for any other", () => {
    for (const name of KSERVE_MODEL_FORMATS) expect(problems({ modelFormat: { name } })).toEqual([]);
    const [problem] = problems({ modelFormat: { name: "vllm" } });
    expect(problem).toMatch(/^modelFormat\.name: Use one of sklearn, xgboost, .*vLLM$/);
  });

  it("defaults ONNX, Triton, TensorRT and MLflow to v2 and refuses v1 for them, naming protocol", () => {
    for (const name of ["onnx", "triton", "tensorrt", "mlflow"]) {
      expect(parse({ modelFormat: { name } }).protocol).toBe("v2");
      expect(problems({ modelFormat: { name }, protocol: "v1" })).toEqual([
        `protocol: ${name} models are served only over v2 (no v1 runtime serves them); use protocol v2`,
      ]);
    }
    expect(parse({ modelFormat: { name: "sklearn" }, protocol: "v2" }).protocol).toBe("v2");
    // A named runtime is KServe's to judge: it reports a protocol it does not speak in the status.
    expect(problems({ modelFormat: { name: "onnx" }, protocol: "v1", runtime: "acme-onnx-v1" })).toEqual([]);
  });

  it("refuses a storage URI with another scheme, listing the accepted ones", () => {
    for (const scheme of KSERVE_STORAGE_SCHEMES) {
      const location = scheme.startsWith("http") ? "models.example.com/iris.joblib" : scheme === "hf://" ? "org/model" : "bucket/model";
      expect(problems({ storageUri: `${scheme}${location}` })).toEqual([]);
    }
    for (const uri of ["ftp://host/model", "file:///mnt/model", "/mnt/models", "S3://bucket/model"]) {
      expect(problems({ storageUri: uri })).toEqual([
        "storageUri: storageUri must start with one of s3://, gs://, pvc://, hf://, http://, https://, oci://",
      ]);
    }
  });

  it("refuses storage URIs whose location cannot work, with the expected form", () => {
    expect(problems({ storageUri: "s3://" })).toEqual(["storageUri: Use s3://<bucket>[/<path>]"]);
    expect(problems({ storageUri: "pvc://Models/iris" })).toEqual(["storageUri: Use pvc://<claim>[/<path>]"]);
    expect(problems({ storageUri: "hf://Qwen2.5-0.5B" })).toEqual(["storageUri: Use hf://<organisation>/<model>[:<revision>]"]);
    expect(problems({ storageUri: "https://" })).toEqual(["storageUri: Not a valid URL"]);
    expect(problems({ storageUri: "pvc://models/sklearn/iris" })).toEqual([]);
  });

  it("takes KServe's name rule: a DNS-1035 label short enough for <name>-predictor", () => {
    expect(MAX_KSERVE_NAME_LENGTH).toBe(53);
    expect(problems({ name: "a".repeat(53) })).toEqual([]);
    expect(problems({ name: "a".repeat(54) })[0]).toMatch(/^name: Name must be at most 53 characters/);
    expect(problems({ name: "7b-chat" })[0]).toMatch(/^name: .*starting with a letter/);
    expect(problems({ name: "Iris" })[0]).toMatch(/^name:/);
  });

  it("accepts the mode by KServe's old and new names, and keeps one name for each", () => {
    expect(parse({ deploymentMode: "Standard" }).deploymentMode).toBe("RawDeployment");
    expect(parse({ deploymentMode: "Knative" }).deploymentMode).toBe("Serverless");
    expect(parse({ deploymentMode: "Serverless" }).deploymentMode).toBe("Serverless");
    expect(problems({ deploymentMode: "ModelMesh" })[0]).toMatch(/^deploymentMode:/);
  });

  it("refuses a scale metric the mode's autoscaler does not take, and a utilization above 100%", () => {
    expect(problems({ deploymentMode: "Serverless", scaleMetric: "cpu" })).toEqual([
      "scaleMetric: Serverless mode scales on concurrency, rps; cpu needs RawDeployment mode",
    ]);
    expect(problems({ deploymentMode: "RawDeployment", scaleMetric: "rps" })).toEqual([
      "scaleMetric: RawDeployment mode scales on cpu, memory; rps needs Serverless mode",
    ]);
    expect(problems({ deploymentMode: "RawDeployment", scaleMetric: "cpu", scaleTarget: 150 })[0]).toMatch(/^scaleTarget: .*1–100/);
    expect(problems({ deploymentMode: "Serverless", scaleMetric: "concurrency", scaleTarget: 150 })).toEqual([]);
    expect(problems({ minReplicas: 3, maxReplicas: 2 })).toEqual(["maxReplicas: Max replicas must be at least min replicas"]);
  });

  it("checks resource quantities, keeps GPUs to the resource profile, and refuses a request above its limit", () => {
    expect(parse({ resources: { requests: { cpu: 2, memory: "4Gi" } } }).resources).toEqual({ requests: { cpu: "2", memory: "4Gi" } });
    expect(problems({ resources: { requests: { cpu: "2 cores" } } })[0]).toMatch(/^resources\.requests\.cpu: Use a Kubernetes quantity/);
    expect(problems({ resources: { limits: { memory: "-1Gi" } } })[0]).toMatch(/^resources\.limits\.memory:/);
    expect(problems({ resources: { limits: { "nvidia.com/gpu": "1" } } })[0]).toMatch(/GPUs come from resourceProfile/);
    expect(problems({ resources: { requests: { cpu: "2" }, limits: { cpu: "1500m" } } })).toEqual([
      "resources.requests.cpu: The cpu request 2 is more than its limit 1500m",
    ]);
    expect(quantityValue("500m")).toBe(0.5);
    expect(quantityValue("4Gi")).toBe(4 * 2 ** 30);
    expect(quantityValue("1e3")).toBe(1000);
  });

  it("takes the resource profile as <profile>:<count>, one unit when the count is left out", () => {
    expect(parse({ resourceProfile: "nvidia-gpu-l4" }).resourceProfile).toBe("nvidia-gpu-l4:1");
    expect(parse({ resourceProfile: "nvidia-gpu-l4:2" }).resourceProfile).toBe("nvidia-gpu-l4:2");
    expect(problems({ resourceProfile: "nvidia-gpu-l4:0" })[0]).toMatch(/^resourceProfile:/);
    expect(problems({ resourceProfile: "nvidia-gpu-l4:65" })).toEqual(["resourceProfile: At most 64 units of a profile per replica"]);
  });

  it("refuses PYTHONPATH (KServe's webhook does), control characters and oversized args and env", () => {
    expect(problems({ env: { PYTHONPATH: "/opt" } })).toEqual([
      "env.PYTHONPATH: KServe refuses PYTHONPATH in a serving container (a security rule)",
    ]);
    expect(problems({ storageUri: "s3://bucket/mo\ndel" })[0]).toMatch(/^storageUri: Must not contain control characters/);
    expect(problems({ args: ["--x=\u0000"] })[0]).toMatch(/^args\.0: Must not contain NUL/);
    expect(
      problems({ env: { A: "x".repeat(16 * 1024), B: "x".repeat(16 * 1024), C: "x".repeat(16 * 1024), D: "x".repeat(16 * 1024) } }),
    ).toEqual(["env: args and env together must be at most 65536 characters"]);
    expect(problems({ image: "ghcr.io/acme/server:1" })[0]).toMatch(/Unrecognized key/);
  });

  it("accepts a GET body's nulls for the optional fields", () => {
    const parsed = parse({ runtime: null, maxReplicas: null, scaleMetric: null, resources: null, deploymentMode: null, protocol: null });
    expect(parsed).not.toHaveProperty("runtime");
    expect(parsed).not.toHaveProperty("deploymentMode");
    expect(parsed.protocol).toBe("v1");
  });
});

describe("KServe rules on objects read back", () => {
  const readBack: ValidKServeDeployment = { ...parse({}), modelFormat: { name: "openvino" }, storageUri: "file:///mnt/models" };

  it("keeps Modelport's choices apart from KServe's, so an edit of a kubectl-made object only warns about them", () => {
    expect(kserveCrdRuleIssues(readBack)).toEqual([]);
    expect(kserveModelportRuleIssues(readBack).map((issue) => issue.path.join("."))).toEqual(["storageUri", "modelFormat.name"]);
  });
});

describe("KServe warnings", () => {
  it("warns that only Serverless scales to zero and that the cluster's default mode decides the metric", () => {
    expect(kserveWarnings(parse({ minReplicas: 0, deploymentMode: "RawDeployment" }))).toEqual([
      "minReplicas 0: RawDeployment mode does not scale to zero; at least one replica keeps running",
    ]);
    expect(kserveWarnings(parse({ minReplicas: 0, deploymentMode: "Serverless" }))).toEqual([]);
    expect(kserveWarnings(parse({ scaleMetric: "rps" }))).toEqual([
      "scaleMetric rps works only in Serverless mode; the cluster's default mode decides",
    ]);
  });

  it("warns about a CPU or memory request above KServe's default limit without a limit, and an over-long host name", () => {
    expect(kserveWarnings(parse({ resources: { requests: { cpu: "4" } } }))[0]).toMatch(/^requests\.cpu 4 without limits\.cpu/);
    expect(kserveWarnings(parse({ resources: { requests: { cpu: "500m", memory: "1Gi" } } }))).toEqual([]);
    const long = parse({ name: "a".repeat(40), namespace: "team-with-a-long-name" });
    expect(kserveWarnings(long)[0]).toMatch(/host name .* longer than 63 characters/);
    expect(kserveWarnings({ ...long, deploymentMode: "Serverless" })).toEqual([]);
  });
});

describe("KServe patch schema", () => {
  it("takes the fields an edit may change, with null clearing an optional one", () => {
    expect(kservePatchSchema.parse({ maxReplicas: null, storageUri: "s3://bucket/v2", resources: { limits: { cpu: 2 } } })).toEqual({
      maxReplicas: null,
      storageUri: "s3://bucket/v2",
      resources: { limits: { cpu: "2" } },
    });
    expect(kservePatchSchema.safeParse({ name: "other" }).success).toBe(false);
    expect(kservePatchSchema.safeParse({ deploymentMode: "Serverless" }).success).toBe(false);
    expect(kservePatchSchema.safeParse({ minReplicas: null }).success).toBe(false);
  });
});
