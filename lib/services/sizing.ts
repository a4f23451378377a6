// Will a model fit, and where: the estimator (lib/sizing) over the cluster's own profiles, facts and live capacity.
// Any signed-in caller may ask; nothing here writes.
import path from "node:path";
import type { Caller } from "@/lib/auth/caller";
import { AppError, notFound } from "@/lib/errors";
import { hubModelForSizing, parseHubUrl } from "@/lib/hub/hugging-face";
import { placeReplica, type Placement } from "@/lib/k8s/gpu-capacity";
import type { ResourceProfileInfo } from "@/lib/schemas/resource-profile";
import type { Compatibility, CompatibilityRequest } from "@/lib/schemas/sizing";
import { engineSupport } from "@/lib/sizing/architectures";
import { fitProfiles } from "@/lib/sizing/fit";
import { fitFromParameters } from "@/lib/sizing/fit-from-parameters";
import { gpuProfile, gpusPerUnit, type GpuFacts } from "@/lib/sizing/gpu-facts";
import { loadVllmArchitectures } from "@/lib/sizing/load-facts";
import { readModelConfig } from "@/lib/sizing/model-config";
import { parameterCountFromSafetensors } from "@/lib/sizing/parameter-count";
import { recommendationsFor } from "@/lib/sizing/recommendations";
import { getRuntime, processSingleton } from "@/lib/runtime";
import { getPreset } from "./presets";
import { clusterUsage, currentGpuFacts, describeProfile, knownResourceProfiles } from "./resource-profiles";

/** vLLM's registry as Modelport ships it, read once per process. */
export const vllmArchitectures = () =>
  processSingleton("vllm-architectures", () => loadVllmArchitectures(path.join(process.cwd(), "lib/k8s/catalog/vllm-architectures.json")));

/** Each profile's verdict for this model, the numbers behind it, and where one replica would go right now. */
export async function checkCompatibility(caller: Caller, request: CompatibilityRequest): Promise<Compatibility> {
  if (request.url) return checkCompatibility(caller, { ...request, url: undefined, ...(await fromHub(request.url)) });
  const preset = request.preset ? await getPreset(caller, request.preset) : undefined;
  if (!request.config) {
    if (!preset?.parameters) {
      throw new AppError("invalid", `Preset ${request.preset} has no parameter count to size it by; send the model's config.json`, {
        fields: [{ field: "config", message: "Needed: the preset does not say how many parameters the model has" }],
      });
    }
    return fitByParameters(preset.parameters, request.profile);
  }
  const reading = readModelConfig(request.config);
  const { profiles, described, usage, facts, gpusPerNode } = await profilesInScope(request.profile);
  const given = request.parameters ?? preset?.parameters ?? undefined;
  const parameters = request.safetensors
    ? parameterCountFromSafetensors(request.safetensors)
    : given
      ? { total: given, byDtype: null, source: "given" }
      : null;
  const options = {
    parameters,
    contextLength: request.contextLength,
    concurrency: request.concurrency,
    kvCacheDtype: request.kvCacheDtype,
  };
  const fits = fitProfiles(
    reading,
    profiles.map((profile) => gpuProfile(profile, facts, { gpusPerNode })),
    options as Parameters<typeof fitProfiles>[2],
  );
  const estimate = fits.find((fit) => fit.estimate)?.estimate ?? null;
  return {
    model: {
      architectures: reading.facts.architectures,
      parameters: estimate?.parameters.total ?? null,
      parametersEstimated: estimate?.parameters.isEstimate ?? true,
      missing: reading.missing,
    },
    engines: engineSupport({ architectures: reading.facts.architectures, modelType: reading.facts.modelType }, vllmArchitectures()),
    estimate: (estimate ?? {}) as Record<string, unknown>,
    profiles: fits.map(({ estimate: _estimate, ...fit }, index) => ({
      ...fit,
      capacity: described[index].capacity,
      placement: placementOf(described[index], fit.gpuCount, usage, facts),
    })),
  };
}

