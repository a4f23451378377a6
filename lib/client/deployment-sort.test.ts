import { describe, expect, it } from "vitest";
import type { Deployment } from "@/lib/schemas/deployment";
import { nextSort, sortDeployments } from "./deployment-sort";

const deployment = (name: string, extra: Partial<Deployment> = {}) =>
  ({
    name,
    namespace: "tenant-a",
    engine: "VLLM",
    owner: null,
    resourceProfile: null,
    status: "Ready",
    createdAt: "2024-01-01T00:00:00Z",
    replicaStatus: { desired: 1, all: 1, ready: 1 },
    ...extra,
  }) as Deployment;

const names = (items: Deployment[]) => items.map((item) => item.name);

describe("sortDeployments", () => {
  it("orders by name either way without changing the list it was given", () => {
    const items = [deployment("b"), deployment("c"), deployment("a")];
    expect(names(sortDeployments(items, { key: "name", direction: "asc" }))).toEqual(["a", "b", "c"]);
    expect(names(sortDeployments(items, { key: "name", direction: "desc" }))).toEqual(["c", "b", "a"]);
    expect(names(items)).toEqual(["b", "c", "a"]);
  });

  it("puts failed deployments first when sorting by status, not alphabetically", () => {
    const items = [
      deployment("ready"),
      deployment("loading", { status: "Loading" }),
      deployment("failed", { status: "Failed" }),
      deployment("pending", { status: "Pending" }),
    ];
    expect(names(sortDeployments(items, { key: "status", direction: "asc" }))).toEqual(["failed", "pending", "loading", "ready"]);
  });

  it("sorts by age youngest first, and keeps deployments without an owner last in both directions", () => {
    const old = deployment("old", { createdAt: "2024-01-01T00:00:00Z", owner: "zoe@x" });
    const young = deployment("young", { createdAt: "2024-06-01T00:00:00Z", owner: "amy@x" });
    const orphan = deployment("orphan");
    expect(names(sortDeployments([old, young], { key: "age", direction: "asc" }))).toEqual(["young", "old"]);
    expect(names(sortDeployments([orphan, old, young], { key: "owner", direction: "asc" }))).toEqual(["young", "old", "orphan"]);
    expect(names(sortDeployments([orphan, old, young], { key: "owner", direction: "desc" }))).toEqual(["old", "young", "orphan"]);
  });

  it("breaks ties by namespace and name, so equal rows do not jump around", () => {
    const items = [deployment("b", { namespace: "t2" }), deployment("a", { namespace: "t2" }), deployment("c", { namespace: "t1" })];
    expect(names(sortDeployments(items, { key: "engine", direction: "desc" }))).toEqual(["c", "a", "b"]);
  });
});

describe("sortDeployments with KubeAI and KServe deployments together", () => {
  it("sorts the serving column by engine and KServe model format alike", () => {
    const items = [
      deployment("chat", { backend: "kubeai", engine: "VLLM" }),
      deployment("iris", { backend: "kserve", modelFormat: { name: "sklearn" } }),
      deployment("local", { backend: "kubeai", engine: "OLlama" }),
      deployment("churn", { backend: "kserve", modelFormat: { name: "xgboost" } }),
    ];
    expect(names(sortDeployments(items, { key: "engine", direction: "asc" }))).toEqual(["iris", "churn", "local", "chat"]);
    expect(names(sortDeployments(items, { key: "engine", direction: "desc" }))).toEqual(["chat", "local", "churn", "iris"]);
  });
});

describe("nextSort", () => {
  it("flips the direction of the sorted column and starts another column ascending", () => {
    expect(nextSort({ key: "name", direction: "asc" }, "name")).toEqual({ key: "name", direction: "desc" });
    expect(nextSort({ key: "name", direction: "desc" }, "age")).toEqual({ key: "age", direction: "asc" });
  });
});
