// Stopping and starting a KubeAI Model without deleting it: replicas pinned to zero with autoscaling off, and the
// scaling it had kept in an annotation so that start puts back exactly that. Pure.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { DEPLOYMENT_DEFAULTS } from "@/lib/schemas/deployment";
import type { ModelObject } from "./kubeai-model";

export const STOPPED_SCALING_ANNOTATION = "modelport.dev/stopped-scaling";

/** The fields stop changes (or, for maxReplicas, that start would put back): only these are saved and restored. */
const SCALING_FIELDS = ["replicas", "minReplicas", "maxReplicas", "autoscalingDisabled"] as const;

const savedScalingSchema = z.object({
  replicas: z.number().int().min(0).optional(),
  minReplicas: z.number().int().min(0).optional(),
  maxReplicas: z.number().int().min(1).optional(),
  autoscalingDisabled: z.boolean().optional(),
});
type SavedScaling = z.infer<typeof savedScalingSchema>;

/** Stopped by Modelport: the saved scaling is there. A Model pinned to zero by hand is only scaled to zero. */
export function isModelStopped(model: ModelObject): boolean {
  return model.metadata.annotations?.[STOPPED_SCALING_ANNOTATION] !== undefined;
}

/**
 * Zero replicas with autoscaling disabled, so neither KubeAI's autoscaler nor a request to its endpoint brings a
 * replica back. minReplicas goes to zero too: KubeAI clamps replicas up to it whenever autoscaling is on, so a
 * Model whose autoscaling someone turned back on by hand still stays down. Stopping a stopped Model changes nothing.
 */
export function stopModel(model: ModelObject): ModelObject {
  if (isModelStopped(model)) return model;
  const saved: SavedScaling = {};
  for (const field of SCALING_FIELDS) {
    if (model.spec[field] !== undefined) Object.assign(saved, { [field]: model.spec[field] });
  }
  const annotations = { ...model.metadata.annotations, [STOPPED_SCALING_ANNOTATION]: JSON.stringify(saved) };
  return {
    ...model,
    metadata: { ...model.metadata, annotations },
    spec: { ...model.spec, replicas: 0, minReplicas: 0, autoscalingDisabled: true },
  };
}

/**
 * The scaling the Model had before it was stopped, exactly: fields it did not have are absent again. A saved value
 * that cannot be read (edited by hand) starts it as a new deployment would: one replica, autoscaling on.
 */
export function startModel(model: ModelObject): ModelObject {
  if (!isModelStopped(model)) return model;
  const saved = readSavedScaling(model) ?? { replicas: DEPLOYMENT_DEFAULTS.replicas, minReplicas: 0, maxReplicas: model.spec.maxReplicas };
  const spec: ModelObject["spec"] = { ...model.spec };
  for (const field of SCALING_FIELDS) delete spec[field];
  for (const field of SCALING_FIELDS) {
    if (saved[field] !== undefined) Object.assign(spec, { [field]: saved[field] });
  }
  const { [STOPPED_SCALING_ANNOTATION]: _saved, ...annotations } = model.metadata.annotations ?? {};
  const metadata = { ...model.metadata };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;
  return { ...model, metadata, spec };
}

function readSavedScaling(model: ModelObject): SavedScaling | null {
  try {
    const parsed = savedScalingSchema.safeParse(JSON.parse(model.metadata.annotations?.[STOPPED_SCALING_ANNOTATION] ?? ""));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * A stopped Model's scaling is pinned, and start would overwrite a change to it with the saved values: refuse the
 * change rather than lose it. Everything else (args, env, profile…) may change while stopped and applies on start.
 */
export function requireScalingEditable(
  model: ModelObject,
  patch: Partial<Record<"replicas" | "minReplicas" | "maxReplicas", unknown>>,
): void {
  if (!isModelStopped(model)) return;
  const named = (["replicas", "minReplicas", "maxReplicas"] as const).filter((field) => patch[field] !== undefined);
  if (named.length === 0) return;
  const message = "The deployment is stopped; start it first, then change its scaling";
  throw new AppError(
    "conflict",
    `Deployment ${model.metadata.namespace ?? ""}/${model.metadata.name} is stopped; start it before changing ${named.join(", ")}`,
    { fields: named.map((field) => ({ field, message })) },
  );
}
