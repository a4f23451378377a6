import { describe, expect, it } from "vitest";
import type { Deployment } from "@/lib/schemas/deployment";
import type { TenantQuota } from "@/lib/schemas/quota";
import {
  acceleratorNeeds,
  deploymentProfileUse,
  editQuotaNeed,
  kserveProfileUse,
  kubeaiProfileUse,
  quotaNoteOf,
  type SizingProfile,
} from "./quota-note";

const PROFILES: SizingProfile[] = [
  { name: "nvidia-gpu-l4", requests: { "nvidia.com/gpu": "1", cpu: "6", memory: "24Gi" } },
  { name: "amd-gpu-mi300x", requests: { "amd.com/gpu": "1", cpu: "8" } },
  { name: "cpu", requests: { cpu: "1", memory: "2Gi" } },
];

function quota(resources: TenantQuota["resources"]): TenantQuota {
  return { tenant: "tenant-a", resourceQuota: "modelport-quota", limits: {}, resources };
}

const GPUS = { key: "requests.nvidia.com/gpu", label: "nvidia.com/gpu", hard: "4", used: "1", remaining: "3" };
const DEPLOYMENTS = {
  key: "count/models.kubeai.org+count/inferenceservices.serving.kserve.io",
  label: "deployments",
  hard: "10",
  used: "8",
  remaining: "2",
};
const CPU = { key: "requests.cpu", label: "cpu", hard: "32", used: "6", remaining: "26" };

const create = (resourceProfile: string | null, replicas: number, instanceCount = 1) => ({
  after: kubeaiProfileUse({ resourceProfile, instanceCount, replicas, minReplicas: 0 }),
  addsDeployment: true,
});

describe("the quota note beside the profile picker", () => {
  it("says what is left of the GPUs and deployments, GPUs first, and leaves CPU and memory to the server", () => {
    const note = quotaNoteOf("tenant-a", quota([CPU, DEPLOYMENTS, GPUS]), create("nvidia-gpu-l4", 1), PROFILES);
    expect(note).toEqual({ summary: "tenant-a: 3 of 4 nvidia.com/gpu left · 2 of 10 deployments left", problems: [] });
  });

  it("has nothing to say without a quota, or with one on CPU and memory only", () => {
    expect(quotaNoteOf("tenant-a", quota([]), create("nvidia-gpu-l4", 1), PROFILES)).toBeNull();
    expect(quotaNoteOf("tenant-a", quota([CPU]), create("nvidia-gpu-l4", 1), PROFILES)).toBeNull();
  });

  it("says when the profile × units × replicas needs more GPUs than are left, in the server's words", () => {
    const note = quotaNoteOf("tenant-a", quota([GPUS]), create("nvidia-gpu-l4", 2, 2), PROFILES);
    expect(note?.problems).toEqual(["needs 4 nvidia.com/gpu (nvidia-gpu-l4:2 × 2 replicas); tenant-a has 3 of 4 left"]);
    // Exactly what is left fits.
    expect(quotaNoteOf("tenant-a", quota([GPUS]), create("nvidia-gpu-l4", 3), PROFILES)?.problems).toEqual([]);
  });

  it("counts no GPUs for a CPU profile, another vendor's GPUs, no profile, or a deployment that starts from zero", () => {
    for (const need of [create("cpu", 8), create("amd-gpu-mi300x", 8), create(null, 8), create("nvidia-gpu-l4", 0), create("gone", 8)]) {
      expect(quotaNoteOf("tenant-a", quota([GPUS]), need, PROFILES)?.problems).toEqual([]);
    }
  });

  it("says a create needs one deployment more when none is left, and an edit none", () => {
    const full = { ...DEPLOYMENTS, used: "10", remaining: "0" };
    expect(quotaNoteOf("tenant-a", quota([full]), create(null, 1), PROFILES)?.problems).toEqual([
      "needs 1 more deployment; tenant-a has 0 of 10 deployments left",
    ]);
    const edit = { before: kubeaiProfileUse({ replicas: 1 }), after: kubeaiProfileUse({ replicas: 2 }), addsDeployment: false };
    expect(quotaNoteOf("tenant-a", quota([full]), edit, PROFILES)?.problems).toEqual([]);
  });

  it("counts an edit's extra GPUs only: what runs now is already in the quota's use", () => {
    const running = { profile: "nvidia-gpu-l4", units: 1, replicas: 2 };
    const grown = { before: running, after: { ...running, replicas: 5 }, addsDeployment: false };
    // 2 → 5 replicas takes 3 more GPUs: exactly what is left.
    expect(quotaNoteOf("tenant-a", quota([GPUS]), grown, PROFILES)?.problems).toEqual([]);
    const tooBig = { before: running, after: { ...running, units: 4 }, addsDeployment: false };
    expect(quotaNoteOf("tenant-a", quota([GPUS]), tooBig, PROFILES)?.problems).toEqual([
      "needs 6 more nvidia.com/gpu (this change); tenant-a has 3 of 4 left",
    ]);
    const smaller = { before: running, after: { ...running, replicas: 1 }, addsDeployment: false };
    expect(quotaNoteOf("tenant-a", quota([{ ...GPUS, remaining: "0" }]), smaller, PROFILES)?.problems).toEqual([]);
  });
});

