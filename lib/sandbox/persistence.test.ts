// Persistence across restarts with a data directory (snapshot + journal, crashes, the one-file format of earlier
// versions), the written kubeconfig, and 410 Expired for pre-restart watches.
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type SandboxCluster, startSandboxCluster } from "./index";
import { DATA_FILE, JOURNAL_FILE } from "./persistence";
import { clientsFor, GROUP, model, record, sandboxFetch, waitFor } from "./testing";

const root = mkdtempSync(path.join(tmpdir(), "sandbox-persist-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dataDir = path.join(root, "restart");

function journalLines(dir: string): Record<string, unknown>[] {
  const text = readFileSync(path.join(dir, JOURNAL_FILE), "utf8");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => record(JSON.parse(line)));
}

/** Every persisted object the API answers, resourceVersions included. */
async function persistedObjects(cluster: SandboxCluster): Promise<unknown> {
  const api = clientsFor(cluster);
  const models = record(await api.custom.listClusterCustomObject({ ...GROUP }));
  const namespaces = await api.core.listNamespace();
  return { models: models.items, namespaces: namespaces.items };
}

async function createModels(cluster: SandboxCluster, namespace: string, names: string[]): Promise<void> {
  const api = clientsFor(cluster);
  await api.core.createNamespace({ body: { metadata: { name: namespace } } });
  for (const name of names) await api.custom.createNamespacedCustomObject({ ...GROUP, namespace, body: model(name) });
}

describe("persistence", () => {
  it("keeps objects across close and restart with the same dataDir", async () => {
    const first = await startSandboxCluster({ dataDir, controller: { loadingDelayMs: 20, readyDelayMs: 40 } });
    const api = clientsFor(first);
    await api.core.createNamespace({ body: { metadata: { name: "kept" } } });
    const created = record(
      await api.custom.createNamespacedCustomObject({
        ...GROUP,
        namespace: "kept",
        body: model("survivor", { minReplicas: 1 }, { keep: "yes" }),
      }),
    );
    await waitFor(
      async () => {
        const o = record(await api.custom.getNamespacedCustomObject({ ...GROUP, namespace: "kept", name: "survivor" }));
        return record(record(o.status ?? {}).replicas ?? {}).ready === 1;
      },
      3000,
      "ready before restart",
    );
    const before = record(await api.custom.getNamespacedCustomObject({ ...GROUP, namespace: "kept", name: "survivor" }));
    expect(first.kubeconfigPath).toBe(path.join(dataDir, "kubeconfig"));
    expect(readFileSync(path.join(dataDir, "kubeconfig"), "utf8")).toBe(first.kubeconfigYaml);
    expect(statSync(path.join(dataDir, "kubeconfig")).mode & 0o777).toBe(0o600);
    await first.close();
    const stored = JSON.parse(readFileSync(path.join(dataDir, DATA_FILE), "utf8")) as { resources: Record<string, unknown[]> };
    expect(Object.keys(stored.resources)).toEqual(expect.arrayContaining(["/namespaces", "kubeai.org/models"]));
    expect(Object.keys(stored.resources)).not.toContain("/nodes");

    const second = await startSandboxCluster({ dataDir, controller: { loadingDelayMs: 20, readyDelayMs: 40 } });
    try {
      const again = clientsFor(second);
      const after = record(await again.custom.getNamespacedCustomObject({ ...GROUP, namespace: "kept", name: "survivor" }));
      expect(record(after.metadata).uid).toBe(record(created.metadata).uid);
      expect(after).toEqual(before);
      const namespaces = (await again.core.listNamespace()).items.map((n) => n.metadata?.name);
      expect(namespaces).toContain("kept");
      const pods = await again.core.listNamespacedPod({ namespace: "kept" });
      expect(pods.items).toHaveLength(1);

      const patched = record(
        await again.custom.replaceNamespacedCustomObject({
          ...GROUP,
          namespace: "kept",
          name: "survivor",
          body: { ...after, spec: { ...record(after.spec), targetRequests: 5 } },
        }),
      );
      expect(Number(record(patched.metadata).resourceVersion)).toBeGreaterThan(Number(record(before.metadata).resourceVersion));

      const oldRv = String(Number(record(before.metadata).resourceVersion) - 1);
      const res = await sandboxFetch(second, `/apis/kubeai.org/v1/namespaces/kept/models?watch=true&resourceVersion=${oldRv}`);
      const text = await res.text();
      const event = record(JSON.parse(text.trim().split("\n")[0]));
      expect(event.type).toBe("ERROR");
      expect(event.object).toMatchObject({ kind: "Status", code: 410, reason: "Expired" });
    } finally {
      await second.close();
    }
  });

  it("journals each write as one line instead of rewriting the snapshot, and folds the journal in on close", async () => {
    const dir = path.join(root, "journal");
    // A first run leaves a snapshot (its initial namespaces) for the writes below to leave alone.
    await (await startSandboxCluster({ dataDir: dir, controller: false })).close();
    const snapshotBefore = readFileSync(path.join(dir, DATA_FILE), "utf8");
    const first = await startSandboxCluster({ dataDir: dir, controller: false });
    let before: unknown;
    try {
      await createModels(first, "journaled", ["a", "b", "c"]);
      await clientsFor(first).custom.deleteNamespacedCustomObject({ ...GROUP, namespace: "journaled", name: "b" });
      expect(readFileSync(path.join(dir, DATA_FILE), "utf8")).toBe(snapshotBefore);
      const lines = journalLines(dir);
      expect(lines.map((l) => [l.op, l.resource, l.key])).toEqual([
        ["put", "/namespaces", "journaled"],
        ["put", "kubeai.org/models", "journaled/a"],
        ["put", "kubeai.org/models", "journaled/b"],
        ["put", "kubeai.org/models", "journaled/c"],
        ["delete", "kubeai.org/models", "journaled/b"],
      ]);
      expect(record(record(lines[1].object).metadata).resourceVersion).toBe(String(lines[1].rv));
      expect(statSync(path.join(dir, JOURNAL_FILE)).mode & 0o777).toBe(0o600);
      before = await persistedObjects(first);
    } finally {
      await first.close();
    }
    expect(readFileSync(path.join(dir, JOURNAL_FILE), "utf8")).toBe("");
    expect(statSync(path.join(dir, DATA_FILE)).mode & 0o777).toBe(0o600);

    const second = await startSandboxCluster({ dataDir: dir, controller: false });
    try {
      expect(await persistedObjects(second)).toEqual(before);
    } finally {
      await second.close();
    }
  });

  it("recovers what a crash left, replaying the journal without its torn last line", async () => {
    const dir = path.join(root, "crash-source");
    const crashed = path.join(root, "crashed");
    const running = await startSandboxCluster({ dataDir: dir, controller: false });
    let before: unknown;
    try {
      await createModels(running, "crashy", ["x", "y"]);
      before = await persistedObjects(running);
      // The disk as a kill -9 would leave it: the running sandbox never closed, and an append was cut short.
      cpSync(dir, crashed, { recursive: true });
      appendFileSync(path.join(crashed, JOURNAL_FILE), '{"rv":99999,"op":"put","resource":"kubeai.org/models","key":"crashy/z","obj');
    } finally {
      await running.close();
    }

    const restarted = await startSandboxCluster({ dataDir: crashed, controller: false });
    try {
      expect(await persistedObjects(restarted)).toEqual(before);
      await clientsFor(restarted).custom.createNamespacedCustomObject({ ...GROUP, namespace: "crashy", body: model("after-crash") });
      const lines = journalLines(crashed);
      expect(lines.map((l) => l.key)).toEqual(["crashy/after-crash"]);
      before = await persistedObjects(restarted);
    } finally {
      await restarted.close();
    }
    const again = await startSandboxCluster({ dataDir: crashed, controller: false });
    try {
      expect(await persistedObjects(again)).toEqual(before);
    } finally {
      await again.close();
    }
  });

  it("loads the one-file data of earlier versions as is and keeps journaling on top of it", async () => {
    const dir = path.join(root, "legacy");
    mkdirSync(dir, { mode: 0o700 });
    const old = {
      ...model("from-before", {}, { era: "old" }),
      metadata: {
        name: "from-before",
        namespace: "legacy",
        uid: "0f0f0f0f-0000-4000-8000-000000000001",
        resourceVersion: "41",
        generation: 1,
      },
    };
    const namespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: "legacy", uid: "ns-uid", resourceVersion: "40" } };
    writeFileSync(
      path.join(dir, DATA_FILE),
      JSON.stringify({
        kind: "SandboxClusterData",
        resourceVersion: "42",
        resources: { "/namespaces": [namespace], "kubeai.org/models": [old] },
      }),
      { mode: 0o644 },
    );
    const first = await startSandboxCluster({ dataDir: dir, controller: false });
    let before: unknown;
    try {
      const api = clientsFor(first);
      const loaded = record(await api.custom.getNamespacedCustomObject({ ...GROUP, namespace: "legacy", name: "from-before" }));
      expect(loaded).toEqual(old);
      const added = record(await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: "legacy", body: model("added") }));
      expect(Number(record(added.metadata).resourceVersion)).toBeGreaterThan(42);
      before = await persistedObjects(first);
    } finally {
      await first.close();
    }
    const second = await startSandboxCluster({ dataDir: dir, controller: false });
    try {
      const after = await persistedObjects(second);
      expect(after).toEqual(before);
      expect(record(after).models).toHaveLength(2);
    } finally {
      await second.close();
    }
  });
});
