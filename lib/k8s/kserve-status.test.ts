// Status mapping from real-shaped InferenceServices: statuses written by the sandbox's own KServe status code, and
// hand-written ones in the shapes of kserve-isvc.md for what the sandbox does not produce.
import { describe, expect, it } from "vitest";
import { inferenceServiceStatus, type PredictorObservation } from "@/lib/sandbox/kserve-status";
import type { DeploymentEvent } from "@/lib/schemas/deployment";
import type { InferenceServiceObject } from "./kserve-inference-service";
import { deriveInferenceServiceStatus, inferenceServiceConditions } from "./kserve-status";

const T0 = Date.parse("2025-06-01T10:00:00Z");

function isvc(options: { annotations?: Record<string, string>; minReplicas?: number; status?: Record<string, unknown> } = {}) {
  const object: InferenceServiceObject = {
    apiVersion: "serving.kserve.io/v1beta1",
    kind: "InferenceService",
    metadata: { name: "sklearn-iris", namespace: "tenant-a", generation: 1, annotations: options.annotations ?? {} },
    spec: {
      predictor: {
        ...(options.minReplicas !== undefined ? { minReplicas: options.minReplicas } : {}),
        model: { modelFormat: { name: "sklearn" }, storageUri: "gs://kfserving-examples/models/sklearn/1.0/model" },
      },
    },
  };
  if (options.status) object.status = options.status;
  return object;
}

function observe(over: Partial<PredictorObservation> = {}): PredictorObservation {
  return {
    mode: "Standard",
    stopped: false,
    runtime: "kserve-sklearnserver",
    pods: [],
    asleep: false,
    revisionReady: false,
    revision: "sklearn-iris-predictor-00001",
    ingressDomain: "example.com",
    now: T0,
    ...over,
  };
}

/** The object after the sandbox's controller has written the status for one observation (and the ones before). */
function after(observations: Partial<PredictorObservation>[], options: Parameters<typeof isvc>[0] = {}): InferenceServiceObject {
  let object = isvc(options);
  for (const observation of observations) {
    const status = inferenceServiceStatus(object as unknown as Parameters<typeof inferenceServiceStatus>[0], observe(observation));
    object = { ...object, status };
  }
  return object;
}

const event = (type: string, reason: string, message: string, at = "2025-06-01T10:00:05Z"): DeploymentEvent => ({
  type,
  reason,
  message,
  lastTimestamp: at,
});

const NO_FIT = "0/3 nodes are available: 1 node has no nvidia.com/gpu; gpu-l4-node-1 has 4 of 4 nvidia.com/gpu free, 8 requested.";

