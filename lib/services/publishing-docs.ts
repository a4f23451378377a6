// "How to call it" for a published model, as the inference-in-a-box publishing answers carry it: the endpoint, the
// auth header, example requests, and the same request in curl, Python and JavaScript, generated for that model.
import { shellQuote } from "@/lib/client/call-example";
import type { Documentation, ModelType } from "@/lib/schemas/publishing";

export interface DocumentedModel {
  name: string;
  modelType: ModelType;
  /** Where the model answers: https://<publicHostname><externalPath>. */
  externalUrl: string;
  /** https://<publicHostname>, where OpenAI's routes are. */
  baseUrl: string;
  /** In full when the answer creates it, else its display form. */
  apiKey: string;
  /** KubeAI features, for an embeddings example beside chat. */
  features: string[];
}

interface Example {
  url: string;
  body: unknown;
  description: string;
}

function examplesOf(model: DocumentedModel): Example[] {
  if (model.modelType === "traditional") {
    return [{ url: `${model.externalUrl}/predict`, body: { instances: [[6.8, 2.8, 4.8, 1.4]] }, description: "Make a prediction request" }];
  }
  const examples: Example[] = [
    {
      url: `${model.baseUrl}/v1/chat/completions`,
      body: { model: model.name, messages: [{ role: "user", content: "Hello!" }] },
      description: 'Chat completion (OpenAI-compatible; add "stream": true to stream)',
    },
  ];
  if (model.features.includes("TextEmbedding")) {
    examples.push({
      url: `${model.baseUrl}/v1/embeddings`,
      body: { model: model.name, input: "The food was delicious." },
      description: "Embeddings",
    });
  }
  return examples;
}

const singleQuoted = (text: string) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

function pythonLiteral(value: unknown): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return singleQuoted(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(", ")}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([key, item]) => `${singleQuoted(key)}: ${pythonLiteral(item)}`)
    .join(", ")}}`;
}

export function publishingDocumentation(model: DocumentedModel): Documentation {
  const authHeaders = { "X-API-Key": model.apiKey };
  const examples = examplesOf(model);
  const first = examples[0];
  const body = JSON.stringify(first.body);
  return {
    endpointUrl: model.externalUrl,
    authHeaders,
    exampleRequests: examples.map((example) => ({
      method: "POST",
      url: example.url,
      headers: { "Content-Type": "application/json", ...authHeaders },
      body: JSON.stringify(example.body),
      description: example.description,
    })),
    sdkExamples: {
      python: `import requests\n\nresponse = requests.post(\n    ${singleQuoted(first.url)},\n    headers={'X-API-Key': ${singleQuoted(model.apiKey)}},\n    json=${pythonLiteral(first.body)},\n)\nprint(response.json())`,
      javascript: `const response = await fetch(${singleQuoted(first.url)}, {\n  method: 'POST',\n  headers: {\n    'Content-Type': 'application/json',\n    'X-API-Key': ${singleQuoted(model.apiKey)}\n  },\n  body: JSON.stringify(${body})\n});\nconsole.log(await response.json());`,
      curl: `curl -X POST ${first.url} \\\n  -H 'Content-Type: application/json' \\\n  -H ${shellQuote(`X-API-Key: ${model.apiKey}`)} \\\n  -d ${shellQuote(body)}`,
    },
  };
}
