// The Hugging Face Hub (HF_ENDPOINT, read with HUGGINGFACE_API_TOKEN or HF_TOKEN) for choosing a model: search marked
// by what vLLM serves, one model's files, config and fit on every resource profile (the sizing service's own answer),
// and a preset drafted from a model for an admin to review and save. Nothing here writes; drafting is for admins.
import { requireAdmin, type Caller } from "@/lib/auth/caller";
import { AppError, isAppError } from "@/lib/errors";
import { modelDetails, readRepoText, searchModels, type ModelDetails, type ModelSort } from "@/lib/hub/hub-files";
import type { HubSource } from "@/lib/hub/hugging-face";
import { draftPresetFromHub } from "@/lib/presets/hub-draft";
import { getRuntime } from "@/lib/runtime";
import type { HubConfigSummary, HubModelDetails, HubModelList, HubModelQuery, HubPresetDraft, HubSort } from "@/lib/schemas/hub";
import { engineSupport, type EngineSupport } from "@/lib/sizing/architectures";
import { readModelConfig } from "@/lib/sizing/model-config";
import { servingChoiceOf, vllmSupportOf } from "@/lib/sizing/serving-choice";
import { currentGpuFacts } from "./resource-profiles";
import { checkCompatibility, vllmArchitectures } from "./sizing";

const CONFIG_MAX_BYTES = 1024 * 1024;
const CARD_MAX_BYTES = 64 * 1024;
const HUB_SORT: Record<HubSort, ModelSort> = {
  downloads: "downloads",
  likes: "likes",
  lastModified: "lastModified",
  trending: "trendingScore",
};

function hubSource(): HubSource {
  const { config } = getRuntime();
  return { endpoint: config.HF_ENDPOINT.replace(/\/+$/, ""), token: config.hubToken };
}

export async function searchHubModels(query: HubModelQuery): Promise<HubModelList> {
  const { models, next } = await searchModels(hubSource(), { ...query, sort: HUB_SORT[query.sort] });
  const registry = vllmArchitectures();
  return {
    items: models.map((model) => ({
      id: model.id,
      downloads: model.downloads,
      likes: model.likes,
      pipelineTag: model.pipelineTag ?? null,
      license: model.license ?? null,
      gated: model.gated,
      parameters: model.parameters ?? null,
      architectures: model.architectures ?? null,
      lastModified: model.lastModified ?? null,
      vllm: vllmSupportOf(engineSupport({ architectures: model.architectures ?? [] }, registry), model.pipelineTag),
    })),
    nextCursor: next ?? null,
  };
}

