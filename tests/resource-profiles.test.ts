// The cluster is the authority on resource profiles: Modelport reads them from KubeAI's ConfigMap, as KubeAI does.
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCluster } from "@/lib/k8s/cluster";
import { ADMIN_TOKEN, startHarness, type Harness } from "./harness";
import { call } from "./http";

describe("resource profiles from KubeAI's ConfigMap", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness("pglite");
    // Before Modelport first reads it: keep only cpu, and add a profile the bundled values do not have.
    const { core } = getCluster();
    const configMap = await core.readNamespacedConfigMap({ namespace: "kubeai", name: "kubeai-config" });
    const system = parse(configMap.data?.["system.yaml"] ?? "") as { resourceProfiles: Record<string, unknown> };
    const resourceProfiles = { cpu: system.resourceProfiles.cpu, "acme-npu": { requests: { "acme.com/npu": 1 } } };
    await core.replaceNamespacedConfigMap({
      namespace: "kubeai",
      name: "kubeai-config",
      body: { ...configMap, data: { "system.yaml": stringify({ ...system, resourceProfiles }) } },
    });
  });
  afterAll(async () => harness?.stop());

  it("lists the cluster's profiles and accepts one only the cluster knows", async () => {
    const listed = await call("GET", "/api/v1/resource-profiles", { token: ADMIN_TOKEN });
    expect(listed.body.items.map((profile: { name: string }) => profile.name)).toEqual(["cpu", "acme-npu"]);
    const body = { name: "on-npu", namespace: "tenant-a", url: "hf://a/b", engine: "VLLM", features: ["TextGeneration"], replicas: 0 };
    const created = await call("POST", "/api/v1/deployments", { token: ADMIN_TOKEN, body: { ...body, resourceProfile: "acme-npu:2" } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  });

  it("refuses a profile the bundled values have but the cluster does not", async () => {
    const body = { name: "on-l4", namespace: "tenant-a", url: "hf://a/b", engine: "VLLM", features: ["TextGeneration"] };
    const refused = await call("POST", "/api/v1/deployments", {
      token: ADMIN_TOKEN,
      body: { ...body, resourceProfile: "nvidia-gpu-l4:1" },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.details.fields[0]).toEqual({
      field: "resourceProfile",
      message: expect.stringContaining("known profiles: cpu, acme-npu"),
    });
  });
});
