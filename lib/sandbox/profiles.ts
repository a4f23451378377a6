// KubeAI resource profiles and engine images, read from the KubeAI chart values at runtime.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse, stringify } from "yaml";
import { parseQuantity } from "@/lib/schemas/quantity";
import { isRecord, isStringMap } from "./types";

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

export interface ResourceProfile {
  name: string;
  imageName?: string;
  /** Quantities as written in the values file, per one unit of the profile. */
  requests: Record<string, string>;
  limits: Record<string, string>;
  nodeSelector: Record<string, string>;
  tolerations: Toleration[];
}

export interface KubeAIConfig {
  profiles: Map<string, ResourceProfile>;
  images: Record<string, Record<string, string>>;
}

export function defaultValuesPath(): string {
  return path.join(process.cwd(), "lib/k8s/catalog/kubeai.values.yaml");
}

function quantities(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === "string" || typeof v === "number") out[k] = String(v);
  return out;
}

export function toTolerations(value: unknown): Toleration[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((t) => {
    const out: Toleration = {};
    for (const k of ["key", "operator", "value", "effect"] as const) if (typeof t[k] === "string") out[k] = String(t[k]);
    return out;
  });
}

export function loadKubeAIConfig(file: string = defaultValuesPath()): KubeAIConfig {
  if (!existsSync(file)) {
    // Still serve the API; every resourceProfile then reports InvalidResourceProfile.
    console.warn(`sandbox cluster: ${file} not found; no KubeAI resource profiles are known`);
    return { profiles: new Map(), images: {} };
  }
  const values: unknown = parse(readFileSync(file, "utf8"));
  const profiles = new Map<string, ResourceProfile>();
  const rawProfiles = isRecord(values) && isRecord(values.resourceProfiles) ? values.resourceProfiles : {};
  for (const [name, raw] of Object.entries(rawProfiles)) {
    if (!isRecord(raw)) continue;
    const profile: ResourceProfile = {
      name,
      requests: quantities(raw.requests),
      limits: quantities(raw.limits),
      nodeSelector: isStringMap(raw.nodeSelector) ? raw.nodeSelector : {},
      tolerations: toTolerations(raw.tolerations),
    };
    if (typeof raw.imageName === "string") profile.imageName = raw.imageName;
    profiles.set(name, profile);
  }
  const images: Record<string, Record<string, string>> = {};
  const servers = isRecord(values) && isRecord(values.modelServers) ? values.modelServers : {};
  for (const [engine, cfg] of Object.entries(servers)) {
    if (isRecord(cfg) && isStringMap(cfg.images)) images[engine] = cfg.images;
  }
  return { profiles, images };
}

export type ProfileRef = { ok: true; name: string; count: number } | { ok: false; message: string };

/** Parses `<profile>:<count>` as KubeAI does. */
export function parseProfileRef(ref: string, profiles: Map<string, ResourceProfile>): ProfileRef {
  const m = /^([^:]+):(\d+)$/.exec(ref.trim());
  const count = m ? Number(m[2]) : 0;
  if (!m || count < 1)
    return { ok: false, message: `invalid resource profile: "${ref}", should match <name>:<multiple>, example: nvidia-gpu-l4:2` };
  if (!profiles.has(m[1])) {
    const known = [...profiles.keys()].sort().join(", ");
    return { ok: false, message: `resource profile "${m[1]}" is not defined in the KubeAI configuration (known profiles: ${known})` };
  }
  return { ok: true, name: m[1], count };
}

/** Container requests/limits for `count` units of a profile; a limit without a request also counts as the request. */
export function scaledResources(
  profile: ResourceProfile,
  count: number,
): { requests: Record<string, string>; limits: Record<string, string> } {
  const scale = (q: Record<string, string>): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(q)) {
      const m = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(v);
      out[k] = m ? `${Number(m[1]) * count}${m[2]}` : String(parseQuantity(v) * count);
    }
    return out;
  };
  const requests = scale(profile.requests);
  const limits = scale(profile.limits);
  for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
  return { requests, limits };
}

export function imageFor(config: KubeAIConfig, engine: string, profile: ResourceProfile | undefined): string {
  const images = config.images[engine] ?? {};
  return (profile?.imageName ? images[profile.imageName] : undefined) ?? images.default ?? `${engine.toLowerCase()}:sandbox`;
}

/**
 * KubeAI's ConfigMap as its Helm chart writes it (`kubeai-config`, key `system.yaml`), from the same values the
 * simulated controller reads, so Modelport finds the cluster's resource profiles where it would in a real cluster.
 */
export function kubeaiConfigMap(file: string = defaultValuesPath(), namespace = "kubeai"): Record<string, unknown> {
  const values: unknown = existsSync(file) ? parse(readFileSync(file, "utf8")) : {};
  const resourceProfiles = isRecord(values) && isRecord(values.resourceProfiles) ? values.resourceProfiles : {};
  const cacheProfiles = isRecord(values) && isRecord(values.cacheProfiles) ? values.cacheProfiles : {};
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "kubeai-config", namespace, labels: { "app.kubernetes.io/name": "kubeai" } },
    data: { "system.yaml": stringify({ resourceProfiles, cacheProfiles }) },
  };
}
