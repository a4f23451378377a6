// Simulated nodes: the default small GPU cluster and the Node objects built from SandboxNode descriptions.
import { createHash } from "node:crypto";
import type { KubeObject } from "./types";

export interface SandboxTaint {
  key: string;
  value?: string;
  effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export interface SandboxNode {
  name: string;
  /** Resource capacity, e.g. { cpu: 16, memory: "64Gi", "nvidia.com/gpu": 4 }. */
  capacity: Record<string, string | number>;
  labels?: Record<string, string>;
  taints?: SandboxTaint[];
}

export const GPU_PROFILE_LABEL = "modelport.dev/gpu-profile";

const GPU_TAINT: SandboxTaint = { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" };

export const DEFAULT_NODES: SandboxNode[] = [
  {
    name: "cpu-node-1",
    capacity: { cpu: 16, memory: "64Gi" },
    labels: { "node.kubernetes.io/instance-type": "n2-standard-16" },
  },
  {
    name: "gpu-l4-node-1",
    capacity: { cpu: 48, memory: "192Gi", "nvidia.com/gpu": 4 },
    labels: {
      "node.kubernetes.io/instance-type": "g2-standard-48",
      [GPU_PROFILE_LABEL]: "nvidia-gpu-l4",
      "nvidia.com/gpu.product": "NVIDIA-L4",
      "nvidia.com/gpu.count": "4",
      "nvidia.com/gpu.memory": "23034",
    },
    taints: [GPU_TAINT],
  },
  {
    name: "gpu-h100-node-1",
    capacity: { cpu: 208, memory: "1872Gi", "nvidia.com/gpu": 8 },
    labels: {
      "node.kubernetes.io/instance-type": "a3-highgpu-8g",
      [GPU_PROFILE_LABEL]: "nvidia-gpu-h100",
      "nvidia.com/gpu.product": "NVIDIA-H100-80GB-HBM3",
      "nvidia.com/gpu.count": "8",
      "nvidia.com/gpu.memory": "81559",
    },
    taints: [GPU_TAINT],
  },
];

function stableUid(name: string): string {
  const h = createHash("sha256").update(`modelport-sandbox-node:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function asQuantity(value: string | number): string {
  return typeof value === "number" ? String(value) : value;
}

export function nodeObject(node: SandboxNode, index: number, createdAt: string): KubeObject {
  const capacity: Record<string, string> = { "ephemeral-storage": "100Gi", pods: "110" };
  for (const [k, v] of Object.entries(node.capacity)) capacity[k] = asQuantity(v);
  const condition = (type: string, status: string, reason: string, message: string): Record<string, string> => ({
    type,
    status,
    reason,
    message,
    lastHeartbeatTime: createdAt,
    lastTransitionTime: createdAt,
  });
  const spec: Record<string, unknown> = { podCIDR: `10.244.${index}.0/24`, podCIDRs: [`10.244.${index}.0/24`] };
  if (node.taints && node.taints.length > 0) spec.taints = node.taints;
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: node.name,
      uid: stableUid(node.name),
      creationTimestamp: createdAt,
      labels: {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": node.name,
        "kubernetes.io/os": "linux",
        ...(node.labels ?? {}),
      },
      annotations: { "node.alpha.kubernetes.io/ttl": "0", "modelport.dev/simulated": "true" },
    },
    spec,
    status: {
      capacity,
      allocatable: { ...capacity },
      conditions: [
        condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
      ],
      addresses: [
        { type: "InternalIP", address: `10.0.0.${10 + index}` },
        { type: "Hostname", address: node.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: stableUid(`${node.name}-machine`).replace(/-/g, ""),
        systemUUID: stableUid(`${node.name}-system`),
        bootID: stableUid(`${node.name}-boot`),
        kernelVersion: "6.8.0-1015-gcp",
        osImage: "Ubuntu 22.04.5 LTS",
        containerRuntimeVersion: "containerd://1.7.24",
        kubeletVersion: "v1.32.0",
        kubeProxyVersion: "v1.32.0",
        operatingSystem: "linux",
        architecture: "amd64",
      },
    },
  };
}