/** config.json as an object; a gated or missing one is an answer (the page still shows the rest), other failures throw. */
async function readConfig(
  source: HubSource,
  repo: string,
  commit: string,
): Promise<{ config: Record<string, unknown> } | { error: AppError }> {
  try {
    const { text, truncated } = await readRepoText(source, repo, commit, "config.json", CONFIG_MAX_BYTES);
    const parsed: unknown = truncated ? undefined : JSON.parse(text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return { config: parsed as Record<string, unknown> };
    return { error: new AppError("unavailable", `${repo}'s config.json on the Hub is not a JSON object of at most 1 MiB`) };
  } catch (error) {
    if (error instanceof SyntaxError) return { error: new AppError("unavailable", `${repo}'s config.json on the Hub is not JSON`) };
    if (isAppError(error) && (error.code === "forbidden" || error.code === "not_found")) return { error };
    throw error;
  }
}

function configSummaryOf(config: Record<string, unknown> | undefined, hubSummary: unknown): HubConfigSummary {
  const read = readModelConfig(config ?? hubSummary ?? {}).facts;
  const full = config !== undefined;
  return {
    source: full ? "config.json" : "hub-summary",
    architectures: read.architectures,
    modelType: read.modelType,
    layers: full ? read.layers : null,
    hiddenSize: full ? read.hiddenSize : null,
    attentionHeads: full ? read.attentionHeads : null,
    kvHeads: full ? read.kvHeads : null,
    contextLength: full ? read.maxPositionEmbeddings : null,
    dtype: full ? read.configDtype : null,
    quantization: read.quantization ? { method: read.quantization.method, bits: read.quantization.bits } : null,
  };
}

interface ModelView {
  view: HubModelDetails;
  support: EngineSupport;
  /** Why config.json could not be read: the fit is missing, and a preset cannot be drafted. */
  configError?: AppError;
}

async function modelView(caller: Caller, source: HubSource, repo: string, revision: string): Promise<ModelView> {
  const details: ModelDetails = await modelDetails(source, repo, revision);
  const read = await readConfig(source, repo, details.commit);
  const config = "config" in read ? read.config : undefined;
  const summary = configSummaryOf(config, details.config);
  const fit = config
    ? await checkCompatibility(caller, {
        config,
        ...(details.parameters ? { safetensors: { parameters: details.parameters.byDtype, total: details.parameters.total } } : {}),
        concurrency: 1,
        kvCacheDtype: "auto",
      })
    : null;
  const support = engineSupport(
    {
      architectures: summary.architectures,
      modelType: summary.modelType,
      url: `hf://${repo}`,
      files: details.files.map((file) => file.path),
    },
    vllmArchitectures(),
  );
  const parameters = details.parameters?.total ?? fit?.model.parameters ?? null;
  const view: HubModelDetails = {
    id: details.id,
    downloads: details.downloads,
    likes: details.likes,
    pipelineTag: details.pipelineTag ?? null,
    license: details.license ?? null,
    gated: details.gated,
    parameters: parameters === null ? null : Math.round(parameters),
    architectures: summary.architectures.length > 0 ? summary.architectures : null,
    lastModified: details.lastModified ?? null,
    vllm: vllmSupportOf(support, details.pipelineTag),
    revision,
    commit: details.commit,
    libraryName: details.libraryName ?? null,
    tags: details.tags,
    parametersEstimated: !details.parameters,
    files: details.files,
    bytesTotal: details.bytesTotal,
    config: summary,
    alternatives: support.alternatives,
    fit,
    fitUnavailable: "error" in read ? `No fit estimate: ${read.error.message}` : null,
  };
  return { view, support, ...("error" in read ? { configError: read.error } : {}) };
}

/** A model's page: files, config summary, vLLM support and the fit on every resource profile. */
export async function getHubModel(caller: Caller, repo: string, revision: string): Promise<HubModelDetails> {
  return (await modelView(caller, hubSource(), repo, revision)).view;
}

/** The model card, for a draft's description; a card that cannot be read leaves the description to the rest. */
async function readCard(source: HubSource, repo: string, commit: string): Promise<string | undefined> {
  try {
    return (await readRepoText(source, repo, commit, "README.md", CARD_MAX_BYTES)).text;
  } catch (error) {
    if (isAppError(error) && error.code !== "too_many_requests") return undefined;
    throw error;
  }
}

/**
 * A preset drafted from the model's metadata and fit on the main revision (admins); not saved. Without a readable
 * config.json (gated, missing) there is nothing to draft from, and the reason is the error.
 */
export async function draftHubPreset(caller: Caller, repo: string): Promise<HubPresetDraft> {
  requireAdmin(caller);
  const source = hubSource();
  const { view, support, configError } = await modelView(caller, source, repo, "main");
  if (configError) throw configError;
  const choice = servingChoiceOf(support, view.pipelineTag);
  const facts = currentGpuFacts();
  return draftPresetFromHub({
    repo: view.id,
    gated: view.gated,
    license: view.license,
    parameters: view.parameters,
    quantization: view.config.quantization?.method ?? null,
    card: view.files.some((file) => file.path === "README.md") ? await readCard(source, repo, view.commit) : undefined,
    choice,
    verified: support.vllm.status === "supported" || choice.engine !== "VLLM",
    profiles: view.fit?.profiles ?? [],
    memoryGiB: (profile) => facts.profiles[profile]?.memoryGiB ?? null,
  });
}
