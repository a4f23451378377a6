// The journal under the store: compaction while writes go on, crash recovery from the files, failed compactions, and
// the reading rules (torn last line, damaged lines, lines a snapshot already covers).
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { StoreJournal } from "./journal";
import { parseJournal, replayJournal } from "./journal-entries";
import { DATA_FILE, JOURNAL_FILE, openSandboxData, writeSnapshotInSlices } from "./persistence";
import { ObjectStore, type StoreSnapshot } from "./store";
import { model, waitFor } from "./testing";
import type { KubeObject } from "./types";

const MODELS = "kubeai.org/models";
const root = mkdtempSync(path.join(tmpdir(), "sandbox-journal-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function modelObject(name: string): KubeObject {
  const body = model(name, {}, { bench: "no" }) as KubeObject;
  return { ...body, metadata: { ...body.metadata, namespace: "team" } };
}

/** Snapshots compared regardless of object order. */
function normalized(snapshot: StoreSnapshot | undefined): unknown {
  if (!snapshot) return undefined;
  const resources = Object.entries(snapshot.resources)
    .filter(([, objects]) => objects.length > 0)
    .map(([resource, objects]) => [resource, [...objects].sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name)))]);
  return { resourceVersion: snapshot.resourceVersion, resources: Object.fromEntries(resources.sort()) };
}

interface Journaled {
  store: ObjectStore;
  journal: StoreJournal;
  dir: string;
}

/** A store journaling into `dir` with small limits; `writeSnapshot` wraps the real snapshot writer. */
function journaledStore(dir: string, maxEntries: number, writeSnapshot: (write: () => Promise<void>) => Promise<void>): Journaled {
  let journal: StoreJournal | undefined;
  const store = new ObjectStore(1000, (event) => journal?.append(event));
  journal = new StoreJournal(
    path.join(dir, JOURNAL_FILE),
    () => store.snapshot(() => true),
    (snapshot) => writeSnapshot(() => writeSnapshotInSlices(path.join(dir, DATA_FILE), snapshot)),
    { maxEntries, maxBytes: 1 << 30 },
  );
  return { store, journal, dir };
}

describe("the store journal", () => {
  it("compacts in the background while writes go on, losing none of them, crash or close", async () => {
    const dir = mkdtempSync(path.join(root, "compact-"));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { store, journal } = journaledStore(dir, 20, async (write) => {
      await gate;
      await write();
    });
    for (let i = 0; i < 20; i += 1) store.put(MODELS, modelObject(`m-${i}`));
    // The 20th entry started a compaction; it is held at the gate while these writes land.
    for (let i = 20; i < 50; i += 1) store.put(MODELS, modelObject(`m-${i}`));
    for (let i = 0; i < 5; i += 1) store.remove(MODELS, "team", `m-${i * 10}`);
    store.put(MODELS, { ...modelObject("m-1"), spec: { engine: "OLlama", url: "ollama://x", features: [] } });
    expect(journal.stats()).toMatchObject({ entries: 56, compactions: 0 });
    release();
    await waitFor(() => journal.stats().compactions === 1, 5000, "the background compaction");
    expect(journal.stats().entries).toBe(36);
    const captured = JSON.parse(readFileSync(path.join(dir, DATA_FILE), "utf8")) as StoreSnapshot;
    expect(captured.resources[MODELS]).toHaveLength(20);

    // A crash now: the files as they are, the journal never closed.
    const crashed = mkdtempSync(path.join(root, "crashed-"));
    cpSync(dir, crashed, { recursive: true });
    const recovered = await openSandboxData(crashed, () => ({ resourceVersion: "0", resources: {} }));
    await recovered.journal.close();
    expect(normalized(recovered.loaded)).toEqual(normalized(store.snapshot(() => true)));
    expect(recovered.loaded?.resources[MODELS]).toHaveLength(45);

    await journal.close();
    expect(readFileSync(path.join(dir, JOURNAL_FILE), "utf8")).toBe("");
    const reopened = await openSandboxData(dir, () => ({ resourceVersion: "0", resources: {} }));
    await reopened.journal.close();
    expect(normalized(reopened.loaded)).toEqual(normalized(store.snapshot(() => true)));
    expect(reopened.loaded?.resourceVersion).toBe(String(store.currentRv()));
  });

  it("keeps every change in the journal when a compaction fails, and tries again only after more writes", async () => {
    const dir = mkdtempSync(path.join(root, "failing-"));
    let failures = 1;
    const { store, journal } = journaledStore(dir, 5, async (write) => {
      if (failures-- > 0) throw new Error("disk full");
      await write();
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      for (let i = 0; i < 5; i += 1) store.put(MODELS, modelObject(`f-${i}`));
      await waitFor(() => logged.mock.calls.length === 1, 2000, "the failed compaction");
      for (let i = 5; i < 9; i += 1) store.put(MODELS, modelObject(`f-${i}`));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(journal.stats()).toMatchObject({ entries: 9, compactions: 0 });
      store.put(MODELS, modelObject("f-9"));
      await waitFor(() => journal.stats().compactions === 1, 2000, "the retried compaction");
      expect(journal.stats().entries).toBe(0);
    } finally {
      logged.mockRestore();
      await journal.close();
    }
    const reopened = await openSandboxData(dir, () => ({ resourceVersion: "0", resources: {} }));
    await reopened.journal.close();
    expect(reopened.loaded?.resources[MODELS]).toHaveLength(10);
  });
});

describe("reading a journal", () => {
  const line = (rv: number, key: string) => JSON.stringify({ rv, op: "put", resource: MODELS, key, object: modelObject(key) });

  it("leaves out a torn last line and accepts a whole one that only lacks its newline", () => {
    expect(parseJournal(`${line(1, "a")}\n${line(2, "b")}\n${line(3, "c").slice(0, 40)}`, "j")).toMatchObject({
      entries: [
        { rv: 1, key: "a" },
        { rv: 2, key: "b" },
      ],
      torn: true,
    });
    expect(parseJournal(`${line(1, "a")}\n${line(2, "b")}`, "j")).toMatchObject({ entries: [{ rv: 1 }, { rv: 2 }], torn: false });
  });

  it("refuses a damaged line that is not the last, naming the file and line", () => {
    expect(() => parseJournal(`${line(1, "a")}\n{"rv":2,"op":"pu\n${line(3, "c")}\n`, "/data/sandbox-cluster.journal")).toThrow(
      "/data/sandbox-cluster.journal: line 2 is not a sandbox journal entry",
    );
  });

  it("skips lines a snapshot already covers, as after a crash between a compaction's snapshot and its journal rewrite", () => {
    const kept = { ...modelObject("kept"), metadata: { ...modelObject("kept").metadata, resourceVersion: "5" } };
    const snapshot: StoreSnapshot = { resourceVersion: "5", resources: { [MODELS]: [kept] } };
    const { entries } = parseJournal(
      [
        JSON.stringify({ rv: 4, op: "delete", resource: MODELS, key: "team/kept" }),
        line(5, "team/old"),
        line(6, "team/new"),
        JSON.stringify({ rv: 7, op: "delete", resource: "/namespaces", key: "gone" }),
        "",
      ].join("\n"),
      "j",
    );
    const replayed = replayJournal(snapshot, entries);
    expect(replayed.resourceVersion).toBe("7");
    expect(replayed.resources[MODELS].map((o) => o.metadata.name)).toEqual(["kept", "team/new"]);
  });
});
