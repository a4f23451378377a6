import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { callExamples, shellQuote } from "./call-example";

const endpoint = "http://kubeai.kubeai.svc.cluster.local/openai/v1";

describe("callExamples", () => {
  it("calls chat/completions on the deployment's endpoint with its name as the model", () => {
    const [example] = callExamples({ name: "qwen", endpoint, features: ["TextGeneration"] });
    expect(example.path).toBe("chat/completions");
    expect(example.curl).toBe(
      [
        "curl http://kubeai.kubeai.svc.cluster.local/openai/v1/chat/completions \\",
        '  -H "Content-Type: application/json" \\',
        `  -d '{"model":"qwen","messages":[{"role":"user","content":"Hello!"}]}'`,
      ].join("\n"),
    );
  });

  it("uses embeddings and audio/transcriptions for those features, and offers nothing for reranking", () => {
    const examples = callExamples({ name: "m", endpoint: `${endpoint}/`, features: ["TextEmbedding", "SpeechToText", "Reranking"] });
    expect(examples.map((example) => example.path)).toEqual(["embeddings", "audio/transcriptions"]);
    expect(examples[0].curl).toContain(`${endpoint}/embeddings \\`);
    expect(examples[0].curl).toContain(`"input":"The food was delicious."`);
    expect(examples[1].curl).toContain("-F file=@audio.mp3");
    expect(examples[1].curl).toContain("-F model=m");
  });

  it("produces a command a shell reads back as the intended words", () => {
    const [example] = callExamples({ name: "it's", endpoint, features: ["TextEmbedding"] });
    const words = execFileSync("sh", ["-c", `printf '%s\\n' ${example.curl.replace(/^curl /, "").replace(/\\\n/g, "")}`], {
      encoding: "utf8",
    })
      .trimEnd()
      .split("\n");
    expect(words.at(-1)).toBe(`{"model":"it's","input":"The food was delicious."}`);
  });
});

const kserve = (protocol: string, format = "sklearn", endpoint: string | null = "http://iris-predictor.tenant-a.svc.cluster.local") =>
  ({ backend: "kserve", name: "iris", endpoint, modelFormat: { name: format }, protocol }) as const;

describe("callExamples for a KServe InferenceService", () => {
  it("posts V1 instances to the predictor's :predict route, named by the service", () => {
    const examples = callExamples(kserve("v1"));
    expect(examples.map((example) => example.path)).toEqual(["v1/models/iris:predict"]);
    expect(examples[0].curl).toBe(
      [
        "curl -X POST http://iris-predictor.tenant-a.svc.cluster.local/v1/models/iris:predict \\",
        '  -H "Content-Type: application/json" \\',
        `  -d '{"instances":[[6.8,2.8,4.8,1.4],[6,3.4,4.5,1.6]]}'`,
      ].join("\n"),
    );
  });

  it("sends a V2 tensor with its shape and datatype to /infer", () => {
    const [example] = callExamples(kserve("v2", "onnx", "http://iris-predictor.tenant-a.svc.cluster.local/"));
    expect(example.title).toBe("Inference (V2)");
    expect(example.curl).toContain("http://iris-predictor.tenant-a.svc.cluster.local/v2/models/iris/infer \\");
    expect(example.curl).toContain(
      `"inputs":[{"name":"input-0","shape":[2,4],"datatype":"FP32","data":[[6.8,2.8,4.8,1.4],[6,3.4,4.5,1.6]]}]`,
    );
  });

  it("offers OpenAI chat under /openai for Hugging Face and vLLM formats, then the protocol with text", () => {
    for (const format of ["huggingface", "vLLM"]) {
      const examples = callExamples(kserve("v1", format));
      expect(examples.map((example) => example.path)).toEqual(["openai/v1/chat/completions", "v1/models/iris:predict"]);
      expect(examples[0].curl).toContain(`"model":"iris"`);
      expect(examples[1].curl).toContain(`{"instances":["Hello!"]}`);
    }
    expect(callExamples(kserve("v2", "huggingface"))[1].curl).toContain(`"datatype":"BYTES","data":["Hello!"]`);
  });

  it("has nothing to offer before KServe publishes the predictor's address, or for gRPC", () => {
    expect(callExamples(kserve("v1", "sklearn", null))).toEqual([]);
    expect(callExamples(kserve("grpc-v2"))).toEqual([]);
  });
});

describe("shellQuote", () => {
  it("leaves safe words alone and quotes the rest", () => {
    expect(shellQuote("model=qwen")).toBe("model=qwen");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
