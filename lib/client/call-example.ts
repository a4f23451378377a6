// "How to call it": the requests a deployment answers, as curl commands. A KubeAI Model answers OpenAI's API, one
// route per feature; a KServe InferenceService answers its inference protocol (V1 predict or V2 infer), and the
// Hugging Face and vLLM runtimes answer OpenAI's API beside it.
import { OPENAI_KSERVE_FORMATS, type KServeDeployment, type KubeAIDeployment } from "@/lib/schemas/deployment";

export interface CallExample {
  /** What the request does, e.g. "TextGeneration" or "Predict (V1)". */
  title: string;
  /** The path under the endpoint, e.g. "chat/completions" or "v1/models/iris:predict". */
  path: string;
  curl: string;
}

/** A KubeAI deployment may leave `backend` out: the API's default. */
type KubeAICallTarget = Pick<KubeAIDeployment, "name" | "endpoint" | "features"> & { backend?: "kubeai" };
type KServeCallTarget = Pick<KServeDeployment, "backend" | "name" | "endpoint" | "modelFormat" | "protocol">;
export type CallTarget = KubeAICallTarget | KServeCallTarget;

const json = (body: unknown) => `-d ${shellQuote(JSON.stringify(body))}`;
const JSON_HEADER = `-H "Content-Type: application/json"`;

const chat = (url: string, model: string) => [`curl ${url}`, JSON_HEADER, json({ model, messages: [{ role: "user", content: "Hello!" }] })];

// KubeAI's OpenAI API serves these three; Reranking has no OpenAI route there, so it gets no example.
const OPENAI_BUILDERS: Record<string, { path: string; build: (url: string, model: string) => string[] }> = {
  TextGeneration: { path: "chat/completions", build: chat },
  TextEmbedding: {
    path: "embeddings",
    build: (url, model) => [`curl ${url}`, JSON_HEADER, json({ model, input: "The food was delicious." })],
  },
  SpeechToText: {
    path: "audio/transcriptions",
    build: (url, model) => [`curl ${url}`, "-F file=@audio.mp3", `-F ${shellQuote(`model=${model}`)}`],
  },
};

/** Two rows of the iris data set: what KServe's own sklearn, XGBoost and LightGBM examples send. */
const SAMPLE_ROWS = [
  [6.8, 2.8, 4.8, 1.4],
  [6.0, 3.4, 4.5, 1.6],
];

/** Single-quotes a word for a POSIX shell unless it is plainly safe. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:=@%+,-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

const command = (lines: string[]) => lines.join(" \\\n  ");
const trimSlash = (url: string) => url.replace(/\/+$/, "");

function openAiExamples(deployment: KubeAICallTarget): CallExample[] {
  const base = trimSlash(deployment.endpoint);
  return deployment.features.flatMap((feature) => {
    const builder = OPENAI_BUILDERS[feature];
    if (!builder) return [];
    return [{ title: feature, path: builder.path, curl: command(builder.build(shellQuote(`${base}/${builder.path}`), deployment.name)) }];
  });
}

/** The request body KServe's protocol takes: rows of numbers for tabular models, text for language models. */
function protocolExample(deployment: KServeCallTarget, base: string, isText: boolean): CallExample | undefined {
  const post = (path: string, body: unknown) => command([`curl -X POST ${shellQuote(`${base}/${path}`)}`, JSON_HEADER, json(body)]);
  if (deployment.protocol === "v1") {
    const path = `v1/models/${deployment.name}:predict`;
    return { title: "Predict (V1)", path, curl: post(path, { instances: isText ? ["Hello!"] : SAMPLE_ROWS }) };
  }
  if (deployment.protocol === "v2") {
    const path = `v2/models/${deployment.name}/infer`;
    const input = isText
      ? { name: "input-0", shape: [1], datatype: "BYTES", data: ["Hello!"] }
      : { name: "input-0", shape: [SAMPLE_ROWS.length, SAMPLE_ROWS[0].length], datatype: "FP32", data: SAMPLE_ROWS };
    return { title: "Inference (V2)", path, curl: post(path, { inputs: [input] }) };
  }
  // grpc-v1 and grpc-v2 (set with kubectl) take a gRPC client, not curl.
  return undefined;
}

/** None until KServe publishes the predictor's address (status.address.url), which it does once the service is ready. */
function kserveExamples(deployment: KServeCallTarget): CallExample[] {
  if (!deployment.endpoint) return [];
  const base = trimSlash(deployment.endpoint);
  const isText = OPENAI_KSERVE_FORMATS.includes(deployment.modelFormat.name);
  const examples: CallExample[] = [];
  if (isText) {
    const path = "openai/v1/chat/completions";
    examples.push({ title: "TextGeneration (OpenAI)", path, curl: command(chat(shellQuote(`${base}/${path}`), deployment.name)) });
  }
  const predict = protocolExample(deployment, base, isText);
  return predict ? [...examples, predict] : examples;
}

export function callExamples(deployment: CallTarget): CallExample[] {
  return deployment.backend === "kserve" ? kserveExamples(deployment) : openAiExamples(deployment);
}
