// Saves and loads the store's persisted objects as one JSON file, replaced atomically (temp file + rename).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { StoreSnapshot } from "./store";
import { asKubeObject, isRecord, type KubeObject } from "./types";

export const DATA_FILE = "sandbox-cluster.json";

export function loadSnapshot(file: string): StoreSnapshot | undefined {
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const parsed: unknown = JSON.parse(raw);
  if (!isRecord(parsed) || !isRecord(parsed.resources)) throw new Error(`${file} is not a sandbox cluster data file`);
  const resources: Record<string, KubeObject[]> = {};
  for (const [resource, list] of Object.entries(parsed.resources)) {
    if (!Array.isArray(list)) continue;
    resources[resource] = list.map(asKubeObject).filter((o): o is KubeObject => o !== undefined && typeof o.metadata.name === "string");
  }
  return { resourceVersion: typeof parsed.resourceVersion === "string" ? parsed.resourceVersion : "0", resources };
}

export function saveSnapshot(file: string, snapshot: StoreSnapshot): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ kind: "SandboxClusterData", ...snapshot }));
  renameSync(temp, file);
}
