import { describe, expect, it } from "vitest";
import { kubeaiDeploymentInputSchema, type DeploymentEvent } from "@/lib/schemas/deployment";
import {
  buildModelManifest,
  deploymentFromModel,
  deriveStatus,
  modelForAudit,
  patchModel,
  toDeployment,
  type ModelObject,
} from "./kubeai-model";

const deployment = kubeaiDeploymentInputSchema.parse({
  name: "llama-8b",
  namespace: "tenant-a",
  url: "hf://meta-llama/Llama-3.1-8B-Instruct",
  engine: "VLLM",
  features: ["TextGeneration"],
  resourceProfile: "nvidia-gpu-l4",
  instanceCount: 2,
  minReplicas: 1,
  maxReplicas: 3,
  args: ["--max-model-len=8192"],
  env: { VLLM_LOGGING_LEVEL: "DEBUG" },
  proxy: { timeout: 60, model_mode: "completion" },
});

function model(spec: Partial<ModelObject["spec"]>, status?: ModelObject["status"]): ModelObject {
  return {
    apiVersion: "kubeai.org/v1",
    kind: "Model",
    metadata: { name: "m", namespace: "kubeai" },
    spec: { url: "hf://a/b", engine: "VLLM", features: ["TextGeneration"], ...spec },
    status,
  };
}

const event = (type: string, reason: string, at: string, message = reason): DeploymentEvent => ({
  type,
  reason,
  message,
  lastTimestamp: at,
});

describe("buildModelManifest", () => {
  it("composes <profile>:<count>, sets the owner and keeps proxy metadata in an annotation", () => {
    const manifest = buildModelManifest(deployment, "alice@modelport.local");
    expect(manifest).toMatchObject({
      apiVersion: "kubeai.org/v1",
      kind: "Model",
      metadata: { name: "llama-8b", namespace: "tenant-a", labels: { "app.kubernetes.io/managed-by": "modelport" } },
      spec: {
        url: "hf://meta-llama/Llama-3.1-8B-Instruct",
        resourceProfile: "nvidia-gpu-l4:2",
        owner: "alice@modelport.local",
        minReplicas: 1,
        maxReplicas: 3,
        targetRequests: 100,
        scaleDownDelaySeconds: 30,
        args: ["--max-model-len=8192"],
        env: { VLLM_LOGGING_LEVEL: "DEBUG" },
      },
    });
    expect(JSON.parse(manifest.metadata.annotations?.["modelport.dev/proxy"] ?? "{}")).toEqual({ timeout: 60, model_mode: "completion" });
    expect(manifest.spec.replicas).toBe(1); // the default: one replica up at once
    expect(manifest.spec).not.toHaveProperty("cacheProfile");
  });

  it("round-trips through deploymentFromModel", () => {
    const manifest = buildModelManifest(deployment, "alice@modelport.local");
    expect(deploymentFromModel(manifest)).toEqual(deployment);
  });
});

describe("deriveStatus", () => {
  it("reads scaled to zero, loading and ready from replica counts", () => {
    expect(deriveStatus(model({ minReplicas: 0 }), []).status).toBe("ScaledToZero");
    expect(deriveStatus(model({ replicas: 2 }, { replicas: { all: 2, ready: 1 } }), []).status).toBe("Loading");
    expect(deriveStatus(model({ replicas: 2 }, { replicas: { all: 2, ready: 2 } }), []).status).toBe("Ready");
    expect(deriveStatus(model({ minReplicas: 1 }, undefined), []).status).toBe("Pending");
  });

  it("stays Pending with the scheduler's reason when a replica does not fit", () => {
    const events = [
      event("Normal", "Scheduled", "2026-01-01T00:00:00Z"),
      event("Warning", "FailedScheduling", "2026-01-01T00:00:05Z", "0/3 nodes have 8 free nvidia.com/gpu"),
    ];
    expect(deriveStatus(model({ replicas: 1 }), events)).toEqual({ status: "Pending", message: "0/3 nodes have 8 free nvidia.com/gpu" });
  });

  it("is Failed when the newest event is a fatal warning and nothing is ready; Ready wins over old warnings", () => {
    const failed = [event("Warning", "InvalidResourceProfile", "2026-01-01T00:00:05Z")];
    expect(deriveStatus(model({ replicas: 1 }), failed).status).toBe("Failed");
    expect(deriveStatus(model({ replicas: 1 }, { replicas: { all: 1, ready: 1 } }), failed).status).toBe("Ready");
  });

  it("shows scaling down to zero as scaled to zero, with the replicas left", () => {
    expect(deriveStatus(model({ replicas: 0 }, { replicas: { all: 1, ready: 1 } }), [])).toEqual({
      status: "ScaledToZero",
      message: "Scaling down: 1 replicas left",
    });
  });
});

