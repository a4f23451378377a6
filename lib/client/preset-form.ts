// A preset as the advanced form's starting values ("Customize deployment"): every field its deployment sets, in the
// shape that backend's form keeps (KubeAI's form holds the profile and its count apart; KServe's keeps
// `<profile>:<count>`), so that creating it untouched sends what Deploy would. Fields the form has no box for
// (KubeAI's files) ride along in the values. Pure.
import { DEPLOYMENT_DEFAULTS, splitResourceProfile, type KubeAIDeploymentInput } from "@/lib/schemas/deployment";
import { KSERVE_DEFAULTS, type KServeDeploymentInput } from "@/lib/schemas/kserve";
import type { Preset } from "@/lib/schemas/preset";
import { presetDeploymentName } from "./preset-deploy";

/** `presetId` lets the form ask the fit check about the preset it started from. */
export type DeploymentPrefill =
  | { backend: "kubeai"; presetId: string; presetName: string; values: KubeAIDeploymentInput }
  | { backend: "kserve"; presetId: string; presetName: string; values: KServeDeploymentInput };

export interface PrefillChoice {
  /** A name chosen on the easy setup page; the preset's suggestion when absent. */
  name?: string;
  /** Used only when it is one the person may deploy to; the first of those otherwise. */
  namespace?: string;
}

function kubeaiValues(deployment: Record<string, unknown>, name: string, namespace: string): KubeAIDeploymentInput {
  const given = deployment as Partial<KubeAIDeploymentInput>;
  const { profile, count } = splitResourceProfile(typeof given.resourceProfile === "string" ? given.resourceProfile : null);
  return {
    url: "",
    engine: "VLLM",
    features: ["TextGeneration"],
    ...DEPLOYMENT_DEFAULTS,
    args: [],
    env: {},
    files: [],
    proxy: {},
    ...given,
    backend: "kubeai",
    name,
    namespace,
    resourceProfile: profile ?? undefined,
    instanceCount: given.instanceCount ?? count ?? DEPLOYMENT_DEFAULTS.instanceCount,
  };
}

function kserveValues(deployment: Record<string, unknown>, name: string, namespace: string): KServeDeploymentInput {
  return {
    modelFormat: { name: "sklearn" },
    storageUri: "",
    minReplicas: KSERVE_DEFAULTS.minReplicas,
    args: [],
    env: {},
    proxy: {},
    ...(deployment as Partial<KServeDeploymentInput>),
    backend: "kserve",
    name,
    namespace,
  };
}

/** The form to open and its values, for a preset and the namespaces the person may deploy to. */
export function presetFormDefaults(preset: Preset, namespaces: readonly string[], choice: PrefillChoice = {}): DeploymentPrefill {
  const name = choice.name?.trim() || presetDeploymentName(preset);
  const namespace = choice.namespace && namespaces.includes(choice.namespace) ? choice.namespace : (namespaces[0] ?? "");
  return preset.backend === "kserve"
    ? { backend: "kserve", presetId: preset.id, presetName: preset.name, values: kserveValues(preset.deployment, name, namespace) }
    : { backend: "kubeai", presetId: preset.id, presetName: preset.name, values: kubeaiValues(preset.deployment, name, namespace) };
}
