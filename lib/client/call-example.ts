// "How to call it": the OpenAI-compatible request a deployment answers, as a curl command per feature it serves.
import type { Deployment } from "@/lib/schemas/deployment";

export interface CallExample {
  feature: string;
  /** The OpenAI path under the endpoint, e.g. "chat/completions". */
  path: string;
  curl: string;
}

type Builder = (url: string, model: string) => string[];

const json = (body: unknown) => `-d ${shellQuote(JSON.stringify(body))}`;

// KubeAI's OpenAI API serves these three; Reranking has no OpenAI route there, so it gets no example.
const BUILDERS: Record<string, { path: string; build: Builder }> = {
  TextGeneration: {
    path: "chat/completions",
    build: (url, model) => [
      `curl ${url}`,
      `-H "Content-Type: application/json"`,
      json({ model, messages: [{ role: "user", content: "Hello!" }] }),
    ],
  },
  TextEmbedding: {
    path: "embeddings",
    build: (url, model) => [`curl ${url}`, `-H "Content-Type: application/json"`, json({ model, input: "The food was delicious." })],
  },
  SpeechToText: {
    path: "audio/transcriptions",
    build: (url, model) => [`curl ${url}`, "-F file=@audio.mp3", `-F ${shellQuote(`model=${model}`)}`],
  },
};

/** Single-quotes a word for a POSIX shell unless it is plainly safe. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function callExamples(deployment: Pick<Deployment, "name" | "endpoint" | "features">): CallExample[] {
  const base = deployment.endpoint.replace(/\/+$/, "");
  return deployment.features.flatMap((feature) => {
    const builder = BUILDERS[feature];
    if (!builder) return [];
    const lines = builder.build(shellQuote(`${base}/${builder.path}`), deployment.name);
    return [{ feature, path: builder.path, curl: lines.join(" \\\n  ") }];
  });
}