describe("what a form's values run at once", () => {
  it("takes KubeAI's replicas, else min replicas, and instance count as the units", () => {
    expect(kubeaiProfileUse({ resourceProfile: "nvidia-gpu-l4", instanceCount: 2, replicas: 3, minReplicas: 1 })).toEqual({
      profile: "nvidia-gpu-l4",
      units: 2,
      replicas: 3,
    });
    expect(kubeaiProfileUse({ resourceProfile: "nvidia-gpu-l4", instanceCount: null, replicas: null, minReplicas: 1 })).toEqual({
      profile: "nvidia-gpu-l4",
      units: 1,
      replicas: 1,
    });
    // A preset's "<profile>:<count>" counts when no instance count is set; a box emptied while typing counts as unset.
    expect(kubeaiProfileUse({ resourceProfile: "nvidia-gpu-l4:2", instanceCount: Number.NaN, replicas: Number.NaN })).toEqual({
      profile: "nvidia-gpu-l4",
      units: 2,
      replicas: 0,
    });
  });

  it("takes KServe's <profile>:<units> and min replicas, one by default", () => {
    expect(kserveProfileUse({ resourceProfile: "nvidia-gpu-l4:2", minReplicas: 3 })).toEqual({
      profile: "nvidia-gpu-l4",
      units: 2,
      replicas: 3,
    });
    expect(kserveProfileUse({ resourceProfile: "nvidia-gpu-l4" })).toEqual({ profile: "nvidia-gpu-l4", units: 1, replicas: 1 });
    expect(kserveProfileUse({})).toEqual({ profile: null, units: 1, replicas: 1 });
  });

  it("counts a running deployment's desired replicas, and none for a stopped one", () => {
    const running = { resourceProfile: "nvidia-gpu-l4:2", status: "Ready", replicaStatus: { desired: 3, all: 3, ready: 3 } } as Deployment;
    expect(deploymentProfileUse(running)).toEqual({ profile: "nvidia-gpu-l4", units: 2, replicas: 3 });
    expect(deploymentProfileUse({ ...running, status: "Stopped" } as Deployment).replicas).toBe(0);
    expect(acceleratorNeeds(deploymentProfileUse(running), PROFILES)).toEqual(new Map([["nvidia.com/gpu", 6]]));
  });

  it("counts an edit of a stopped deployment as running nothing before and after", () => {
    const stopped = {
      resourceProfile: "nvidia-gpu-l4:1",
      status: "Stopped",
      replicaStatus: { desired: 0, all: 0, ready: 0 },
    } as Deployment;
    const need = editQuotaNeed(stopped, { profile: "nvidia-gpu-l4", units: 8, replicas: 4 });
    expect(need).toEqual({
      before: { profile: "nvidia-gpu-l4", units: 1, replicas: 0 },
      after: { profile: "nvidia-gpu-l4", units: 8, replicas: 0 },
      addsDeployment: false,
    });
    expect(quotaNoteOf("tenant-a", quota([{ ...GPUS, remaining: "0" }]), need, PROFILES)?.problems).toEqual([]);
  });
});
