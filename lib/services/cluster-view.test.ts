import { describe, expect, it } from "vitest";
import type { Deployment } from "@/lib/schemas/deployment";
import {
  assembleClusterView,
  clusterNodeOf,
  deploymentOfPod,
  podUse,
  seedSystemOf,
  seedTenantsOf,
  type RawNamespace,
  type RawNode,
  type RawPod,
} from "./cluster-view";

const l4Node: RawNode = {
  metadata: {
    name: "gpu-l4",
    creationTimestamp: "2025-01-01T00:00:00Z",
    labels: { "nvidia.com/gpu.product": "NVIDIA-L4", "nvidia.com/gpu.memory": "23034", "modelport.dev/gpu-profile": "nvidia-gpu-l4" },
  },
  spec: { taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }] },
  status: {
    capacity: { cpu: "48", memory: "192Gi", "nvidia.com/gpu": "4", pods: "110" },
    allocatable: { cpu: "47500m", memory: "190Gi", "nvidia.com/gpu": "4" },
    conditions: [{ type: "Ready", status: "True" }],
    nodeInfo: { kubeletVersion: "v1.32.0" },
  },
};
const cpuNode: RawNode = {
  metadata: { name: "cpu-1", labels: {} },
  status: {
    capacity: { cpu: "16", memory: "64Gi" },
    allocatable: { cpu: "16", memory: "64Gi" },
    conditions: [{ type: "Ready", status: "False" }],
  },
};

function modelPod(namespace: string, model: string, nodeName: string | undefined, gpus: number, phase = "Running"): RawPod {
  return {
    metadata: { namespace, labels: { model }, ownerReferences: [{ apiVersion: "kubeai.org/v1", kind: "Model", name: model }] },
    spec: { nodeName, containers: [{ resources: { requests: { cpu: "2", memory: "8Gi" }, limits: { "nvidia.com/gpu": String(gpus) } } }] },
    status: { phase },
  };
}

function predictorPod(namespace: string, isvc: string, nodeName: string, gpus: number): RawPod {
  return {
    metadata: { namespace, labels: { "serving.kserve.io/inferenceservice": isvc }, ownerReferences: [{ kind: "ReplicaSet", name: "x" }] },
    spec: { nodeName, containers: [{ resources: { requests: { "nvidia.com/gpu": String(gpus) } } }] },
    status: { phase: "Running" },
  };
}

function deployment(backend: "kubeai" | "kserve", namespace: string, name: string, desired = 1, ready = 1): Deployment {
  return {
    backend,
    namespace,
    name,
    status: ready > 0 ? "Ready" : "Pending",
    resourceProfile: "nvidia-gpu-l4:1",
    replicaStatus: { desired, all: desired, ready },
  } as Deployment;
}

describe("which deployment a pod serves", () => {
  it("reads KServe's label, KubeAI's owner, and KubeAI's labels alone", () => {
    expect(deploymentOfPod(predictorPod("t", "iris", "n", 0))).toEqual({ backend: "kserve", name: "iris" });
    expect(deploymentOfPod(modelPod("t", "chat", "n", 1))).toEqual({ backend: "kubeai", name: "chat" });
    expect(deploymentOfPod({ metadata: { labels: { model: "chat", "app.kubernetes.io/managed-by": "kubeai" } } })).toEqual({
      backend: "kubeai",
      name: "chat",
    });
    expect(deploymentOfPod({ metadata: { labels: { model: "something-else" } } })).toBeNull();
  });

  it("counts GPU limits when requests leave them out, and nothing for finished pods", () => {
    expect(podUse(modelPod("t", "chat", "gpu-l4", 2))).toMatchObject({
      nodeName: "gpu-l4",
      deployment: "kubeai:t/chat",
      requests: { "nvidia.com/gpu": 2 },
    });
    expect(podUse(modelPod("t", "chat", undefined, 2, "Pending"))).toMatchObject({ nodeName: null, requests: { "nvidia.com/gpu": 2 } });
    expect(podUse(modelPod("t", "chat", "gpu-l4", 2, "Succeeded"))).toBeNull();
  });
});