describe("deriveInferenceServiceStatus from the sandbox controller's statuses", () => {
  it("follows a Standard service from pending through loading to ready", () => {
    expect(deriveInferenceServiceStatus(isvc(), [])).toEqual({ status: "Pending", message: null });
    expect(deriveInferenceServiceStatus(after([{ pods: [{ stage: "Initializing" }] }]), [])).toEqual({
      status: "Pending",
      message: "Deployment does not have minimum availability.",
    });
    expect(deriveInferenceServiceStatus(after([{ pods: [{ stage: "Loading" }] }]), [])).toEqual({
      status: "Loading",
      message: "Loading the model from storage",
    });
    expect(deriveInferenceServiceStatus(after([{ pods: [{ stage: "Loading" }] }, { pods: [{ stage: "Ready" }] }]), [])).toEqual({
      status: "Ready",
      message: null,
    });
  });

  it("gives a predictor that fits no node the scheduler's reason, from the newest FailedScheduling event when there is one", () => {
    const stuck = after([{ pods: [{ stage: "Unschedulable", unschedulable: NO_FIT }] }]);
    expect(deriveInferenceServiceStatus(stuck, [])).toEqual({ status: "Pending", message: NO_FIT });
    const newer = "0/3 nodes are available: 3 Insufficient nvidia.com/gpu.";
    const events = [event("Warning", "FailedScheduling", NO_FIT, "2025-06-01T10:00:01Z"), event("Warning", "FailedScheduling", newer)];
    expect(deriveInferenceServiceStatus(stuck, events)).toEqual({ status: "Pending", message: newer });
  });

  it("fails a storage initializer error with KServe's failure reason and message", () => {
    const error = 'persistentvolumeclaim "models" not found in namespace "tenant-a"';
    expect(deriveInferenceServiceStatus(after([{ pods: [{ stage: "Failed", storageError: error }] }]), [])).toEqual({
      status: "Failed",
      message: `ModelLoadFailed: ${error}`,
    });
  });

  it("fails a spec no runtime serves with NoSupportingRuntime", () => {
    const invalid = { reason: "NoSupportingRuntime" as const, message: "No runtime found to support specified framework/version" };
    expect(deriveInferenceServiceStatus(after([{ invalid }]), [])).toEqual({
      status: "Failed",
      message: "NoSupportingRuntime: No runtime found to support specified framework/version",
    });
  });

  it("reads Ready after a recovery although lastFailureInfo is still there", () => {
    const recovered = after([{ pods: [{ stage: "Failed", storageError: "boom" }] }, { pods: [{ stage: "Ready" }] }]);
    expect(recovered.status?.modelStatus).toMatchObject({ lastFailureInfo: { reason: "ModelLoadFailed" }, transitionStatus: "UpToDate" });
    expect(deriveInferenceServiceStatus(recovered, [event("Warning", "ModelLoadFailed", "boom")])).toEqual({
      status: "Ready",
      message: null,
    });
  });

  it("reads Stopped from the Stopped condition, and from the annotation before the controller has acted", () => {
    const stop = { "serving.kserve.io/stop": "true" };
    expect(deriveInferenceServiceStatus(after([{ pods: [{ stage: "Ready" }] }, { stopped: true }], { annotations: stop }), [])).toEqual({
      status: "Stopped",
      message: null,
    });
    expect(deriveInferenceServiceStatus(after([{ pods: [{ stage: "Ready" }] }], { annotations: stop }), [])).toEqual({
      status: "Stopped",
      message: null,
    });
  });

  it("reads a Knative service with minReplicas 0 and no copies as scaled to zero, also while it wakes", () => {
    const knative = { mode: "Knative" as const };
    const ready = { ...knative, pods: [{ stage: "Ready" as const }] };
    expect(deriveInferenceServiceStatus(after([ready], { minReplicas: 0 }), [])).toEqual({ status: "Ready", message: null });
    const asleep = after([ready, { ...knative, asleep: true }], { minReplicas: 0 });
    expect(deriveInferenceServiceStatus(asleep, [])).toEqual({ status: "ScaledToZero", message: null });
    const waking = after([ready, { ...knative, asleep: true }, { ...knative, pods: [{ stage: "Loading" }], revisionReady: true }], {
      minReplicas: 0,
    });
    expect(deriveInferenceServiceStatus(waking, [])).toEqual({ status: "ScaledToZero", message: "Scaling up from zero" });
  });

  it("fails a Knative revision whose storage initializer failed, with the revision's message", () => {
    const failed = after([{ mode: "Knative", pods: [{ stage: "Failed", storageError: "boom" }] }]);
    expect(deriveInferenceServiceStatus(failed, [])).toEqual({ status: "Failed", message: "ModelLoadFailed: boom" });
    delete (failed.status as { modelStatus?: unknown }).modelStatus;
    expect(deriveInferenceServiceStatus(failed, [])).toEqual({
      status: "Failed",
      message: 'Revision "sklearn-iris-predictor-00001" failed with message: boom.',
    });
  });
});

const condition = (type: string, status: string, reason?: string, message?: string) => ({
  type,
  status,
  lastTransitionTime: "2025-06-01T10:00:00Z",
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});

