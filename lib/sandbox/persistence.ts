// The store's persisted objects on disk: a snapshot file (the one-file format earlier versions wrote, so their data
// loads as is) plus an append-only journal of later changes; owner-only files, since env values are in them.
import { mkdirSync } from "node:fs";
import { type FileHandle, open, rename } from "node:fs/promises";
import path from "node:path";
import { parseJournal, replayJournal } from "./journal-entries";
import { DEFAULT_JOURNAL_LIMITS, type JournalLimits, StoreJournal } from "./journal";
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, readPrivateFile, writePrivateFile } from "./private-files";
import type { StoreSnapshot } from "./store";
import { asKubeObject, isRecord, type KubeObject } from "./types";

export const DATA_FILE = "sandbox-cluster.json";
export const JOURNAL_FILE = "sandbox-cluster.journal";

/** Objects per slice when a snapshot is written in the background: a few milliseconds of JSON between yields. */
const SLICE_OBJECTS = 200;

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

/** The whole snapshot in one synchronous write: what every change used to cost; kept as the format's reference writer. */
export function saveSnapshot(file: string, snapshot: StoreSnapshot): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  writePrivateFile(file, JSON.stringify({ kind: "SandboxClusterData", ...snapshot }));
}

async function writeAll(handle: FileHandle, text: string): Promise<void> {
  const buffer = Buffer.from(text, "utf8");
  for (let offset = 0; offset < buffer.length;) offset += (await handle.write(buffer, offset)).bytesWritten;
}

/**
 * The same bytes as saveSnapshot, written a slice of objects at a time so writes keep being served meanwhile, fsynced
 * before it replaces the file (the journal lines it covers are dropped right after).
 */
export async function writeSnapshotInSlices(file: string, snapshot: StoreSnapshot): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await open(temp, "w", PRIVATE_FILE_MODE);
  try {
    // A temp file left by a crashed run keeps its old mode.
    await handle.chmod(PRIVATE_FILE_MODE);
    await writeAll(handle, `{"kind":"SandboxClusterData","resourceVersion":${JSON.stringify(snapshot.resourceVersion)},"resources":{`);
    let firstResource = true;
    for (const [resource, objects] of Object.entries(snapshot.resources)) {
      await writeAll(handle, `${firstResource ? "" : ","}${JSON.stringify(resource)}:[`);
      firstResource = false;
      for (let start = 0; start < objects.length; start += SLICE_OBJECTS) {
        const slice = objects.slice(start, start + SLICE_OBJECTS).map((o) => JSON.stringify(o));
        await writeAll(handle, `${start === 0 ? "" : ","}${slice.join(",")}`);
      }
      await writeAll(handle, "]");
    }
    await writeAll(handle, "}}");
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}

export interface SandboxData {
  /** What the data directory held: the snapshot with the journal replayed onto it; undefined on a first start. */
  loaded: StoreSnapshot | undefined;
  /** Appends the store's later changes; close it to leave one complete snapshot. */
  journal: StoreJournal;
}

/**
 * Loads `dataDir` (a torn last journal line, from a crash mid-append, is left out) and folds the journal into the
 * snapshot right away, so the journal starts empty. `capture` answers the store's persisted objects for compactions.
 */
export async function openSandboxData(
  dataDir: string,
  capture: () => StoreSnapshot,
  limits: JournalLimits = DEFAULT_JOURNAL_LIMITS,
): Promise<SandboxData> {
  const snapshotFile = path.join(dataDir, DATA_FILE);
  const journalFile = path.join(dataDir, JOURNAL_FILE);
  const snapshot = loadSnapshot(snapshotFile);
  const text = readPrivateFile(journalFile);
  const { entries } = text === undefined ? { entries: [] } : parseJournal(text, journalFile);
  const loaded = entries.length > 0 ? replayJournal(snapshot ?? { resourceVersion: "0", resources: {} }, entries) : snapshot;
  if (loaded && entries.length > 0) await writeSnapshotInSlices(snapshotFile, loaded);
  const journal = new StoreJournal(journalFile, capture, (s) => writeSnapshotInSlices(snapshotFile, s), limits);
  return { loaded, journal };
}
