import { describe, expect, it } from "vitest";
import { deploymentInputSchema, deploymentNameSchema, deploymentPatchSchema, deploymentWarnings, type DeploymentInput } from "./deployment";
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
    expect(parsed).toMatchObject({
      replicas: 1,
      minReplicas: 0,
      targetRequests: 100,
      scaleDownDelaySeconds: 30,
      instanceCount: 1,
      args: [],
      env: {},
    });
  });

  it("refuses names that are not lowercase DNS labels or longer than 40 characters", () => {
    expect(problems({ name: "Qwen" })[0]).toMatch(/^name:/);
    expect(problems({ name: "-qwen" })[0]).toMatch(/^name:/);
    expect(problems({ name: "a".repeat(41) })[0]).toMatch(/^name: .*40/);
    expect(problems({ name: "a".repeat(40) })).toEqual([]);
  });

  it("accepts an s3:// url without a cache profile with a warning, and refuses gs:// and oss:// without one (the CRD's rule)", () => {
    expect(problems({ url: "s3://bucket/model" })).toEqual([]);
    expect(deploymentWarnings({ url: "s3://bucket/model" })[0]).toMatch(/every replica downloads/);
    expect(deploymentWarnings({ url: "s3://bucket/model", cacheProfile: "standard-filestore" })).toEqual([]);
    expect(problems({ url: "gs://bucket/model" })[0]).toMatch(/^cacheProfile: gs:/);
    expect(problems({ url: "oss://bucket/model" })[0]).toMatch(/^cacheProfile: oss:/);
  });

  it("takes the resource profile in KubeAI's <profile>:<count> form or with instanceCount, not two different counts", () => {
    expect(deploymentInputSchema.parse({ ...valid, resourceProfile: "nvidia-gpu-l4:2" })).toMatchObject({
      resourceProfile: "nvidia-gpu-l4",
      instanceCount: 2,
    });
    expect(deploymentInputSchema.parse({ ...valid, resourceProfile: "cpu", instanceCount: 3 })).toMatchObject({
      resourceProfile: "cpu",
      instanceCount: 3,
    });
    expect(problems({ resourceProfile: "cpu:2", instanceCount: 3 })[0]).toMatch(/^instanceCount:/);
    expect(problems({ resourceProfile: "cpu:0" })[0]).toMatch(/^resourceProfile:/);
  });

  it("refuses NUL and control characters where a store or a person cannot take them, naming the field", () => {
    expect(problems({ url: "hf://a/b\u0000" })[0]).toMatch(/^url: .*control/);
    expect(problems({ name: "a\tb" })[0]).toMatch(/^name:/);
    expect(problems({ env: { TOKEN: "a\u0000b" } })[0]).toMatch(/^env\.TOKEN: .*NUL/);
    expect(problems({ args: ["--x=\u0000"] })[0]).toMatch(/^args\.0: .*NUL/);
    expect(problems({ env: { "BAD\nNAME": "x" } })[0]).toMatch(/^env/);
    expect(problems({ env: { NOTE: "line one\nline two" } })).toEqual([]);
  });

  it("bounds sizes per field and per object", () => {
    expect(problems({ args: Array.from({ length: 65 }, (_, i) => `--a${i}`) })[0]).toMatch(/^args: At most 64/);
    expect(problems({ env: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`V${i}`, "x"])) })[0]).toMatch(/^env: At most 64/);
    expect(problems({ env: { BIG: "x".repeat(16 * 1024 + 1) } })[0]).toMatch(/^env\.BIG: Must be at most/);
    expect(problems({ env: Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`V${i}`, "x".repeat(16 * 1024)])) })[0]).toMatch(
      /^env: args and env together/,
    );
    expect(problems({ url: `hf://a/${"b".repeat(2100)}` })[0]).toMatch(/^url: Must be at most 2048/);
  });

  it("lets a GET body's read-only fields come back in a create, and ignores them", () => {
    const parsed = deploymentInputSchema.parse({
      ...valid,
      uid: "u",
      status: "Ready",
      replicaStatus: { ready: 1 },
      object: {},
      endpoint: "x",
      owner: "o",
    });
    expect(parsed).not.toHaveProperty("uid");
    expect(parsed).not.toHaveProperty("object");
    expect(problems({ unknownField: 1 })[0]).toMatch(/unknownField/);
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
    expect(problems({ proxy: { model_mode: "chat" } })).toEqual([]);
    expect(problems({ features: ["SpeechToText"], proxy: { model_mode: "audio_transcription" } })).toEqual([]);
    expect(problems({ features: ["Reranking"], proxy: { model_mode: "rerank" } })).toEqual([]);
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
