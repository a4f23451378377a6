// CRUD, selectors, paging, patching, conflicts, dryRun and subresources through @kubernetes/client-node.
import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "./index";
import { clientsFor, failure, GROUP, model, record, type Clients } from "./testing";

let cluster: SandboxCluster;
let api: Clients;
const ns = "kubeai";

beforeAll(async () => {
  cluster = await startSandboxCluster({ controller: false });
  api = clientsFor(cluster);
});
afterAll(() => cluster.close());

const get = async (name: string, namespace = ns): Promise<Record<string, unknown>> =>
  record(await api.custom.getNamespacedCustomObject({ ...GROUP, namespace, name }));
const meta = (o: Record<string, unknown>): Record<string, unknown> => record(o.metadata);
const spec = (o: Record<string, unknown>): Record<string, unknown> => record(o.spec);

describe("models through client-node", () => {
  it("creates with server-set metadata and schema defaults", async () => {
    const created = record(await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: ns, body: model("defaults") }));
    const m = meta(created);
    expect(m.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.generation).toBe(1);
    expect(Number(m.resourceVersion)).toBeGreaterThan(0);
    expect(m.namespace).toBe(ns);
    expect(spec(created)).toMatchObject({
      targetRequests: 100,
      scaleDownDelaySeconds: 30,
      loadBalancing: { strategy: "LeastLoad", prefixHash: { meanLoadFactor: 125, prefixCharLength: 100, replication: 256 } },
    });
    expect(spec(await get("defaults"))).toMatchObject({ targetRequests: 100 });
  });

  it("supports generateName", async () => {
    const body = model("");
    body.metadata = { generateName: "gen-" };
    const created = record(await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: ns, body }));
    expect(meta(created).name).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  it("lists with label selectors and pages with limit/continue", async () => {
    await api.core.createNamespace({ body: { metadata: { name: "paging" } } });
    for (let i = 0; i < 25; i++) {
      const labels = { tier: i % 2 === 0 ? "a" : "b", idx: String(i) };
      await api.custom.createNamespacedCustomObject({
        ...GROUP,
        namespace: "paging",
        body: model(`m-${String(i).padStart(2, "0")}`, {}, labels),
      });
    }
    const count = async (labelSelector: string): Promise<number> => {
      const list = record(await api.custom.listNamespacedCustomObject({ ...GROUP, namespace: "paging", labelSelector }));
      return (list.items as unknown[]).length;
    };
    expect(await count("tier=a")).toBe(13);
    expect(await count("tier==b")).toBe(12);
    expect(await count("tier!=a")).toBe(12);
    expect(await count("tier in (a,b),idx notin (3,4)")).toBe(23);
    expect(await count("idx")).toBe(25);
    expect(await count("!idx")).toBe(0);
    const bad = await failure(api.custom.listNamespacedCustomObject({ ...GROUP, namespace: "paging", labelSelector: "tier in (a" }));
    expect(bad.code).toBe(400);

    const names: string[] = [];
    let token: string | undefined;
    const pages: { size: number; remaining: unknown }[] = [];
    do {
      const page = record(await api.custom.listNamespacedCustomObject({ ...GROUP, namespace: "paging", limit: 10, _continue: token }));
      const items = (page.items as unknown[]).map(record);
      names.push(...items.map((o) => String(meta(o).name)));
      const m = meta(page);
      pages.push({ size: items.length, remaining: m.remainingItemCount });
      token = typeof m.continue === "string" && m.continue !== "" ? m.continue : undefined;
    } while (token);
    expect(pages).toEqual([
      { size: 10, remaining: 15 },
      { size: 10, remaining: 5 },
      { size: 5, remaining: undefined },
    ]);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(25);

    const all = record(await api.custom.listClusterCustomObject({ ...GROUP, fieldSelector: "metadata.namespace=paging" }));
    expect((all.items as unknown[]).length).toBe(25);
    const one = record(await api.custom.listClusterCustomObject({ ...GROUP, fieldSelector: "metadata.name=m-07" }));
    expect((one.items as unknown[]).map((o) => meta(record(o)).namespace)).toEqual(["paging"]);
  });

  it("merge-patches (null deletes) and bumps generation only on spec changes", async () => {
    await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: ns, body: model("patchme", { args: ["--a"] }) });
    const patched = record(
      await api.custom.patchNamespacedCustomObject(
        { ...GROUP, namespace: ns, name: "patchme", body: { metadata: { labels: { team: "x" } }, spec: { minReplicas: 2, args: null } } },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      ),
    );
    expect(spec(patched).minReplicas).toBe(2);
    expect(spec(patched).args).toBeUndefined();
    expect(meta(patched).generation).toBe(2);
    expect(meta(patched).labels).toEqual({ team: "x" });
    const relabelled = record(
      await api.custom.patchNamespacedCustomObject(
        { ...GROUP, namespace: ns, name: "patchme", body: { metadata: { labels: { team: "y" } } } },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      ),
    );
    expect(meta(relabelled).generation).toBe(2);
    const jsonPatched = record(
      await api.custom.patchNamespacedCustomObject(
        { ...GROUP, namespace: ns, name: "patchme", body: [{ op: "replace", path: "/spec/targetRequests", value: 7 }] },
        setHeaderOptions("Content-Type", PatchStrategy.JsonPatch),
      ),
    );
    expect(spec(jsonPatched).targetRequests).toBe(7);
  });

  it("answers 409 Conflict on a stale resourceVersion and 409 AlreadyExists on a duplicate", async () => {
    await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: ns, body: model("conflict") });
    const stale = await get("conflict");
    const fresh = await get("conflict");
    spec(fresh).minReplicas = 1;
    await api.custom.replaceNamespacedCustomObject({ ...GROUP, namespace: ns, name: "conflict", body: fresh });
    spec(stale).minReplicas = 3;
    const err = await failure(api.custom.replaceNamespacedCustomObject({ ...GROUP, namespace: ns, name: "conflict", body: stale }));
    expect(err.code).toBe(409);
    expect(err.body).toMatchObject({ kind: "Status", reason: "Conflict", code: 409 });
    expect(err.body.message).toBe(
      'Operation cannot be fulfilled on models.kubeai.org "conflict": the object has been modified; please apply your changes to the latest version and try again',
    );

    const dup = await failure(api.custom.createNamespacedCustomObject({ ...GROUP, namespace: ns, body: model("conflict") }));
    expect(dup.code).toBe(409);
    expect(dup.body).toMatchObject({ reason: "AlreadyExists", message: 'models.kubeai.org "conflict" already exists' });
  });

  it("answers 404 NotFound for missing objects and namespaces, 400 for a namespace mismatch", async () => {
    const missing = await failure(api.custom.getNamespacedCustomObject({ ...GROUP, namespace: ns, name: "nope" }));
    expect(missing.code).toBe(404);
    expect(missing.body).toMatchObject({
      reason: "NotFound",
      message: 'models.kubeai.org "nope" not found',
      details: { name: "nope", group: "kubeai.org", kind: "models" },
    });
    const noNs = await failure(api.custom.createNamespacedCustomObject({ ...GROUP, namespace: "ghost", body: model("x") }));
    expect(noNs).toMatchObject({ code: 404, body: { message: 'namespaces "ghost" not found' } });
    const body = model("x");
    record(body.metadata).namespace = "default";
    const mismatch = await failure(api.custom.createNamespacedCustomObject({ ...GROUP, namespace: ns, body }));
    expect(mismatch).toMatchObject({ code: 400, body: { reason: "BadRequest" } });
  });

  it("deletes immediately and returns the object", async () => {
    await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: ns, body: model("gone") });
    const deleted = record(await api.custom.deleteNamespacedCustomObject({ ...GROUP, namespace: ns, name: "gone" }));
    expect(meta(deleted).name).toBe("gone");
    expect((await failure(get("gone"))).code).toBe(404);
  });

  it("changes nothing with dryRun=All", async () => {
    const dry = record(await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: ns, body: model("dry"), dryRun: "All" }));
    expect(meta(dry).name).toBe("dry");
    expect((await failure(get("dry"))).code).toBe(404);
    await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: ns, body: model("dry") });
    const before = await get("dry");
    await api.custom.patchNamespacedCustomObject(
      { ...GROUP, namespace: ns, name: "dry", body: { spec: { minReplicas: 5 } }, dryRun: "All" },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    await api.custom.deleteNamespacedCustomObject({ ...GROUP, namespace: ns, name: "dry", dryRun: "All" });
    expect(await get("dry")).toEqual(before);
  });

  it("keeps status and spec apart with the status and scale subresources", async () => {
    await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: ns, body: model("sub") });
    const withStatus = record(
      await api.custom.patchNamespacedCustomObjectStatus(
        { ...GROUP, namespace: ns, name: "sub", body: { status: { replicas: { all: 2, ready: 1 } }, spec: { minReplicas: 9 } } },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      ),
    );
    expect(withStatus.status).toEqual({ replicas: { all: 2, ready: 1 } });
    expect(spec(withStatus).minReplicas).toBeUndefined();
    const current = await get("sub");
    current.status = { replicas: { all: 0, ready: 0 } };
    spec(current).minReplicas = 1;
    const replaced = record(await api.custom.replaceNamespacedCustomObject({ ...GROUP, namespace: ns, name: "sub", body: current }));
    expect(replaced.status).toEqual({ replicas: { all: 2, ready: 1 } });
    expect(spec(replaced).minReplicas).toBe(1);
    const badStatus = await failure(
      api.custom.patchNamespacedCustomObjectStatus(
        { ...GROUP, namespace: ns, name: "sub", body: { status: { replicas: { all: "many" } } } },
        setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
      ),
    );
    expect(badStatus.code).toBe(422);

    const scale = record(await api.custom.getNamespacedCustomObjectScale({ ...GROUP, namespace: ns, name: "sub" }));
    expect(scale).toMatchObject({ kind: "Scale", apiVersion: "autoscaling/v1", spec: { replicas: 0 }, status: { replicas: 2 } });
    await api.custom.patchNamespacedCustomObjectScale(
      { ...GROUP, namespace: ns, name: "sub", body: { spec: { replicas: 3 } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    expect(spec(await get("sub")).replicas).toBe(3);
  });

  it("deletes the objects of a deleted namespace", async () => {
    await api.core.createNamespace({ body: { metadata: { name: "doomed" } } });
    await api.custom.createNamespacedCustomObject({ ...GROUP, namespace: "doomed", body: model("inside") });
    await api.core.deleteNamespace({ name: "doomed" });
    expect((await failure(get("inside", "doomed"))).code).toBe(404);
    const names = (await api.core.listNamespace()).items.map((n) => n.metadata?.name);
    expect(names).toEqual(expect.arrayContaining(["default", "kube-system", "kubeai"]));
    expect(names).not.toContain("doomed");
  });
});