describe("deriveStatus of a stopped Model", () => {
  const stoppedAt = (status?: ModelObject["status"]) => {
    const raw = model({ replicas: 0, minReplicas: 0, autoscalingDisabled: true }, status);
    raw.metadata.annotations = { "modelport.dev/stopped-scaling": '{"replicas":1}' };
    return raw;
  };

  it("is Stopped, saying how to bring it back, even with warnings about its last replica", () => {
    const warnings = [event("Warning", "BackOff", "2026-01-01T00:00:05Z")];
    expect(deriveStatus(stoppedAt({ replicas: { all: 0, ready: 0 } }), warnings)).toEqual({
      status: "Stopped",
      message: "Stopped: start it to bring it back",
    });
  });

  it("says replicas are still going while they are", () => {
    expect(deriveStatus(stoppedAt({ replicas: { all: 2, ready: 2 } }), [])).toEqual({
      status: "Stopped",
      message: "Stopping: 2 replicas left; start it to bring it back",
    });
  });

  it("is only scaled to zero when pinned to zero by hand, without Modelport's saved scaling", () => {
    expect(deriveStatus(model({ replicas: 0, autoscalingDisabled: true }), []).status).toBe("ScaledToZero");
  });

  it("does not count minReplicas as wanted when autoscaling is disabled and replicas is absent", () => {
    const raw = model({ minReplicas: 2, autoscalingDisabled: true });
    expect(toDeployment(raw, [], "").replicaStatus.desired).toBe(0);
    expect(deriveStatus(raw, []).status).toBe("ScaledToZero");
  });
});

describe("patchModel and modelForAudit", () => {
  it("changes the fields a patch names, clears the ones it nulls, and keeps the rest of the Model", () => {
    const current = model({ replicas: 2, adapters: [{ name: "a", url: "hf://x/y" }], env: { A: "1" } });
    current.metadata.annotations = { "team.example/owner": "ml", "modelport.dev/proxy": '{"timeout":5}' };
    const patched = patchModel(current, { replicas: null, env: { B: "2" }, proxy: {} });
    expect(patched.spec).not.toHaveProperty("replicas");
    expect(patched.spec).toMatchObject({ adapters: [{ name: "a", url: "hf://x/y" }], env: { B: "2" } });
    expect(patched.metadata.annotations).toEqual({ "team.example/owner": "ml" });
  });

  it("leaves what the patch does not name alone: no defaults, no new owner, other tools' proxy metadata kept", () => {
    const current = model({});
    current.metadata.annotations = { "modelport.dev/proxy": '{"model_mode":"chat","tags":["llm"]}' };
    const patched = patchModel(current, { replicas: 2 });
    expect(patched.spec).toEqual({ ...current.spec, replicas: 2 });
    expect(patched.metadata.annotations).toEqual(current.metadata.annotations);
  });

  it("sets the resource profile and its count together or one at a time", () => {
    const current = model({ resourceProfile: "nvidia-gpu-l4:1" });
    expect(patchModel(current, { instanceCount: 3 }).spec.resourceProfile).toBe("nvidia-gpu-l4:3");
    expect(patchModel(current, { resourceProfile: "cpu" }).spec.resourceProfile).toBe("cpu:1");
    expect(patchModel(current, { resourceProfile: "cpu:4" }).spec.resourceProfile).toBe("cpu:4");
    expect(patchModel(current, { resourceProfile: null }).spec).not.toHaveProperty("resourceProfile");
    expect(() => patchModel(model({}), { instanceCount: 2 })).toThrow(/resourceProfile/);
  });

  it("masks env values and drops kubectl's last-applied copy in what the audit log keeps", () => {
    const raw = model({ env: { HF_TOKEN: "hf_secret" } });
    raw.metadata.annotations = { "kubectl.kubernetes.io/last-applied-configuration": '{"spec":{"env":{"HF_TOKEN":"hf_secret"}}}' };
    const audited = JSON.stringify(modelForAudit(raw));
    expect(audited).not.toContain("hf_secret");
    expect(audited).toContain("HF_TOKEN");
  });
});

describe("toDeployment", () => {
  it("includes the raw object and splits the resource profile", () => {
    const raw = model({ resourceProfile: "cpu:4", minReplicas: 1 }, { replicas: { all: 1, ready: 1 } });
    const view = toDeployment(raw, [], "http://kubeai.kubeai.svc.cluster.local/openai/v1");
    expect(view).toMatchObject({
      profile: "cpu",
      instanceCount: 4,
      status: "Ready",
      minReplicas: 1,
      replicaStatus: { desired: 1, ready: 1, all: 1 },
    });
    expect(view.endpoint).toBe("http://kubeai.kubeai.svc.cluster.local/openai/v1");
    expect(view.object).toBe(raw);
  });
});
