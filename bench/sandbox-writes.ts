// Benchmark: what one write (a Model create) costs the sandbox cluster at 1,000 and at 10,000 stored objects, persisted
// (snapshot + journal) against an in-memory store measured in the same run, through the store and through the HTTPS API.
// The whole-file rewrite earlier versions did on every write is measured too, through the store, for reference.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import https from "node:https";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { type SandboxCluster, startSandboxCluster } from "@/lib/sandbox";
import { DEFAULT_JOURNAL_LIMITS, type StoreJournal } from "@/lib/sandbox/journal";
import { DATA_FILE, openSandboxData, saveSnapshot } from "@/lib/sandbox/persistence";
import { ObjectStore } from "@/lib/sandbox/store";
import { clientsFor, GROUP, model } from "@/lib/sandbox/testing";
import type { KubeObject } from "@/lib/sandbox/types";

type Mode = "memory" | "journal" | "whole file";
type Write = (name: string) => unknown;
interface Target {
  mode: Mode;
  /** Ways to create a Model, by the name of the path measured. */
  creates: Record<string, Write>;
  /** Deletes what a round created, untimed, so every round starts at the same object count. */
  remove: Write;
  fill(count: number): Promise<void>;
  close(): Promise<void>;
}
interface Row {
  path: string;
  objects: number;
  mode: Mode;
  msPerWrite: number;
}

const MODELS = "kubeai.org/models";
const SIZES = [1_000, 10_000];
const ROUNDS = 5;
const root = mkdtempSync(path.join(tmpdir(), "bench-sandbox-writes-"));

/** A Model as the sandbox stores it after a create (defaults filled in, server-set metadata): about 500 bytes of JSON. */
function storedModel(name: string): KubeObject {
  const body = model(name) as KubeObject & { spec: object };
  const loadBalancing = { prefixHash: { meanLoadFactor: 125, prefixCharLength: 100, replication: 256 }, strategy: "LeastLoad" };
  return {
    ...body,
    metadata: { creationTimestamp: new Date().toISOString(), generation: 1, name, namespace: "bench", uid: randomUUID() },
    spec: { ...body.spec, loadBalancing, scaleDownDelaySeconds: 30, targetRequests: 100 },
  };
}

/** Average ms per write, yielding to the event loop after each so background work (a compaction) is paid for here. */
async function timeWrites(names: string[], write: Write): Promise<number> {
  const started = performance.now();
  for (const name of names) {
    await write(name);
    await yieldToLoop();
  }
  return (performance.now() - started) / names.length;
}

async function storeTarget(mode: Mode): Promise<Target & { journal?: StoreJournal }> {
  const dir = mkdtempSync(path.join(root, "store-"));
  const all = () => true;
  let journal: StoreJournal | undefined;
  let rewriteOnWrite = false;
  const store: ObjectStore = new ObjectStore(1000, (event) => {
    journal?.append(event);
    if (rewriteOnWrite) saveSnapshot(path.join(dir, DATA_FILE), store.snapshot(all));
  });
  if (mode === "journal") journal = (await openSandboxData(dir, () => store.snapshot(all))).journal;
  let filled = 0;
  return {
    mode,
    journal,
    creates: { store: (name) => store.put(MODELS, storedModel(name)) },
    remove: (name) => store.remove(MODELS, "bench", name),
    async fill(count) {
      rewriteOnWrite = false;
      for (; filled < count; filled += 1) store.put(MODELS, storedModel(`fill-${filled}`));
      await journal?.compact();
      rewriteOnWrite = mode === "whole file";
    },
    close: async () => journal?.close(),
  };
}

/** Creates over HTTPS on one kept-alive connection, as kubectl does; deletes the same way. */
function keepAliveCalls(cluster: SandboxCluster): { create: Write; remove: Write; reconnect(): void } {
  let agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: cluster.caPem });
  const collection = new URL("/apis/kubeai.org/v1/namespaces/bench/models", cluster.url);
  const headers = { Authorization: `Bearer ${cluster.token}`, "Content-Type": "application/json" };
  const call = (method: string, url: URL, body: string | undefined, expected: number) =>
    new Promise<void>((resolve, reject) => {
      const req = https.request(url, { method, agent, headers }, (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === expected ? resolve() : reject(new Error(`${method} ${url}: HTTP ${res.statusCode}`))));
      });
      req.on("error", reject);
      req.end(body);
    });
  return {
    create: (name) => call("POST", collection, JSON.stringify(model(name)), 201),
    remove: (name) => call("DELETE", new URL(`${collection.pathname}/${name}`, collection), undefined, 200),
    // A connection idle past the server's keep-alive timeout may be reset on its next use.
    reconnect() {
      agent.destroy();
      agent = new https.Agent({ keepAlive: true, maxSockets: 1, ca: cluster.caPem });
    },
  };
}

