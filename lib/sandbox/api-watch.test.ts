// Watches through client-node and raw HTTP: replay from a resourceVersion, selectors, bookmarks, timeouts, Table rows.
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "./index";
import { clientsFor, GROUP, model, record, sandboxFetch, waitFor, type Clients } from "./testing";

let cluster: SandboxCluster;
let api: Clients;
const ns = "kubeai";
const modelsPath = `/apis/kubeai.org/v1/namespaces/${ns}/models`;
const merge = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

beforeAll(async () => {
  cluster = await startSandboxCluster({ controller: false, watchBookmarkIntervalMs: 100 });
  api = clientsFor(cluster);
});
afterAll(() => cluster.close());

interface Seen {
  type: string;
  name: string;
  object: Record<string, unknown>;
}

async function collect(
  path: string,
  query: Record<string, string | number | boolean | undefined>,
): Promise<{ seen: Seen[]; stop: () => void; done: Promise<unknown> }> {
  const seen: Seen[] = [];
  let finish: (err: unknown) => void = () => undefined;
  const done = new Promise((resolve) => (finish = resolve));
  const controller = await api.watch.watch(
    path,
    query,
    (type, object) => seen.push({ type, name: String(record(record(object).metadata).name ?? ""), object: record(object) }),
    (err) => finish(err),
  );
  return { seen, stop: () => controller.abort(), done };
}

describe("watch", () => {
  it("replays changes after a resourceVersion: ADDED, MODIFIED, DELETED with the last state", async () => {
    const list = record(await api.custom.listNamespacedCustomObject({ ...GROUP, namespace: ns }));
    const rv = String(record(list.metadata).resourceVersion);
    await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: ns, body: model("watched") });
    await api.custom.patchNamespacedCustomObject({ ...GROUP, namespace: ns, name: "watched", body: { spec: { minReplicas: 4 } } }, merge);
    const w = await collect(modelsPath, { resourceVersion: rv });
    await waitFor(() => w.seen.length >= 2, 3000, "replayed events");
    await api.custom.deleteNamespacedCustomObject({ ...GROUP, namespace: ns, name: "watched" });
    await waitFor(() => w.seen.length >= 3, 3000, "DELETED");
    w.stop();
    expect(w.seen.map((e) => `${e.type} ${e.name}`)).toEqual(["ADDED watched", "MODIFIED watched", "DELETED watched"]);
    expect(record(w.seen[2].object.spec).minReplicas).toBe(4);
    const rvs = w.seen.map((e) => Number(record(e.object.metadata).resourceVersion));
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
  });

  it("without a resourceVersion starts with ADDED for existing objects and honours label selectors", async () => {
    await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: ns, body: model("blue-1", {}, { color: "blue" }) });
    await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: ns, body: model("red-1", {}, { color: "red" }) });
    const w = await collect(modelsPath, { labelSelector: "color=blue" });
    await waitFor(() => w.seen.length >= 1, 3000, "initial ADDED");
    await api.custom.patchNamespacedCustomObject(
      { ...GROUP, namespace: ns, name: "red-1", body: { metadata: { labels: { color: "blue" } } } },
      merge,
    );
    await api.custom.patchNamespacedCustomObject(
      { ...GROUP, namespace: ns, name: "blue-1", body: { metadata: { labels: { color: "green" } } } },
      merge,
    );
    await waitFor(() => w.seen.length >= 3, 3000, "selector transitions");
    w.stop();
    expect(w.seen.map((e) => `${e.type} ${e.name}`)).toEqual(["ADDED blue-1", "ADDED red-1", "DELETED blue-1"]);
  });

  it("watches all namespaces with a field selector, sends bookmarks and ends at timeoutSeconds", async () => {
    await api.core.createNamespace({ body: { metadata: { name: "elsewhere" } } });
    const w = await collect("/apis/kubeai.org/v1/models", {
      fieldSelector: "metadata.name=far",
      allowWatchBookmarks: true,
      timeoutSeconds: 1,
    });
    await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: "elsewhere", body: model("far") });
    await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: ns, body: model("near") });
    const err = await w.done;
    expect(err).toBeNull();
    const types = w.seen.map((e) => e.type);
    expect(w.seen.filter((e) => e.type === "ADDED").map((e) => `${String(record(e.object.metadata).namespace)}/${e.name}`)).toEqual([
      "elsewhere/far",
    ]);
    expect(types).toContain("BOOKMARK");
  });

  it("streams one-row Tables when asked for Table output", async () => {
    const res = await sandboxFetch(cluster, `${modelsPath}?watch=true`, {
      headers: { Accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json" },
    });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    if (!reader) throw new Error("no body");
    let text = "";
    await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: ns, body: model("tabled") });
    while (text.split("\n").filter((l) => l.includes('"tabled"')).length < 1) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    await reader.cancel();
    const events = text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => record(JSON.parse(l)));
    const first = record(events[0].object);
    expect(first.kind).toBe("Table");
    expect((first.columnDefinitions as { name: string }[]).map((c) => c.name)).toEqual([
      "Name",
      "Engine",
      "Features",
      "Resource Profile",
      "Ready",
      "URL",
      "Age",
    ]);
    const last = record(events[events.length - 1].object);
    expect(last.columnDefinitions).toBeUndefined();
    const row = record((last.rows as unknown[])[0]);
    expect(row.cells).toEqual(["tabled", "VLLM", "TextGeneration", "cpu:1", "0/0", "hf://facebook/opt-125m", "0s"]);
    expect(record(row.object).kind).toBe("PartialObjectMetadata");
  });
});
