// Persistence across restarts with a data directory, the written kubeconfig, and 410 Expired for pre-restart watches.
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startSandboxCluster } from "./index";
import { clientsFor, GROUP, model, record, sandboxFetch, waitFor } from "./testing";

const dataDir = mkdtempSync(path.join(tmpdir(), "sandbox-persist-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

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
    const stored = JSON.parse(readFileSync(path.join(dataDir, "sandbox-cluster.json"), "utf8")) as { resources: Record<string, unknown[]> };
    expect(Object.keys(stored.resources)).toEqual(expect.arrayContaining(["/namespaces", "kubeai.org/models"]));
    expect(Object.keys(stored.resources)).not.toContain("/nodes");
    await first.close();

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
});
