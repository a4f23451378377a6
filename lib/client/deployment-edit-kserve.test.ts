import { describe, expect, it } from "vitest";
import type { KServeDeployment } from "@/lib/schemas/deployment";
import { kserveDraftOf, kserveDraftWarnings, kservePatchFromDraft } from "./deployment-edit-kserve";
import { hasChanges } from "./deployment-edit";

const iris: KServeDeployment = {
  backend: "kserve",
  name: "iris",
  namespace: "tenant-a",
  modelFormat: { name: "sklearn" },
  runtime: null,
  storageUri: "gs://kfserving-examples/models/sklearn/1.0/model",
  protocol: "v1",
  minReplicas: 1,
  maxReplicas: 3,
  scaleTarget: 80,
  scaleMetric: "cpu",
  resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "1" } },
  resourceProfile: "nvidia-gpu-l4:2",
  deploymentMode: "RawDeployment",
  serviceAccountName: null,
  url: "http://iris-tenant-a.example.com",
  endpoint: "http://iris-predictor.tenant-a.svc.cluster.local",
  conditions: [],
  args: ["--workers=2"],
  env: { A: "1" },
  proxy: {},
  uid: "u1",
  resourceVersion: "42",
  generation: 7,
  createdAt: null,
  owner: null,
  profile: "nvidia-gpu-l4",
  replicaStatus: { desired: 1, all: 1, ready: 1 },
  status: "Ready",
  statusMessage: null,
  object: {},
};

const edit = (changes: Partial<ReturnType<typeof kserveDraftOf>>, deployment = iris) =>
  kservePatchFromDraft(deployment, { ...kserveDraftOf(deployment), ...changes });

describe("kservePatchFromDraft", () => {
  it("sends nothing but the generation guard for an untouched draft", () => {
    const { patch } = edit({});
    expect(patch).toEqual({ generation: 7 });
    expect(hasChanges(patch!)).toBe(false);
  });

  it("sends the changed storage URI, runtime and scaling, guarded by the resourceVersion when there is no generation", () => {
    const { patch } = edit(
      { storageUri: " s3://models/iris ", runtime: "kserve-mlserver", minReplicas: "2", maxReplicas: "", scaleTarget: "60" },
      { ...iris, generation: null },
    );
    expect(patch).toEqual({
      resourceVersion: "42",
      storageUri: "s3://models/iris",
      runtime: "kserve-mlserver",
      minReplicas: 2,
      maxReplicas: null,
      scaleTarget: 60,
    });
  });

  it("clears the runtime, scale metric and target when emptied, and reads empty min replicas as KServe's 1", () => {
    const { patch } = edit(
      { runtime: "", scaleMetric: "", scaleTarget: "", minReplicas: "" },
      { ...iris, runtime: "kserve-sklearnserver", minReplicas: 3 },
    );
    expect(patch).toEqual({ generation: 7, runtime: null, scaleMetric: null, scaleTarget: null, minReplicas: 1 });
  });

  it("joins the profile and its count, and clears the profile when none is chosen", () => {
    expect(edit({ profileCount: "4" }).patch).toEqual({ generation: 7, resourceProfile: "nvidia-gpu-l4:4" });
    expect(edit({ resourceProfile: "cpu" }).patch).toEqual({ generation: 7, resourceProfile: "cpu:2" });
    expect(edit({ resourceProfile: "" }).patch).toEqual({ generation: 7, resourceProfile: null });
    expect(edit({ profileCount: "0" }).errors).toHaveProperty("profileCount");
  });

  it("sends every CPU and memory amount when one changes, and null when all are emptied", () => {
    expect(edit({ "resources.limits.memory": "2Gi" }).patch).toEqual({
      generation: 7,
      resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "1", memory: "2Gi" } },
    });
    const emptied = edit({ "resources.requests.cpu": "", "resources.requests.memory": "", "resources.limits.cpu": "" });
    expect(emptied.patch).toEqual({ generation: 7, resources: null });
  });

  it("sends changed args and env, and refuses env lines without '='", () => {
    expect(edit({ args: "--workers=4\n--http_port=8080", env: "A=1\nB=2" }).patch).toEqual({
      generation: 7,
      args: ["--workers=4", "--http_port=8080"],
      env: { A: "1", B: "2" },
    });
    expect(edit({ env: "broken" }).errors).toEqual({ env: "Not KEY=VALUE: broken" });
  });

  it("names the field of a value kservePatchSchema refuses, nested amounts included", () => {
    expect(edit({ maxReplicas: "0" }).errors).toHaveProperty("maxReplicas");
    expect(edit({ scaleMetric: "latency" }).errors).toHaveProperty("scaleMetric");
    expect(edit({ "resources.requests.memory": "lots" }).errors).toHaveProperty(["resources.requests.memory"]);
    expect(edit({ runtime: "Not_A_Name" }).errors).toHaveProperty("runtime");
  });
});

describe("kserveDraftWarnings", () => {
  it("warns about a memory request above KServe's stock limit without a limit, as the draft would leave it", () => {
    expect(kserveDraftWarnings(iris, kserveDraftOf(iris))).toEqual([]);
    const warnings = kserveDraftWarnings(iris, { ...kserveDraftOf(iris), "resources.requests.memory": "8Gi" });
    expect(warnings.join(" ")).toMatch(/requests\.memory 8Gi without limits\.memory/);
  });

  it("warns that RawDeployment mode does not scale to zero", () => {
    expect(kserveDraftWarnings(iris, { ...kserveDraftOf(iris), minReplicas: "0" }).join(" ")).toMatch(/does not scale to zero/);
  });
});