describe("a node's row", () => {
  it("has capacity, allocatable, requested and free for CPU, memory and GPUs, the GPU model and the taints", () => {
    const pods = [modelPod("a", "chat", "gpu-l4", 3), modelPod("b", "other", "cpu-1", 0)].map((pod) => podUse(pod)!);
    const row = clusterNodeOf(l4Node, pods);
    expect(row).toEqual({
      name: "gpu-l4",
      status: "Ready",
      unschedulable: false,
      kubeletVersion: "v1.32.0",
      createdAt: "2025-01-01T00:00:00.000Z",
      cpu: { capacity: 48, allocatable: 47.5, requested: 2, free: 45.5 },
      memory: { capacity: 192 * 2 ** 30, allocatable: 190 * 2 ** 30, requested: 8 * 2 ** 30, free: 182 * 2 ** 30 },
      gpu: {
        capacity: 4,
        allocatable: 4,
        requested: 3,
        free: 1,
        resource: "nvidia.com/gpu",
        model: "NVIDIA-L4",
        profile: "nvidia-gpu-l4",
        memoryMiB: 23034,
      },
      taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }],
    });
  });

  it("never shows negative free GPUs, and a node without GPUs or readiness says so", () => {
    const overbooked = clusterNodeOf(l4Node, [podUse(modelPod("a", "x", "gpu-l4", 6))!]);
    expect(overbooked.gpu).toMatchObject({ requested: 6, free: 0 });
    expect(clusterNodeOf(cpuNode, [])).toMatchObject({ status: "NotReady", gpu: { capacity: 0, resource: null, model: null }, taints: [] });
  });
});

describe("the assembled view", () => {
  const reading = {
    nodes: [l4Node, cpuNode],
    pods: [
      modelPod("tenant-a", "chat", "gpu-l4", 2),
      modelPod("tenant-a", "big", undefined, 8, "Pending"),
      predictorPod("tenant-b", "iris", "gpu-l4", 1),
      modelPod("kube-system", "driver", "gpu-l4", 0),
    ],
    namespaces: [
      { metadata: { name: "tenant-b", creationTimestamp: "2025-02-01T00:00:00Z" }, status: { phase: "Active" } },
      { metadata: { name: "tenant-a" }, status: { phase: "Active" } },
      { metadata: { name: "kube-system" }, status: { phase: "Active" } },
    ] satisfies RawNamespace[],
    tenants: ["tenant-a", "tenant-b"],
    deployments: [
      deployment("kserve", "tenant-b", "iris"),
      deployment("kubeai", "tenant-a", "chat"),
      deployment("kubeai", "tenant-a", "big", 1, 0),
      // A KServe object named like a KubeAI one holds only its own pods' GPUs.
      deployment("kserve", "tenant-a", "chat", 0, 0),
    ],
    profiles: [],
    readAt: new Date("2025-03-01T00:00:00Z"),
  };

  it("gives each deployment its own pods' GPUs, each namespace the sum of its pods, and totals over the nodes", () => {
    const view = assembleClusterView(reading);
    expect(view.deployments.map((d) => [d.backend, d.namespace, d.name, d.gpus, d.pendingGpus, d.nodes])).toEqual([
      ["kubeai", "tenant-a", "big", 0, 8, []],
      ["kubeai", "tenant-a", "chat", 2, 0, ["gpu-l4"]],
      ["kserve", "tenant-a", "chat", 0, 0, []],
      ["kserve", "tenant-b", "iris", 1, 0, ["gpu-l4"]],
    ]);
    expect(view.namespaces.map((n) => [n.name, n.isTenant, n.gpus, n.pendingGpus, n.deployments])).toEqual([
      ["kube-system", false, 0, 0, 0],
      ["tenant-a", true, 2, 8, 3],
      ["tenant-b", true, 1, 0, 1],
    ]);
    expect(view.nodes.map((node) => node.name)).toEqual(["cpu-1", "gpu-l4"]);
    expect(view.totals.gpus).toEqual({ allocatable: 4, requested: 3, free: 1 });
    expect(view.readAt).toBe("2025-03-01T00:00:00.000Z");
  });

  it("answers the Management Service's system and tenants shapes", () => {
    const system = seedSystemOf(reading.nodes, reading.namespaces, reading.deployments);
    expect(system.nodes[0]).toEqual({
      name: "gpu-l4",
      status: "Ready",
      version: "v1.32.0",
      capacity: { cpu: "48", memory: "192Gi", "nvidia.com/gpu": "4" },
      allocatable: { cpu: "47500m", memory: "190Gi", "nvidia.com/gpu": "4" },
    });
    expect(system.namespaces[0]).toEqual({ name: "tenant-b", status: "Active", created: "2025-02-01T00:00:00.000Z" });
    expect(system.deployments[2]).toEqual({ name: "big", namespace: "tenant-a", ready: 0, replicas: 1, available: 0 });
    const tenants = seedTenantsOf(
      [
        { name: "tenant-a", createdAt: "2025-01-01T00:00:00.000Z" },
        { name: "gone", createdAt: "2025-01-02T00:00:00.000Z" },
      ],
      reading.namespaces,
    );
    expect(tenants).toEqual({
      tenants: [
        { name: "tenant-a", status: "Active", created: "2025-01-01T00:00:00.000Z" },
        { name: "gone", status: "Missing", created: "2025-01-02T00:00:00.000Z" },
      ],
    });
  });
});
