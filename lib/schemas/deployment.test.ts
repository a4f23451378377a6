import { describe, expect, it } from "vitest";
import { deploymentInputSchema, deploymentNameSchema, deploymentPatchSchema, type DeploymentInput } from "./deployment";
import { generateDeploymentName } from "./deployment-name";

const valid: DeploymentInput = {
  name: "qwen2-500m",
  namespace: "tenant-a",
  url: "hf://Qwen/Qwen2-0.5B-Instruct",
  engine: "VLLM",
  features: ["TextGeneration"],
};

function problems(input: Partial<DeploymentInput> & Record<string, unknown>) {
  const result = deploymentInputSchema.safeParse({ ...valid, ...input });
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("deployment schema", () => {
  it("accepts a minimal hf:// deployment and fills KubeAI's defaults", () => {
    const parsed = deploymentInputSchema.parse(valid);
    expect(parsed).toMatchObject({ minReplicas: 0, targetRequests: 100, scaleDownDelaySeconds: 30, instanceCount: 1, args: [], env: {} });
  });

  it("refuses names that are not lowercase DNS labels or longer than 40 characters", () => {
    expect(problems({ name: "Qwen" })[0]).toMatch(/^name:/);
    expect(problems({ name: "-qwen" })[0]).toMatch(/^name:/);
    expect(problems({ name: "a".repeat(41) })[0]).toMatch(/^name: .*40/);
    expect(problems({ name: "a".repeat(40) })).toEqual([]);
  });

  it("refuses an s3:// url without a cache profile and accepts it with one", () => {
    expect(problems({ url: "s3://bucket/model" })).toEqual(["url: s3:// URLs need a cache profile"]);
    expect(problems({ url: "s3://bucket/model", cacheProfile: "standard-filestore" })).toEqual([]);
    expect(problems({ url: "gs://bucket/model" })[0]).toMatch(/^url: gs:/);
    expect(problems({ url: "oss://bucket/model" })[0]).toMatch(/^url: oss:/);
  });

  it("allows ollama:// only for the OLlama engine", () => {
    expect(problems({ url: "ollama://qwen2:0.5b" })[0]).toMatch(/^url: ollama/);
    expect(problems({ url: "ollama://qwen2:0.5b", engine: "OLlama" })).toEqual([]);
  });

  it("checks pvc:// urls and refuses a cache profile with them", () => {
    expect(problems({ url: "pvc://models/qwen" })).toEqual([]);
    expect(problems({ url: "pvc://Bad_Name/x" })[0]).toMatch(/^url: Use pvc:/);
    expect(problems({ url: "pvc://models", cacheProfile: "fast" })[0]).toMatch(/^cacheProfile:/);
  });

  it("refuses unknown schemes, unknown engines and unknown features", () => {
    expect(problems({ url: "https://huggingface.co/x" })[0]).toMatch(/^url: URL must start with/);
    expect(problems({ engine: "TGI" as never })[0]).toMatch(/^engine:/);
    expect(problems({ features: ["Chat" as never] })[0]).toMatch(/^features\.0:/);
    expect(problems({ features: [] })[0]).toMatch(/^features:/);
  });

  it("requires maxReplicas to be at least minReplicas", () => {
    expect(problems({ minReplicas: 3, maxReplicas: 2 })).toEqual(["maxReplicas: Max replicas must be at least min replicas"]);
    expect(problems({ minReplicas: 2, maxReplicas: 2 })).toEqual([]);
  });

  it("requires the features a model mode implies", () => {
    expect(problems({ proxy: { model_mode: "embedding" } })[0]).toMatch(/^features: .*TextEmbedding/);
    expect(problems({ features: ["TextEmbedding"], proxy: { model_mode: "embedding", embedding_dimensions: 768 } })).toEqual([]);
  });

  it("refuses unknown proxy metadata keys and unknown patch fields", () => {
    expect(problems({ proxy: { retries: 3 } as never })[0]).toMatch(/^proxy/);
    expect(deploymentPatchSchema.safeParse({ engine: "VLLM" }).success).toBe(false);
    expect(deploymentPatchSchema.parse({ replicas: null, minReplicas: 1 })).toEqual({ replicas: null, minReplicas: 1 });
  });
});

describe("generateDeploymentName", () => {
  it.each([
    ["hf://meta-llama/Llama-3.1-8B-Instruct", "llama-3-1-8b-instruct"],
    ["ollama://qwen2:0.5b", "qwen2-0-5b"],
    ["pvc://models/checkpoints/My_Model/", "my-model"],
    ["s3://bucket/path/" + "x".repeat(60), "x".repeat(40)],
    ["hf://", "model"],
  ])("turns %s into %s", (url, expected) => {
    const name = generateDeploymentName(url);
    expect(name).toBe(expected);
    expect(deploymentNameSchema.safeParse(name).success).toBe(true);
  });
});
