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

describe("shellQuote", () => {
  it("leaves safe words alone and quotes the rest", () => {
    expect(shellQuote("model=qwen")).toBe("model=qwen");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
