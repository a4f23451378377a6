// Sizing an InferenceService's predictor from the KubeAI resource profiles, so `nvidia-gpu-l4:1` means the same on
// both backends: the profile's amounts times the count, its node selector and its tolerations. Pure.
import { invalid } from "@/lib/errors";
import type { PredictorSpec, ResourceAmounts, Toleration } from "./kserve-predictor-spec";
import type { ResourceProfile } from "./resource-profiles";

/** What sizing needs of a profile; a ResourceProfile fits, and node selector and tolerations are used when known. */
export interface SizingProfile extends Pick<ResourceProfile, "name" | "requests"> {
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
}

export interface Sizing {
  requests: Record<string, string>;
  limits: Record<string, string>;
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
}

export const NO_SIZING: Sizing = { requests: {}, limits: {}, nodeSelector: {}, tolerations: [] };

/** Extended resources (`nvidia.com/gpu`) cannot be overcommitted: they go in limits, and requests follow. */
const isExtended = (resource: string) => resource.includes("/");

/** `24Gi` × 2 → `48Gi`; `500m` × 3 → `1500m`. */
export function scaleQuantity(quantity: string, factor: number): string {
  const match = /^(\d+(?:\.\d+)?)(.*)$/.exec(quantity);
  if (!match) return quantity;
  const scaled = Math.round(Number(match[1]) * factor * 1e6) / 1e6;
  return `${scaled}${match[2]}`;
}

/**
 * The profile's amounts for `<profile>:<count>`: each resource in limits, and CPU and memory in requests too (KServe
 * adds a default limit of its own to a request without one, and a request above a limit is refused).
 */
export function profileSizing(
  resourceProfile: string | undefined,
  profiles: readonly SizingProfile[],
  options: { tolerateUnknown?: boolean } = {},
): Sizing {
  if (!resourceProfile) return NO_SIZING;
  const [name, countText] = resourceProfile.split(":");
  const profile = profiles.find((p) => p.name === name);
  if (!profile) {
    if (options.tolerateUnknown) return NO_SIZING;
    const known = profiles.map((p) => p.name).join(", ") || "none";
    throw invalid([{ field: "resourceProfile", message: `Unknown resource profile "${name}"; known: ${known}` }]);
  }
  const count = Number(countText ?? 1);
  const sizing: Sizing = {
    requests: {},
    limits: {},
    nodeSelector: { ...profile.nodeSelector },
    tolerations: [...(profile.tolerations ?? [])],
  };
  for (const [resource, amount] of Object.entries(profile.requests)) {
    const scaled = scaleQuantity(amount, count);
    sizing.limits[resource] = scaled;
    if (!isExtended(resource)) sizing.requests[resource] = scaled;
  }
  return sizing;
}

/** The container's resources: what the user asked for, plus the profile's amounts. GPUs come only from the profile;
 * for CPU and memory the user's amount (on either side) wins over the profile's. */
export function sizedResources(explicit: ResourceAmounts, sizing: Sizing): ResourceAmounts {
  const userKeys = new Set([...Object.keys(explicit.requests ?? {}), ...Object.keys(explicit.limits ?? {})]);
  const out: ResourceAmounts = {};
  for (const side of ["requests", "limits"] as const) {
    const amounts: Record<string, string> = { ...explicit[side] };
    for (const [resource, amount] of Object.entries(sizing[side])) {
      if (isExtended(resource) || !userKeys.has(resource)) amounts[resource] = amount;
    }
    if (Object.keys(amounts).length > 0) out[side] = amounts;
  }
  return out;
}

/** The inverse of sizedResources: the container's resources without what the profile put there. A CPU or memory
 * amount counts as the profile's only when both its request and limit are the profile's (the user's would differ). */
export function explicitResources(resources: ResourceAmounts, sizing: Sizing): ResourceAmounts {
  const fromProfile = (side: "requests" | "limits", resource: string, amount: string): boolean => {
    if (sizing[side][resource] !== amount) return false;
    if (isExtended(resource)) return true;
    return resources.requests?.[resource] === sizing.requests[resource] && resources.limits?.[resource] === sizing.limits[resource];
  };
  const out: ResourceAmounts = {};
  for (const side of ["requests", "limits"] as const) {
    const kept = Object.entries(resources[side] ?? {}).filter(([resource, amount]) => !fromProfile(side, resource, amount));
    if (kept.length > 0) out[side] = Object.fromEntries(kept);
  }
  return out;
}

const sameToleration = (a: Toleration, b: Toleration) =>
  a.key === b.key && a.operator === b.operator && a.value === b.value && a.effect === b.effect;

/** The predictor with one profile's node selector and tolerations swapped for another's; others' entries stay. */
export function resizePlacement(predictor: PredictorSpec, before: Sizing, after: Sizing): PredictorSpec {
  const out: PredictorSpec = { ...predictor };
  const nodeSelector: Record<string, string> = { ...predictor.nodeSelector };
  for (const [key, value] of Object.entries(before.nodeSelector)) if (nodeSelector[key] === value) delete nodeSelector[key];
  Object.assign(nodeSelector, after.nodeSelector);
  const tolerations = (predictor.tolerations ?? []).filter((t) => !before.tolerations.some((b) => sameToleration(b, t)));
  for (const toleration of after.tolerations) if (!tolerations.some((t) => sameToleration(t, toleration))) tolerations.push(toleration);
  if (Object.keys(nodeSelector).length > 0) out.nodeSelector = nodeSelector;
  else delete out.nodeSelector;
  if (tolerations.length > 0) out.tolerations = tolerations;
  else delete out.tolerations;
  return out;
}