describe("deriveInferenceServiceStatus from hand-written objects (kserve-isvc.md)", () => {
  it("reads the reference's Standard example as Ready", () => {
    const status = {
      url: "http://iris-default.example.com",
      address: { url: "http://iris-predictor.default.svc.cluster.local" },
      conditions: [
        condition("PredictorReady", "True"),
        condition("IngressReady", "True"),
        condition("Ready", "True"),
        condition("Stopped", "False"),
      ],
      modelStatus: {
        transitionStatus: "UpToDate",
        states: { activeModelState: "Loaded", targetModelState: "Loaded" },
        copies: { failedCopies: 0, totalCopies: 1 },
      },
      deploymentMode: "Standard",
    };
    expect(deriveInferenceServiceStatus(isvc({ status }), [])).toEqual({ status: "Ready", message: null });
  });

  it("reads a stopped service: status cleared but for the mode, Stopped True", () => {
    const status = {
      deploymentMode: "Standard",
      conditions: [
        condition("PredictorReady", "False", "Stopped"),
        condition("IngressReady", "False", "Stopped"),
        condition("Ready", "False", "Stopped"),
        condition("Stopped", "True"),
      ],
    };
    expect(deriveInferenceServiceStatus(isvc({ status }), [])).toEqual({ status: "Stopped", message: null });
  });

  it("fails FailedToLoad with ModelLoadFailed, and InvalidSpec with InvalidPredictorSpec, with KServe's messages", () => {
    const failedToLoad = {
      conditions: [
        condition("PredictorReady", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
        condition("Ready", "False"),
      ],
      modelStatus: {
        transitionStatus: "BlockedByFailedLoad",
        states: { activeModelState: "", targetModelState: "FailedToLoad" },
        copies: { failedCopies: 1 },
        lastFailureInfo: { reason: "ModelLoadFailed", message: "model file not found: /mnt/models/model.joblib", exitCode: 1 },
      },
    };
    expect(deriveInferenceServiceStatus(isvc({ status: failedToLoad }), [])).toEqual({
      status: "Failed",
      message: "ModelLoadFailed: model file not found: /mnt/models/model.joblib",
    });
    const message =
      "StorageURI not supported: storageUri, must be one of: [gs://, s3://] … StorageUri [ftp://host/model] is not supported.";
    const invalidSpec = {
      conditions: [
        condition("PredictorReady", "False", "InvalidPredictorSpec", message),
        condition("Ready", "False", "InvalidPredictorSpec"),
      ],
      modelStatus: {
        transitionStatus: "InvalidSpec",
        states: { activeModelState: "", targetModelState: "FailedToLoad" },
        lastFailureInfo: { reason: "InvalidPredictorSpec", message },
      },
    };
    expect(deriveInferenceServiceStatus(isvc({ status: invalidSpec }), [])).toEqual({
      status: "Failed",
      message: `InvalidPredictorSpec: ${message}`,
    });
  });

  it("reads a Knative service scaled to zero by the mode KServe recorded, even under the legacy annotation", () => {
    const status = {
      deploymentMode: "Knative",
      conditions: [condition("PredictorReady", "True"), condition("IngressReady", "True"), condition("Ready", "True")],
      modelStatus: {
        transitionStatus: "UpToDate",
        states: { activeModelState: "Standby", targetModelState: "Standby" },
        copies: { failedCopies: 0 },
      },
    };
    expect(deriveInferenceServiceStatus(isvc({ status, minReplicas: 0 }), [])).toEqual({ status: "ScaledToZero", message: null });
    const standard = { ...status, deploymentMode: "Standard" };
    expect(deriveInferenceServiceStatus(isvc({ status: standard, minReplicas: 0 }), [])).toEqual({ status: "Ready", message: null });
  });

  it("takes a real cluster's unschedulable pod from its FailedScheduling event, and a crash loop from BackOff", () => {
    const status = {
      conditions: [
        condition("PredictorReady", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
        condition("Ready", "False"),
      ],
      modelStatus: {
        transitionStatus: "InProgress",
        states: { activeModelState: "", targetModelState: "Pending" },
        copies: { failedCopies: 0 },
      },
    };
    const scheduling = event("Warning", "FailedScheduling", "0/2 nodes are available: 2 Insufficient nvidia.com/gpu.");
    expect(
      deriveInferenceServiceStatus(isvc({ status }), [event("Normal", "InferenceServiceCreated", "x", "2025-06-01T09:59:00Z"), scheduling]),
    ).toEqual({
      status: "Pending",
      message: "0/2 nodes are available: 2 Insufficient nvidia.com/gpu.",
    });
    const backOff = event("Warning", "BackOff", "Back-off restarting failed container kserve-container", "2025-06-01T10:01:00Z");
    expect(deriveInferenceServiceStatus(isvc({ status }), [scheduling, backOff])).toEqual({ status: "Failed", message: backOff.message });
  });

  it("keeps a Ready service Ready while a change rolls out or after the change failed to load", () => {
    const ready = [condition("PredictorReady", "True"), condition("IngressReady", "True"), condition("Ready", "True")];
    const rolling = {
      conditions: ready,
      modelStatus: { transitionStatus: "InProgress", states: { activeModelState: "Loaded", targetModelState: "Loading" } },
    };
    expect(deriveInferenceServiceStatus(isvc({ status: rolling }), [])).toEqual({
      status: "Ready",
      message: "Rolling out the latest change",
    });
    const blocked = {
      conditions: ready,
      modelStatus: {
        transitionStatus: "BlockedByFailedLoad",
        states: { activeModelState: "Loaded", targetModelState: "FailedToLoad" },
        copies: { failedCopies: 0, totalCopies: 1 },
        lastFailureInfo: { reason: "ModelLoadFailed", message: "boom" },
      },
    };
    expect(deriveInferenceServiceStatus(isvc({ status: blocked }), []).message).toBe(
      "The latest change failed to load; the previous one still serves. ModelLoadFailed: boom",
    );
  });
});

describe("inferenceServiceConditions", () => {
  it("lists Ready and the predictor first, then the rest by type, with nulls for what a condition leaves out", () => {
    const knative = after([{ mode: "Knative", pods: [{ stage: "Loading" }] }]);
    const rows = inferenceServiceConditions(knative);
    expect(rows.map((row) => row.type)).toEqual([
      "Ready",
      "PredictorReady",
      "IngressReady",
      "Stopped",
      "LatestDeploymentReady",
      "PredictorConfigurationReady",
      "PredictorRouteReady",
      "RoutesReady",
    ]);
    expect(rows[0]).toEqual({
      type: "Ready",
      status: "Unknown",
      reason: "RevisionMissing",
      message: 'Configuration "sklearn-iris-predictor" is waiting for a Revision to become ready.',
      lastTransitionTime: "2025-06-01T10:00:00Z",
    });
    expect(rows[3]).toMatchObject({ type: "Stopped", status: "False", reason: null, message: null });
    expect(inferenceServiceConditions(isvc())).toEqual([]);
  });
});
