// The journal's lines (one JSON object per put or delete) and how a journal is read back onto a snapshot.
import type { ChangeEvent, StoreSnapshot } from "./store";
import { asKubeObject, isRecord, type KubeObject, objectKey } from "./types";

export type JournalEntry =
  | { rv: number; op: "put"; resource: string; key: string; object: KubeObject }
  | { rv: number; op: "delete"; resource: string; key: string };

export interface ReadJournal {
  entries: JournalEntry[];
  /** The last line was cut short (a crash mid-append) and was left out. */
  torn: boolean;
}

/** One line, newline included: the object itself for a put, only its key for a delete. */
export function encodeEntry(event: ChangeEvent): string {
  const key = objectKey(event.object.metadata.namespace, event.object.metadata.name ?? "");
  const entry: JournalEntry =
    event.type === "DELETED"
      ? { rv: event.rv, op: "delete", resource: event.resource, key }
      : { rv: event.rv, op: "put", resource: event.resource, key, object: event.object };
  return `${JSON.stringify(entry)}\n`;
}

function parseEntry(line: string): JournalEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || typeof value.rv !== "number" || typeof value.resource !== "string" || typeof value.key !== "string")
    return undefined;
  const { rv, resource, key } = value;
  if (value.op === "delete") return { rv, op: "delete", resource, key };
  const object = value.op === "put" ? asKubeObject(value.object) : undefined;
  return object ? { rv, op: "put", resource, key, object } : undefined;
}

/** Parses a journal's text. Only the last line may be damaged (appends are whole lines); damage elsewhere is an error. */
export function parseJournal(text: string, file: string): ReadJournal {
  const lines = text.split("\n");
  const last = lines.pop() ?? "";
  const entries: JournalEntry[] = [];
  lines.forEach((line, index) => {
    if (line === "") return;
    const entry = parseEntry(line);
    if (!entry) throw new Error(`${file}: line ${index + 1} is not a sandbox journal entry; move the file away to start without it`);
    entries.push(entry);
  });
  // A final line without its newline is complete only if it parses whole.
  const tail = last === "" ? undefined : parseEntry(last);
  if (tail) entries.push(tail);
  return { entries, torn: last !== "" && !tail };
}

/** The snapshot with the journal's later changes applied; entries the snapshot already holds (rv at or below its own) are skipped. */
export function replayJournal(snapshot: StoreSnapshot, entries: JournalEntry[]): StoreSnapshot {
  const base = Number(snapshot.resourceVersion) || 0;
  const buckets = new Map<string, Map<string, KubeObject>>();
  for (const [resource, objects] of Object.entries(snapshot.resources)) {
    buckets.set(resource, new Map(objects.map((o) => [objectKey(o.metadata.namespace, o.metadata.name ?? ""), o])));
  }
  let rv = base;
  for (const entry of entries) {
    if (entry.rv <= base) continue;
    rv = Math.max(rv, entry.rv);
    let bucket = buckets.get(entry.resource);
    if (!bucket) buckets.set(entry.resource, (bucket = new Map()));
    if (entry.op === "put") bucket.set(entry.key, entry.object);
    else bucket.delete(entry.key);
  }
  const resources: Record<string, KubeObject[]> = {};
  for (const [resource, bucket] of buckets) resources[resource] = [...bucket.values()];
  return { resourceVersion: String(rv), resources };
}
