// Saves and loads the store's persisted objects as one owner-only JSON file (env values are in it), replaced
// atomically (temp file + rename).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PRIVATE_DIR_MODE, readPrivateFile, writePrivateFile } from "./private-files";
import type { StoreSnapshot } from "./store";
import { asKubeObject, isRecord, type KubeObject } from "./types";

export const DATA_FILE = "sandbox-cluster.json";

export function loadSnapshot(file: string): StoreSnapshot | undefined {
  const raw = readPrivateFile(file);
  if (raw === undefined) return undefined;
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
  mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  writePrivateFile(file, JSON.stringify({ kind: "SandboxClusterData", ...snapshot }));
}
