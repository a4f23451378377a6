// Core resources, discovery and protocol edges: namespaces, nodes, events, pods, Tables, health, OpenAPI, 405/415.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "./index";
import { clientsFor, failure, record, sandboxFetch, type Clients } from "./testing";

let cluster: SandboxCluster;
let api: Clients;
const TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

beforeAll(async () => {
  cluster = await startSandboxCluster({ controller: false });
  api = clientsFor(cluster);
});
afterAll(() => cluster.close());

async function getJson(path: string, accept = "application/json"): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await sandboxFetch(cluster, path, { headers: { Accept: accept } });
  return { status: res.status, body: record(await res.json()) };
}

function table(body: Record<string, unknown>): { columns: string[]; rows: unknown[][] } {
  const defs = body.columnDefinitions as { name: string; priority: number }[];
  const shown = defs.map((c, i) => (c.priority === 0 ? i : -1)).filter((i) => i >= 0);
  const rows = (body.rows as { cells: unknown[] }[]).map((r) => shown.map((i) => r.cells[i]));
  return { columns: shown.map((i) => defs[i].name), rows };
}

describe("server basics", () => {
  it("answers version, health, discovery and OpenAPI as kubectl expects", async () => {
    expect((await getJson("/version")).body).toMatchObject({ major: "1", minor: "32", gitVersion: "v1.32.0-modelport-sandbox" });
    expect(await (await sandboxFetch(cluster, "/healthz")).text()).toBe("ok");
    expect(await (await sandboxFetch(cluster, "/readyz")).text()).toBe("ok");
    expect((await getJson("/api")).body).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    const core = (await getJson("/api/v1")).body;
    expect((core.resources as { name: string }[]).map((r) => r.name)).toEqual(
      expect.arrayContaining(["namespaces", "nodes", "events", "pods"]),
    );
    const group = (await getJson("/apis/kubeai.org/v1")).body;
    expect((group.resources as { name: string }[]).map((r) => r.name)).toEqual(["models", "models/status", "models/scale"]);
    const root = (await getJson("/openapi/v3")).body;
    const ref = String(record(record(root.paths)["apis/kubeai.org/v1"]).serverRelativeURL);
    const doc = (await getJson(ref)).body;
    const patch = record(record(record(doc.paths)["/apis/kubeai.org/v1/namespaces/{namespace}/models/{name}"]).patch);
    expect(patch["x-kubernetes-group-version-kind"]).toEqual({ group: "kubeai.org", version: "v1", kind: "Model" });
    expect(patch.parameters).toContainEqual(expect.objectContaining({ name: "fieldValidation", in: "query" }));
    expect(await getJson("/openapi/v2")).toMatchObject({ status: 404, body: { kind: "Status", code: 404 } });
    expect(await getJson("/apis/kubeai.org/v1/namespaces/kubeai/widgets")).toMatchObject({ status: 404, body: { reason: "NotFound" } });
  });

  it("answers 405 for unsupported verbs and 415 for unknown content types", async () => {
    const put = await sandboxFetch(cluster, "/api/v1/nodes/cpu-node-1", {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(put.status).toBe(405);
    expect(record(await put.json())).toMatchObject({ kind: "Status", reason: "MethodNotAllowed", code: 405 });
    const post = await sandboxFetch(cluster, "/apis/kubeai.org/v1/namespaces/kubeai/models", {
      method: "POST",
      headers: { "Content-Type": "text/csv" },
      body: "a,b",
    });
    expect(post.status).toBe(415);
    const patch = await sandboxFetch(cluster, "/apis/kubeai.org/v1/namespaces/kubeai/models/x", {
      method: "PATCH",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    expect(patch.status).toBe(415);
  });
});

describe("core resources", () => {
  it("starts with the default namespaces and prints them as a Table", async () => {
    const t = table((await getJson("/api/v1/namespaces?limit=500", TABLE)).body);
    expect(t.columns).toEqual(["Name", "Status", "Age"]);
    expect(t.rows.map((r) => r.slice(0, 2))).toEqual([
      ["default", "Active"],
      ["kube-system", "Active"],
      ["kubeai", "Active"],
    ]);
    const ns = await api.core.readNamespace({ name: "kubeai" });
    expect(ns.metadata?.labels).toEqual({ "kubernetes.io/metadata.name": "kubeai" });
    expect((await failure(api.core.deleteNamespace({ name: "default" }))).code).toBe(403);
    expect((await failure(api.core.createNamespace({ body: { metadata: { name: "Bad_Name" } } }))).code).toBe(422);
  });

  it("serves simulated GPU nodes", async () => {
    const nodes = await api.core.listNode();
    const l4 = nodes.items.find((n) => n.metadata?.name === "gpu-l4-node-1");
    expect(l4?.status?.allocatable?.["nvidia.com/gpu"]).toBe("4");
    expect(l4?.metadata?.labels?.["modelport.dev/gpu-profile"]).toBe("nvidia-gpu-l4");
    expect(l4?.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
    const t = table((await getJson("/api/v1/nodes", TABLE)).body);
    expect(t.columns).toEqual(["Name", "Status", "Roles", "Age", "Version"]);
    expect(t.rows[0].slice(0, 3)).toEqual(["cpu-node-1", "Ready", "<none>"]);
    const pods = await api.core.listPodForAllNamespaces({
      fieldSelector: "spec.nodeName=cpu-node-1,status.phase!=Succeeded,status.phase!=Failed",
    });
    expect(pods.items).toEqual([]);
  });

  it("creates events and lists them per namespace and across namespaces with field selectors", async () => {
    const involvedObject = { kind: "Model", name: "m1", namespace: "kubeai", uid: "u-1", apiVersion: "kubeai.org/v1" };
    await api.core.createNamespacedEvent({
      namespace: "kubeai",
      body: { metadata: { name: "m1.1" }, involvedObject, reason: "Tested", message: "hello", type: "Normal" },
    });
    await api.core.createNamespacedEvent({
      namespace: "default",
      body: {
        metadata: { name: "other.1" },
        involvedObject: { ...involvedObject, name: "other", namespace: "default" },
        reason: "Tested",
        message: "x",
      },
    });
    const mine = await api.core.listNamespacedEvent({
      namespace: "kubeai",
      fieldSelector: "involvedObject.name=m1,involvedObject.namespace=kubeai,involvedObject.kind=Model,involvedObject.uid=u-1",
    });
    expect(mine.items.map((e) => e.message)).toEqual(["hello"]);
    const all = await api.core.listEventForAllNamespaces({ fieldSelector: "reason=Tested" });
    expect(all.items.map((e) => e.metadata?.namespace).sort()).toEqual(["default", "kubeai"]);
    const t = table((await getJson("/api/v1/events", TABLE)).body);
    expect(t.columns).toEqual(["Last Seen", "Type", "Reason", "Object", "Message"]);
    expect(t.rows).toContainEqual([expect.any(String), "Normal", "Tested", "model/m1", "hello"]);
  });
});
