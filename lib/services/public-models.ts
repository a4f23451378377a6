// `GET /public/api/models`: the published OpenAI-type models, for anyone, in OpenRouter's models list format (as
// KubeAI Models Manager offers it). Answers are kept five seconds, so the unauthenticated route cannot be used to
// hammer the database and the API server.
import { eq } from "drizzle-orm";
import { getDatabase } from "@/db";
import { publishedModels } from "@/db/schema";
import { systemCaller } from "@/lib/auth/caller";
import { AppError } from "@/lib/errors";
import { runtimeSingleton } from "@/lib/runtime";
import type { Deployment } from "@/lib/schemas/deployment";
import type { PublicModel } from "@/lib/schemas/publishing";
import { getDeployment } from "./deployments";

const CACHE_MS = 5000;
const SYSTEM = systemCaller("public models");
const SUPPORTED_PARAMETERS = ["max_tokens", "temperature", "top_p", "stop", "seed", "stream", "frequency_penalty", "presence_penalty"];

/** vLLM's --max-model-len, when the deployment sets it. */
function maxModelLen(args: readonly string[]): number | null {
  for (const [index, arg] of args.entries()) {
    const inline = /^--max-model-len=(\d+)$/.exec(arg);
    if (inline) return Number(inline[1]);
    if (arg === "--max-model-len" && /^\d+$/.test(args[index + 1] ?? "")) return Number(args[index + 1]);
  }
  return null;
}

function modalitiesOf(deployment: Deployment): { input: string[]; output: string[] } {
  const features = deployment.backend === "kubeai" ? deployment.features : ["TextGeneration"];
  const input = new Set<string>();
  const output = new Set<string>();
  const modalities: Record<string, [string, string]> = {
    TextGeneration: ["text", "text"],
    TextEmbedding: ["text", "embeddings"],
    Reranking: ["text", "rerank"],
    SpeechToText: ["audio", "transcription"],
  };
  for (const feature of features) {
    const pair = modalities[feature];
    if (!pair) continue;
    input.add(pair[0]);
    output.add(pair[1]);
  }
  return { input: [...input], output: [...output] };
}

async function build(): Promise<PublicModel[]> {
  const rows = await getDatabase()
    .select()
    .from(publishedModels)
    .where(eq(publishedModels.modelType, "openai"))
    .orderBy(publishedModels.tenant, publishedModels.name);
  const models: PublicModel[] = [];
  for (const row of rows) {
    let deployment: Deployment;
    try {
      deployment = await getDeployment(SYSTEM, row.tenant, row.name);
    } catch (error) {
      if (error instanceof AppError && error.code === "not_found") continue;
      throw error;
    }
    if (deployment.status === "Stopped") continue;
    const id = `${row.tenant}/${row.name}`;
    const context = deployment.proxy.max_input_tokens ?? maxModelLen(deployment.args);
    const { input, output } = modalitiesOf(deployment);
    models.push({
      id,
      canonical_slug: id,
      name: `${row.tenant}: ${row.name}`,
      created: Math.floor(row.createdAt.getTime() / 1000),
      description: row.description ?? "",
      context_length: context,
      architecture: {
        modality: `${input.join("+")}->${output.join("+")}`,
        input_modalities: input,
        output_modalities: output,
        tokenizer: "Other",
        instruct_type: null,
      },
      pricing: { prompt: "0", completion: "0", request: "0" },
      top_provider: { context_length: context, max_completion_tokens: deployment.proxy.max_output_tokens ?? null, is_moderated: false },
      per_request_limits: null,
      supported_parameters: SUPPORTED_PARAMETERS,
      default_parameters: null,
    });
  }
  return models;
}

export async function listPublicModels(): Promise<{ data: PublicModel[]; links: { next: null }; total_count: number }> {
  const cache = runtimeSingleton("public-models", () => ({
    at: 0,
    value: undefined as Promise<PublicModel[]> | undefined,
  }));
  if (!cache.value || Date.now() - cache.at > CACHE_MS) {
    cache.at = Date.now();
    cache.value = build();
    cache.value.catch(() => (cache.value = undefined));
  }
  const data = await cache.value;
  return { data, links: { next: null }, total_count: data.length };
}