async function httpTarget(mode: Mode): Promise<Target> {
  const dataDir = mode === "journal" ? mkdtempSync(path.join(root, "http-")) : undefined;
  const cluster = await startSandboxCluster({ controller: false, ...(dataDir ? { dataDir } : {}) });
  const api = clientsFor(cluster);
  await api.core.createNamespace({ body: { metadata: { name: "bench" } } });
  const keepAlive = keepAliveCalls(cluster);
  let filled = 0;
  return {
    mode,
    creates: {
      "HTTPS keep-alive": keepAlive.create,
      "client-node": (name) => api.custom.createNamespacedCustomObject({ ...GROUP, namespace: "bench", body: model(name) }),
    },
    remove: keepAlive.remove,
    async fill(count) {
      keepAlive.reconnect();
      for (; filled < count; filled += 1) await keepAlive.create(`fill-${filled}`);
      // The timed rounds start on a live connection.
      await keepAlive.create("warm-up");
      await keepAlive.remove("warm-up");
    },
    close: () => cluster.close(),
  };
}

/** Rounds alternate between the targets, so drift on a shared machine hits every mode alike; the median round counts. */
async function measure(targets: Target[], objects: number, writesPerRound: Record<string, number>, rounds = ROUNDS): Promise<Row[]> {
  for (const target of targets) await target.fill(objects);
  const rows: Row[] = [];
  for (const [pathName, writes] of Object.entries(writesPerRound)) {
    const samples = new Map<Target, number[]>(targets.map((t) => [t, []]));
    for (let round = 0; round < rounds; round += 1) {
      for (const target of targets) {
        const names = Array.from({ length: writes }, (_, i) => `${pathName.replace(/\W/g, "").toLowerCase()}-${round}-${i}`);
        samples.get(target)?.push(await timeWrites(names, target.creates[pathName]));
        for (const name of names) await target.remove(name);
      }
    }
    for (const [target, times] of samples) {
      const sorted = [...times].sort((a, b) => a - b);
      rows.push({ path: pathName, objects, mode: target.mode, msPerWrite: sorted[Math.floor(sorted.length / 2)] });
    }
  }
  return rows;
}

/** A compaction's wall time and its longest event-loop pause (the most a write can wait behind it), amortized. */
async function reportCompaction(journal: StoreJournal, objects: number): Promise<void> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = performance.now();
  await journal.compact();
  const ms = performance.now() - started;
  delay.disable();
  const every = DEFAULT_JOURNAL_LIMITS.maxEntries;
  console.log(
    `compaction at ${objects.toLocaleString("en")} objects: ${ms.toFixed(0)} ms in the background, longest pause ${(delay.max / 1e6).toFixed(1)} ms; ` +
      `one per ${every.toLocaleString("en")} writes at most, so ≤ ${(ms / every).toFixed(3)} ms a write amortized`,
  );
}

function printTable(rows: Row[]): void {
  const baseline = (row: Row) => rows.find((r) => r.path === row.path && r.objects === row.objects && r.mode === "memory");
  console.log("\npath               objects  persistence   ms/write   writes/s   vs memory");
  for (const row of rows) {
    const base = baseline(row);
    const ratio = base ? `${(row.msPerWrite / base.msPerWrite).toFixed(2)}x` : "";
    const perSecond = Math.round(1000 / row.msPerWrite).toLocaleString("en");
    const objects = row.objects.toLocaleString("en");
    console.log(
      `${row.path.padEnd(17)} ${objects.padStart(8)}  ${row.mode.padEnd(12)} ${row.msPerWrite.toFixed(3).padStart(9)} ${perSecond.padStart(10)}   ${ratio.padStart(9)}`,
    );
  }
}

async function main() {
  const started = performance.now();
  console.log("sandbox writes: one Model create at 1,000 and 10,000 stored objects; journal (snapshot + journal) vs in memory, same run");
  const stores = [await storeTarget("memory"), await storeTarget("journal")];
  const clusters = [await httpTarget("memory"), await httpTarget("journal")];
  const rows: Row[] = [];
  try {
    for (const objects of SIZES) {
      rows.push(...(await measure(stores, objects, { store: 500 })));
      if (stores[1].journal) await reportCompaction(stores[1].journal, objects);
      const wholeFile = await storeTarget("whole file");
      // Milliseconds a write (and its untimed deletes as much): one round is enough.
      rows.push(...(await measure([wholeFile], objects, { store: Math.max(20, 50_000 / objects) }, 1)));
      await wholeFile.close();
      rows.push(...(await measure(clusters, objects, { "HTTPS keep-alive": 100, "client-node": 20 })));
    }
  } finally {
    for (const target of [...stores, ...clusters]) await target.close();
  }
  printTable(rows);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(`\n"whole file" is what every write cost before the journal. Run took ${seconds} s.`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(root, { recursive: true, force: true }));
