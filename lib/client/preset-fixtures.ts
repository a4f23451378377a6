// For the preset helpers' tests only: a preset body as the API lists it (GET /api/v1/presets), with the fields it
// derives from the deployment, and a KServe preset such as an admin adds. The tests feed KubeAI's real catalog
// (lib/presets/kubeai-catalog) through asListed, so they run on the presets people will see.
import type { Preset } from "@/lib/schemas/preset";

const STAMP = { source: "kubeai-catalog" as const, createdAt: null, updatedAt: null, updatedBy: null };

/** The shape the API gives a preset: the derived fields read from its deployment. */
type Derived = "backend" | "engine" | "features" | "resourceProfile" | "source" | "createdAt" | "updatedAt" | "updatedBy";
type Body = Omit<Preset, Derived | "enabled" | "parameters"> & { parameters?: number; enabled?: boolean };

export function asListed(body: Body): Preset {
  const deployment = body.deployment;
  const backend = deployment.backend === "kserve" ? "kserve" : "kubeai";
  return {
    ...STAMP,
    ...body,
    enabled: body.enabled ?? true,
    parameters: body.parameters ?? null,
    backend,
    engine: backend === "kserve" ? String((deployment.modelFormat as { name?: string }).name) : String(deployment.engine),
    features: backend === "kserve" ? [] : ((deployment.features as string[] | undefined) ?? []),
    resourceProfile: typeof deployment.resourceProfile === "string" ? deployment.resourceProfile : null,
  };
}

export const IRIS_PRESET: Preset = {
  ...asListed({
    id: "sklearn-iris",
    name: "scikit-learn iris classifier",
    description: "KServe's iris example",
    category: "llm",
    tags: ["kserve", "cpu"],
    tokenLimits: {},
    deployment: {
      backend: "kserve",
      modelFormat: { name: "sklearn" },
      storageUri: "gs://kfserving-examples/models/sklearn/1.0/model",
      deploymentMode: "RawDeployment",
      resourceProfile: "cpu:2",
      minReplicas: 1,
    },
  }),
  source: "admin",
};

export function presetById(presets: readonly Preset[], id: string): Preset {
  const preset = presets.find((candidate) => candidate.id === id);
  if (!preset) throw new Error(`No preset ${id}`);
  return preset;
}
