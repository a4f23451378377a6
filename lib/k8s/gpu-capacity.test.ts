// Live GPU capacity per profile and where a replica would land: pure cases (fragmentation, product labels, cordoned
// nodes) and the sandbox cluster's nodes and pods read through client-node.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandboxCluster, type SandboxCluster } from "@/lib/sandbox";
import { createCluster, type Cluster } from "./cluster";
import { placeReplica, profileCapacity, readClusterUsage, type CapacityProfile, type NodeFacts, type PodFacts } from "./gpu-capacity";

const l4: CapacityProfile = {
  name: "nvidia-gpu-l4",
  requests: { "nvidia.com/gpu": "1", cpu: "6", memory: "24Gi" },
  gpuProducts: ["NVIDIA-L4"],
};
const node = (name: string, gpus: number, labels: Record<string, string> = { "nvidia.com/gpu.product": "NVIDIA-L4" }): NodeFacts => ({
  name,
  labels,
  ready: true,
  unschedulable: false,
  allocatable: { cpu: 48, memory: 192 * 2 ** 30, "nvidia.com/gpu": gpus },
});
const pod = (nodeName: string, gpus: number): PodFacts => ({ nodeName, requests: { "nvidia.com/gpu": gpus, cpu: 1 } });

describe("profile capacity", () => {
  it("counts allocatable minus requested on the profile's nodes only", () => {
    const nodes = [node("a", 4), node("b", 4), node("h", 8, { "nvidia.com/gpu.product": "NVIDIA-H100-80GB-HBM3" })];
    const capacity = profileCapacity(l4, nodes, [pod("a", 3), pod("h", 8)]);
    expect(capacity).toMatchObject({ resource: "nvidia.com/gpu", total: 8, free: 5, largestFreeOnOneNode: 4 });
    expect(capacity.nodes).toEqual([
      { node: "a", allocatable: 4, requested: 3, free: 1 },
      { node: "b", allocatable: 4, requested: 0, free: 4 },
    ]);
  });

  it("leaves out cordoned and not-ready nodes, and says nothing of GPUs for a CPU profile", () => {
    const cordoned = { ...node("a", 4), unschedulable: true };
    const down = { ...node("b", 4), ready: false };
    expect(profileCapacity(l4, [cordoned, down], []).total).toBe(0);
    expect(profileCapacity({ name: "cpu", requests: { cpu: "1" } }, [node("a", 4)], [])).toMatchObject({ resource: null, total: 0 });
  });
});

describe("placing a replica", () => {
  it("names the node that takes it", () => {
    expect(placeReplica(l4, 2, [node("a", 4), node("b", 4)], [pod("a", 3)])).toEqual({ fits: true, node: "b" });
  });

  it("explains fragmentation: enough GPUs in all, but not on one node", () => {
    const placed = placeReplica(l4, 2, [node("a", 4), node("b", 4)], [pod("a", 3), pod("b", 3)]);
    expect(placed.fits).toBe(false);
    if (!placed.fits) {
      expect(placed.reason).toContain("needs 2 nvidia.com/gpu of nvidia-gpu-l4 on one node (2 free in all, but not on one node)");
      expect(placed.reason).toContain("a has 1 nvidia.com/gpu free, 2 needed");
    }
  });

  it("says when no node carries the profile's GPUs", () => {
    expect(placeReplica(l4, 1, [node("h", 8, { "nvidia.com/gpu.product": "NVIDIA-H100-80GB-HBM3" })], [])).toEqual({
      fits: false,
      reason: "No ready node has nvidia-gpu-l4's GPUs (nvidia.com/gpu)",
    });
  });
});

describe("capacity read from the sandbox cluster", () => {
  let sandbox: SandboxCluster;
  let cluster: Cluster;
  let dir: string;

  beforeAll(async () => {
    sandbox = await startSandboxCluster({ controller: { readyDelayMs: 10, loadingDelayMs: 10 }, kserve: false });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "capacity-"));
    fs.writeFileSync(path.join(dir, "kubeconfig"), sandbox.kubeconfigYaml);
    cluster = createCluster({ kind: "kubeconfig", kubeconfigPath: path.join(dir, "kubeconfig") });
  });
  afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("sees the simulated GPU nodes, and a pod holding two L4s", async () => {
    const before = await readClusterUsage(cluster);
    expect(profileCapacity(l4, before.nodes, before.pods)).toMatchObject({ total: 4, free: 4 });
    // KubeAI's simulated controller schedules the Model's pod, which holds two of the node's four L4s.
    await cluster.customObjects.createNamespacedCustomObject({
      group: "kubeai.org",
      version: "v1",
      plural: "models",
      namespace: "default",
      body: {
        apiVersion: "kubeai.org/v1",
        kind: "Model",
        metadata: { name: "holder" },
        spec: { url: "hf://a/b", engine: "VLLM", features: ["TextGeneration"], resourceProfile: "nvidia-gpu-l4:2", replicas: 1 },
      },
    });
    await expect
      .poll(async () => {
        const usage = await readClusterUsage(cluster);
        return profileCapacity(l4, usage.nodes, usage.pods).free;
      })
      .toBe(2);
    const after = await readClusterUsage(cluster);
    expect(profileCapacity(l4, after.nodes, after.pods)).toMatchObject({ total: 4, free: 2, largestFreeOnOneNode: 2 });
    expect(placeReplica(l4, 3, after.nodes, after.pods).fits).toBe(false);
  });
});
