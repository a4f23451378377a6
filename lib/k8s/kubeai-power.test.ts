import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { crdRuleIssues } from "@/lib/schemas/deployment";
import { deploymentFromModel, type ModelObject } from "./kubeai-model";
import { isModelStopped, requireScalingEditable, startModel, STOPPED_SCALING_ANNOTATION, stopModel } from "./kubeai-power";

function model(spec: Partial<ModelObject["spec"]>, annotations?: Record<string, string>): ModelObject {
  return {
    apiVersion: "kubeai.org/v1",
    kind: "Model",
    metadata: { name: "m", namespace: "tenant-a", resourceVersion: "7", ...(annotations ? { annotations } : {}) },
    spec: { url: "hf://a/b", engine: "VLLM", features: ["TextGeneration"], targetRequests: 100, scaleDownDelaySeconds: 30, ...spec },
    status: { replicas: { all: 2, ready: 2 } },
  };
}

describe("stopModel", () => {
  it("pins replicas and minReplicas to zero with autoscaling disabled, keeping maxReplicas and everything else", () => {
    const running = model({ replicas: 2, minReplicas: 1, maxReplicas: 3, args: ["--x"] }, { "team.example/note": "keep" });
    const stopped = stopModel(running);
    expect(stopped.spec).toEqual({ ...running.spec, replicas: 0, minReplicas: 0, maxReplicas: 3, autoscalingDisabled: true });
    expect(stopped.metadata.annotations).toMatchObject({ "team.example/note": "keep" });
    expect(JSON.parse(stopped.metadata.annotations?.[STOPPED_SCALING_ANNOTATION] ?? "")).toEqual({
      replicas: 2,
      minReplicas: 1,
      maxReplicas: 3,
    });
    expect(isModelStopped(stopped)).toBe(true);
    expect(isModelStopped(running)).toBe(false);
  });

  it("leaves the Model it was given untouched", () => {
    const running = model({ replicas: 2 });
    const copy = structuredClone(running);
    stopModel(running);
    expect(running).toEqual(copy);
  });

  it("keeps to the CRD's rules (min ≤ max) whatever the scaling was", () => {
    for (const spec of [{ minReplicas: 3, maxReplicas: 3 }, { minReplicas: 1 }, { replicas: 5, minReplicas: 2, maxReplicas: 4 }]) {
      expect(crdRuleIssues(deploymentFromModel(stopModel(model(spec))))).toEqual([]);
    }
  });

  it("returns a stopped Model unchanged, so stopping twice keeps the first saved scaling", () => {
    const stopped = stopModel(model({ replicas: 2, minReplicas: 1 }));
    expect(stopModel(stopped)).toBe(stopped);
  });
});

describe("startModel", () => {
  it.each([
    ["replicas only", { replicas: 2 }],
    ["autoscaled between min and max", { minReplicas: 1, maxReplicas: 4 }],
    ["every scaling field", { replicas: 3, minReplicas: 1, maxReplicas: 5, autoscalingDisabled: false }],
    ["no scaling fields at all", {}],
    ["already pinned by hand", { replicas: 1, autoscalingDisabled: true }],
  ])("restores exactly the scaling it had (%s), absent fields absent again", (_what, spec) => {
    const running = model(spec, { "team.example/note": "keep" });
    expect(startModel(stopModel(running))).toEqual(running);
  });

  it("drops the annotations object again when the saved scaling was its only entry", () => {
    const running = model({ replicas: 1 });
    const started = startModel(stopModel(running));
    expect(started.metadata).not.toHaveProperty("annotations");
    expect(started).toEqual(running);
  });

  it("returns a running Model unchanged", () => {
    const running = model({ replicas: 1 });
    expect(startModel(running)).toBe(running);
  });

  it("starts one replica with autoscaling on when the saved scaling was edited into something unreadable", () => {
    const stopped = model(
      { replicas: 0, minReplicas: 0, maxReplicas: 2, autoscalingDisabled: true },
      {
        [STOPPED_SCALING_ANNOTATION]: '{"replicas":"lots"}',
      },
    );
    const started = startModel(stopped);
    expect(started.spec).toMatchObject({ replicas: 1, minReplicas: 0, maxReplicas: 2 });
    expect(started.spec).not.toHaveProperty("autoscalingDisabled");
    expect(isModelStopped(started)).toBe(false);
  });
});

describe("requireScalingEditable", () => {
  const stopped = stopModel(model({ replicas: 2 }));

  it("refuses a change to a stopped Model's scaling with a conflict naming the fields", () => {
    const error = (() => {
      try {
        requireScalingEditable(stopped, { replicas: 3, maxReplicas: null });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "conflict", details: { fields: [{ field: "replicas" }, { field: "maxReplicas" }] } });
    expect((error as AppError).message).toMatch(/tenant-a\/m is stopped; start it before changing replicas, maxReplicas/);
  });

  it("lets other fields change while stopped, and any field while running", () => {
    expect(() => requireScalingEditable(stopped, { replicas: undefined })).not.toThrow();
    expect(() => requireScalingEditable(model({ replicas: 2 }), { replicas: 3 })).not.toThrow();
  });
});
