// The simulated KServe controller's status state machine, from real-shaped InferenceServices and pod observations.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readManifestDocuments } from "./crd-files";
import { CrdValidator } from "./crd-validator";
import { inferenceServiceStatus, phaseOf, type PredictorObservation } from "./kserve-status";
import { record } from "./testing";
import type { JsonObject, KubeObject } from "./types";

const T0 = Date.parse("2025-06-01T10:00:00Z");
let validator: CrdValidator;

beforeAll(() => {
  validator = new CrdValidator(
    readManifestDocuments(path.join(process.cwd(), "chart/files/crds/serving.kserve.io_inferenceservices.yaml"))[0],
  );
});

function isvc(status?: JsonObject, annotations: Record<string, string> = {}): KubeObject {
  const o: KubeObject = {
    apiVersion: "serving.kserve.io/v1beta1",
    kind: "InferenceService",
    metadata: {
      name: "sklearn-iris",
      namespace: "kserve-test",
      uid: "0b4b1f9e-2c55-4f0a-9d7e-3f1d2a6b7c8d",
      generation: 2,
      resourceVersion: "41",
      creationTimestamp: "2025-06-01T09:59:58Z",
      annotations,
    },
    spec: {
      predictor: { model: { modelFormat: { name: "sklearn" }, storageUri: "gs://kfserving-examples/models/sklearn/1.0/model" } },
    },
  };
  if (status) o.status = status;
  return o;
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

function conditions(status: JsonObject): Record<string, { status?: unknown; reason?: unknown; message?: unknown; severity?: unknown }> {
  const list = Array.isArray(status.conditions) ? status.conditions.map(record) : [];
  return Object.fromEntries(list.map((c) => [String(c.type), c]));
}

/** The controller writes status straight to the store, so it must be what the CRD would accept through the API. */
function expectValid(status: JsonObject): void {
  const outcome = validator.validate({ ...isvc(), status }, undefined, { fieldValidation: "Strict", statusOnly: true });
  expect(outcome.causes).toEqual([]);
}

describe("InferenceService status (Standard mode)", () => {
  it("reports a starting predictor as not ready, with the Deployment's reason and the model pending", () => {
    const status = inferenceServiceStatus(isvc(), observe({ pods: [{ stage: "Initializing" }] }));
    expect(conditions(status)).toMatchObject({
      PredictorReady: { status: "False", reason: "MinimumReplicasUnavailable", message: "Deployment does not have minimum availability." },
      IngressReady: { status: "False", reason: "Predictor ingress not created" },
      Ready: { status: "False", reason: "MinimumReplicasUnavailable" },
      Stopped: { status: "False", severity: "Info" },
    });
    expect(status.modelStatus).toEqual({
      transitionStatus: "InProgress",
      states: { activeModelState: "", targetModelState: "Pending" },
      copies: { failedCopies: 0 },
    });
    expect(status).toMatchObject({ deploymentMode: "Standard", observedGeneration: 2, clusterServingRuntimeName: "kserve-sklearnserver" });
    expect(status.url).toBeUndefined();
    expectValid(status);
  });

  it("moves the model to Loading while the storage initializer runs, then Loaded with the ingress URLs", () => {
    const loading = inferenceServiceStatus(isvc(), observe({ pods: [{ stage: "Loading" }] }));
    expect(record(loading.modelStatus).states).toEqual({ activeModelState: "", targetModelState: "Loading" });
    const ready = inferenceServiceStatus(isvc(loading), observe({ pods: [{ stage: "Ready" }], now: T0 + 5000 }));
    expect(Object.values(conditions(ready)).map((c) => [c.status, c.reason])).toEqual([
      ["True", undefined],
      ["True", undefined],
      ["True", undefined],
      ["False", undefined],
    ]);
    expect(ready.modelStatus).toEqual({
      transitionStatus: "UpToDate",
      states: { activeModelState: "Loaded", targetModelState: "Loaded" },
      copies: { failedCopies: 0, totalCopies: 1 },
    });
    expect(ready.url).toBe("http://sklearn-iris-kserve-test.example.com");
    expect(ready.address).toEqual({ url: "http://sklearn-iris-predictor.kserve-test.svc.cluster.local" });
    expectValid(ready);
  });

  it("gives a predictor no node fits PredictorReady False with the scheduler's reason", () => {
    const message = "0/3 nodes are available: 1 node has no nvidia.com/gpu; gpu-l4-node-1 has 4 of 4 nvidia.com/gpu free, 8 requested.";
    const status = inferenceServiceStatus(isvc(), observe({ pods: [{ stage: "Unschedulable", unschedulable: message }] }));
    expect(phaseOf(observe({ pods: [{ stage: "Unschedulable", unschedulable: message }] }))).toBe("Unschedulable");
    expect(conditions(status).PredictorReady).toMatchObject({ status: "False", reason: "Unschedulable", message });
    expect(conditions(status).Ready).toMatchObject({ status: "False", reason: "Unschedulable", message });
    expect(record(status.modelStatus).states).toEqual({ activeModelState: "", targetModelState: "Pending" });
  });

  it("ends a storage initializer failure in FailedToLoad with KServe's failure info", () => {
    const error = 'persistentvolumeclaim "models" not found in namespace "kserve-test"';
    const status = inferenceServiceStatus(isvc(), observe({ pods: [{ stage: "Failed", storageError: error }] }));
    expect(status.modelStatus).toEqual({
      transitionStatus: "BlockedByFailedLoad",
      states: { activeModelState: "", targetModelState: "FailedToLoad" },
      lastFailureInfo: { reason: "ModelLoadFailed", message: error, exitCode: 1 },
      copies: { failedCopies: 0 },
    });
    expect(conditions(status).Ready.status).toBe("False");
    expectValid(status);
  });

  it("marks a spec it cannot serve as InvalidSpec with the reason, and runs no predictor", () => {
    const invalid = { reason: "NoSupportingRuntime" as const, message: "No runtime found to support specified framework/version" };
    const status = inferenceServiceStatus(isvc(), observe({ invalid }));
    expect(status.modelStatus).toEqual({
      transitionStatus: "InvalidSpec",
      states: { activeModelState: "", targetModelState: "FailedToLoad" },
      lastFailureInfo: invalid,
    });
    expect(conditions(status).PredictorReady).toMatchObject({ status: "False", ...invalid });
    expect(status.components).toBeUndefined();
    expectValid(status);
  });

  it("clears everything but the deployment mode when stopped, with Stopped True", () => {
    const ready = inferenceServiceStatus(isvc(), observe({ pods: [{ stage: "Ready" }] }));
    const stopped = inferenceServiceStatus(isvc(ready, { "serving.kserve.io/stop": "true" }), observe({ stopped: true, now: T0 + 1000 }));
    expect(Object.keys(stopped).sort()).toEqual(["conditions", "deploymentMode"]);
    expect(conditions(stopped)).toMatchObject({
      PredictorReady: { status: "False", reason: "Stopped" },
      IngressReady: { status: "False", reason: "Stopped" },
      Ready: { status: "False", reason: "Stopped" },
      Stopped: { status: "True", severity: "Info" },
    });
    expectValid(stopped);
  });

  it("keeps a condition's lastTransitionTime while its status holds", () => {
    const first = inferenceServiceStatus(isvc(), observe({ pods: [{ stage: "Initializing" }] }));
    const later = inferenceServiceStatus(isvc(first), observe({ pods: [{ stage: "Loading" }], now: T0 + 60_000 }));
    const ready = inferenceServiceStatus(isvc(later), observe({ pods: [{ stage: "Ready" }], now: T0 + 120_000 }));
    expect(conditions(later).Ready).toMatchObject({ lastTransitionTime: "2025-06-01T10:00:00Z" });
    expect(conditions(ready).Ready).toMatchObject({ lastTransitionTime: "2025-06-01T10:02:00Z" });
    expect(conditions(ready).Stopped).toMatchObject({ lastTransitionTime: "2025-06-01T10:00:00Z" });
  });
});

describe("InferenceService status (Knative mode)", () => {
  const knative = (over: Partial<PredictorObservation>): PredictorObservation => observe({ mode: "Knative", ...over });

  it("waits on the revision with Unknown conditions, then reports Knative's conditions, traffic and URLs", () => {
    const starting = inferenceServiceStatus(isvc(), knative({ pods: [{ stage: "Loading" }] }));
    const waiting = 'Configuration "sklearn-iris-predictor" is waiting for a Revision to become ready.';
    expect(conditions(starting)).toMatchObject({
      PredictorReady: { status: "Unknown", reason: "RevisionMissing", message: waiting },
      PredictorConfigurationReady: { status: "Unknown", reason: "RevisionMissing", severity: "Info" },
      PredictorRouteReady: { status: "Unknown", reason: "RevisionMissing", severity: "Info" },
      LatestDeploymentReady: { status: "Unknown", reason: "PredictorConfigurationReady not ready" },
      RoutesReady: { status: "Unknown", reason: "PredictorRouteReady not ready" },
      IngressReady: { status: "Unknown", reason: "Predictor ingress not created" },
      Ready: { status: "Unknown", reason: "RevisionMissing" },
    });
    expect(record(starting.components).predictor).toEqual({ latestCreatedRevision: "sklearn-iris-predictor-00001" });

    const ready = inferenceServiceStatus(isvc(starting), knative({ pods: [{ stage: "Ready" }] }));
    expect(Object.keys(conditions(ready))).toEqual([
      "IngressReady",
      "LatestDeploymentReady",
      "PredictorConfigurationReady",
      "PredictorReady",
      "PredictorRouteReady",
      "Ready",
      "RoutesReady",
      "Stopped",
    ]);
    expect(Object.values(conditions(ready)).every((c) => c.status === (c === conditions(ready).Stopped ? "False" : "True"))).toBe(true);
    expect(ready).toMatchObject({
      url: "http://sklearn-iris.kserve-test.example.com",
      address: { url: "http://sklearn-iris.kserve-test.svc.cluster.local" },
      deploymentMode: "Knative",
    });
    expect(record(ready.components).predictor).toEqual({
      latestCreatedRevision: "sklearn-iris-predictor-00001",
      latestReadyRevision: "sklearn-iris-predictor-00001",
      latestRolledoutRevision: "sklearn-iris-predictor-00001",
      traffic: [{ latestRevision: true, percent: 100, revisionName: "sklearn-iris-predictor-00001" }],
      url: "http://sklearn-iris-predictor.kserve-test.example.com",
      address: { url: "http://sklearn-iris-predictor.kserve-test.svc.cluster.local" },
    });
    expectValid(ready);
  });

  it("reports a failed revision with the storage initializer's message", () => {
    const status = inferenceServiceStatus(isvc(), knative({ pods: [{ stage: "Failed", storageError: "boom" }] }));
    expect(conditions(status).PredictorReady).toMatchObject({
      status: "False",
      reason: "RevisionFailed",
      message: 'Revision "sklearn-iris-predictor-00001" failed with message: boom.',
    });
    expect(conditions(status).IngressReady).toMatchObject({ status: "False", reason: "Predictor ingress not created" });
  });

  it("keeps a scaled-to-zero service Ready with the model in Standby, and Ready while it wakes", () => {
    const ready = inferenceServiceStatus(isvc(), knative({ pods: [{ stage: "Ready" }] }));
    const asleep = inferenceServiceStatus(isvc(ready), knative({ asleep: true }));
    expect(conditions(asleep).Ready.status).toBe("True");
    expect(asleep.modelStatus).toEqual({
      transitionStatus: "UpToDate",
      states: { activeModelState: "Standby", targetModelState: "Standby" },
      copies: { failedCopies: 0 },
    });
    expect(asleep.url).toBe("http://sklearn-iris.kserve-test.example.com");
    const waking = inferenceServiceStatus(isvc(asleep), knative({ pods: [{ stage: "Loading" }], revisionReady: true }));
    expect(conditions(waking).Ready.status).toBe("True");
    expect(record(waking.modelStatus).states).toEqual({ activeModelState: "Standby", targetModelState: "Loading" });
    expect(record(waking.modelStatus).transitionStatus).toBe("InProgress");
    expectValid(asleep);
  });

  it("rolls a new revision out while the last one stays the rolled-out one", () => {
    const ready = inferenceServiceStatus(isvc(), knative({ pods: [{ stage: "Ready" }] }));
    const next = "sklearn-iris-predictor-00002";
    const rolling = inferenceServiceStatus(isvc(ready), knative({ pods: [{ stage: "Initializing" }], revision: next }));
    expect(record(rolling.components).predictor).toMatchObject({
      latestCreatedRevision: next,
      latestReadyRevision: "sklearn-iris-predictor-00001",
    });
    expect(record(rolling.modelStatus).states).toEqual({ activeModelState: "Loaded", targetModelState: "Pending" });
    const done = inferenceServiceStatus(isvc(rolling), knative({ pods: [{ stage: "Ready" }], revision: next }));
    expect(record(done.components).predictor).toMatchObject({
      latestReadyRevision: next,
      latestRolledoutRevision: next,
      previousRolledoutRevision: "sklearn-iris-predictor-00001",
    });
  });
});