/** A preset known only by its parameter count: weights against each profile's budget (lib/sizing/fit-from-parameters). */
async function fitByParameters(parameters: number, only: string | undefined): Promise<Compatibility> {
  const { profiles, described: all, usage, facts, gpusPerNode } = await profilesInScope(only);
  const fits = profiles.map((profile, index) => {
    const described = all[index];
    const fit = fitFromParameters(parameters, gpuProfile(profile, facts, { gpusPerNode }));
    const placement = placementOf(described, fit.gpuCount, usage, facts);
    return {
      profile: profile.name,
      accelerator: described.accelerator,
      verdict: fit.verdict,
      gpuCount: fit.gpuCount,
      resourceProfile: fit.resourceProfile,
      fullContextGpuCount: null,
      maxContext: null,
      vllmArgs: fit.gpuCount && fit.gpuCount > 1 ? [`--tensor-parallel-size=${fit.gpuCount}`] : [],
      notes: fit.notes,
      decode: null,
      capacity: described.capacity,
      placement,
    };
  });
  return {
    model: { architectures: [], parameters, parametersEstimated: true, missing: ["config.json"] },
    engines: { vllm: { status: "unverified", reason: "No config.json: the architecture is unknown" }, alternatives: [] },
    estimate: { weights: { bytes: parameters * 2, gib: (parameters * 2) / 2 ** 30, formula: `${parameters} parameters × 2 B (16-bit)` } },
    profiles: fits,
  };
}

/** A model's config.json and the Hub's parameter counts, read from HF_ENDPOINT. */
async function fromHub(url: string): Promise<{ config: Record<string, unknown>; safetensors?: Record<string, unknown> }> {
  const named = parseHubUrl(url);
  if (!named) {
    throw new AppError("invalid", `Only Hugging Face models can be read for sizing: hf://<org>/<name>[@<revision>]`, {
      fields: [{ field: "url", message: "Use hf://<org>/<name>[@<revision>], or send the config.json" }],
    });
  }
  const { config } = getRuntime();
  const source = { endpoint: config.HF_ENDPOINT.replace(/\/+$/, ""), token: config.hubToken };
  const model = await hubModelForSizing(source, named.repo, named.revision);
  const record = (value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const read = record(model.config);
  if (!read) throw new AppError("unavailable", `${named.repo}'s config.json on the Hub is not a JSON object`);
  const safetensors = record(model.safetensors);
  return { config: read, ...(safetensors ? { safetensors } : {}) };
}

/** The profiles asked about (all, or one), each described with its facts and live capacity. */
async function profilesInScope(only: string | undefined) {
  const [all, usage] = await Promise.all([knownResourceProfiles(), clusterUsage()]);
  const profiles = only ? all.filter((profile) => profile.name === only) : all;
  if (profiles.length === 0) throw notFound(`Resource profile ${only}`);
  const facts = currentGpuFacts();
  const described = profiles.map((profile) => describeProfile(profile, facts, usage));
  // Tensor parallelism stays on one node: the cluster's own node size wins over the facts' usual one.
  const gpusPerNode = Object.fromEntries(described.filter((p) => p.gpusPerNode).map((p) => [p.name, p.gpusPerNode as number]));
  return { profiles, described, usage, facts, gpusPerNode };
}

/** Where one replica with `gpuCount` GPUs would be scheduled now; null without GPUs, an answer, or the cluster's usage. */
function placementOf(
  profile: ResourceProfileInfo,
  gpuCount: number | null,
  usage: Awaited<ReturnType<typeof clusterUsage>>,
  facts: GpuFacts,
): Placement | null {
  if (!usage || gpuCount === null || !profile.capacity?.resource) return null;
  const capacityProfile = { ...profile, gpuProducts: facts.profiles[profile.name]?.gpuProducts };
  return placeReplica(capacityProfile, gpuCount / (gpusPerUnit(profile.requests) ?? 1), usage.nodes, usage.pods);
}

/** The flags and notes for a profile, whatever the model, with its live capacity. */
export async function profileRecommendations(name: string) {
  const [profiles, usage] = await Promise.all([knownResourceProfiles(), clusterUsage()]);
  const profile = profiles.find((candidate) => candidate.name === name);
  if (!profile) throw notFound(`Resource profile ${name}`);
  const facts = currentGpuFacts();
  const described = describeProfile(profile, facts, usage);
  const gpusPerNode = described.gpusPerNode ? { [name]: described.gpusPerNode } : {};
  return { ...recommendationsFor(profile, facts, { gpusPerNode }), clusterCapacity: described.capacity };
}
