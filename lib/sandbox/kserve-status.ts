// The status KServe writes on an InferenceService, derived from what the simulated controller observes (pure).
import type { DeploymentMode, FailureReason } from "./kserve-predictor";
import type { PredictorStage } from "./kserve-pods";
import { clone, getPath, isRecord, type JsonObject, type KubeObject } from "./types";

export interface PodObservation {
  stage: PredictorStage;
  /** The scheduler's message for an unschedulable pod. */
  unschedulable?: string;
  /** The storage initializer's error for a failed pod. */
  storageError?: string;
}

export interface PredictorObservation {
  mode: DeploymentMode;
  stopped: boolean;
  /** The spec cannot be served (no runtime, unsupported storage URI…): KServe's InvalidSpec. */
  invalid?: { reason: FailureReason; message: string };
  runtime?: string;
  pods: PodObservation[];
  /** Knative scaled the predictor to zero after it sat idle. */
  asleep: boolean;
  /** This revision has been ready before: Knative keeps the service Ready while its pods come back (from zero). */
  revisionReady: boolean;
  /** Knative revision of the current spec, e.g. `iris-predictor-00002`. */
  revision: string;
  ingressDomain: string;
  now: number;
}

/** Waking: a Knative revision that was ready gets its pods back; the service stays Ready meanwhile. */
export type Phase = "Stopped" | "Invalid" | "Asleep" | "Ready" | "Waking" | "Failed" | "Unschedulable" | "Starting";

export function phaseOf(o: PredictorObservation): Phase {
  if (o.stopped) return "Stopped";
  if (o.invalid) return "Invalid";
  if (o.asleep) return "Asleep";
  if (o.pods.some((p) => p.stage === "Ready")) return "Ready";
  if (o.pods.some((p) => p.stage === "Failed")) return "Failed";
  if (o.mode === "Knative" && o.revisionReady) return "Waking";
  if (o.pods.length > 0 && o.pods.every((p) => p.stage === "Unschedulable")) return "Unschedulable";
  return "Starting";
}

/** Phases in which the service answers requests (possibly after a cold start). */
function isServing(phase: Phase): boolean {
  return phase === "Ready" || phase === "Asleep" || phase === "Waking";
}

type Status = "True" | "False" | "Unknown";

interface Condition {
  type: string;
  status: Status;
  reason?: string;
  message?: string;
}

const INGRESS_NOT_CREATED = "Predictor ingress not created";
/** Knative's condition set: these make up Ready and carry no severity; every other condition is severity Info. */
const DEPENDENTS = ["PredictorReady", "IngressReady"];

function cond(type: string, status: Status, reason?: string, message?: string): Condition {
  const c: Condition = { type, status };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

/** PredictorReady as the Deployment (Standard) or the Knative Service (Knative) reports it. */
function predictorReady(phase: Phase, o: PredictorObservation, name: string): Condition {
  const unschedulable = o.pods.find((p) => p.unschedulable)?.unschedulable ?? "";
  const failure = o.pods.find((p) => p.storageError)?.storageError ?? "";
  switch (phase) {
    case "Ready":
    case "Asleep":
    case "Waking":
      return cond("PredictorReady", "True");
    case "Stopped":
      return cond("PredictorReady", "False", "Stopped");
    case "Invalid":
      return cond("PredictorReady", "False", o.invalid?.reason, o.invalid?.message);
    case "Unschedulable":
      return cond("PredictorReady", "False", "Unschedulable", unschedulable);
    case "Failed":
      return o.mode === "Knative"
        ? cond("PredictorReady", "False", "RevisionFailed", `Revision "${o.revision}" failed with message: ${failure}.`)
        : cond("PredictorReady", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.");
    case "Starting":
      return o.mode === "Knative"
        ? cond(
            "PredictorReady",
            "Unknown",
            "RevisionMissing",
            `Configuration "${name}-predictor" is waiting for a Revision to become ready.`,
          )
        : cond("PredictorReady", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.");
  }
}

/** The Knative Service's configuration and route conditions, and KServe's aggregates of them. */
function knativeConditions(phase: Phase, predictor: Condition, name: string): Condition[] {
  if (phase === "Stopped" || phase === "Invalid") return [];
  const waiting = `Configuration "${name}-predictor" is waiting for a Revision to become ready.`;
  const configuration = { ...predictor, type: "PredictorConfigurationReady" };
  const route =
    predictor.status === "True" ? cond("PredictorRouteReady", "True") : cond("PredictorRouteReady", "Unknown", "RevisionMissing", waiting);
  const aggregate = (type: string, of: Condition): Condition =>
    of.status === "True" ? cond(type, "True") : cond(type, of.status, `${of.type} not ready`);
  return [configuration, route, aggregate("LatestDeploymentReady", configuration), aggregate("RoutesReady", route)];
}

function ingressReady(phase: Phase, predictor: Condition): Condition {
  if (phase === "Stopped") return cond("IngressReady", "False", "Stopped");
  if (predictor.status === "True") return cond("IngressReady", "True");
  return cond("IngressReady", predictor.status === "Unknown" ? "Unknown" : "False", INGRESS_NOT_CREATED);
}

/** Knative's living condition set: Ready follows the first unhappy dependent, False before Unknown. */
function ready(conditions: Condition[]): Condition {
  const dependents = DEPENDENTS.map((t) => conditions.find((c) => c.type === t)).filter((c): c is Condition => c !== undefined);
  const unhappy = dependents.find((c) => c.status === "False") ?? dependents.find((c) => c.status === "Unknown");
  return unhappy ? cond("Ready", unhappy.status, unhappy.reason, unhappy.message) : cond("Ready", "True");
}

export function conditionsFor(phase: Phase, o: PredictorObservation, name: string): Condition[] {
  const predictor = predictorReady(phase, o, name);
  const list = [predictor, ingressReady(phase, predictor), cond("Stopped", phase === "Stopped" ? "True" : "False")];
  if (o.mode === "Knative") list.push(...knativeConditions(phase, predictor, name));
  list.push(ready(list));
  return list.sort((a, b) => a.type.localeCompare(b.type));
}

/** Adds lastTransitionTime (kept while the status does not change) and Knative's severity. */
function stamp(conditions: Condition[], previous: unknown, now: string): JsonObject[] {
  const before = Array.isArray(previous) ? previous.filter(isRecord) : [];
  return conditions.map((c) => {
    const old = before.find((p) => p.type === c.type);
    const since = old && old.status === c.status && typeof old.lastTransitionTime === "string" ? old.lastTransitionTime : now;
    const out: JsonObject = { lastTransitionTime: since };
    if (c.message) out.message = c.message;
    if (c.reason) out.reason = c.reason;
    if (!DEPENDENTS.includes(c.type) && c.type !== "Ready") out.severity = "Info";
    return { ...out, status: c.status, type: c.type };
  });
}

function urls(isvc: KubeObject, o: PredictorObservation): { url: string; address: string; predictorUrl: string; predictorAddress: string } {
  const name = isvc.metadata.name ?? "";
  const ns = isvc.metadata.namespace ?? "default";
  if (o.mode === "Knative") {
    // The Knative route of <name>-predictor, with "-predictor" dropped for the top-level virtual service.
    return {
      url: `http://${name}.${ns}.${o.ingressDomain}`,
      address: `http://${name}.${ns}.svc.cluster.local`,
      predictorUrl: `http://${name}-predictor.${ns}.${o.ingressDomain}`,
      predictorAddress: `http://${name}-predictor.${ns}.svc.cluster.local`,
    };
  }
  // Standard mode: KServe's ingress domain template {{.Name}}-{{.Namespace}}.{{.IngressDomain}} and the predictor Service.
  return {
    url: `http://${name}-${ns}.${o.ingressDomain}`,
    address: `http://${name}-predictor.${ns}.svc.cluster.local`,
    predictorUrl: `http://${name}-predictor-${ns}.${o.ingressDomain}`,
    predictorAddress: `http://${name}-predictor.${ns}.svc.cluster.local`,
  };
}

function predictorComponent(isvc: KubeObject, phase: Phase, o: PredictorObservation, previous: unknown): JsonObject {
  const component: JsonObject = isRecord(previous) ? clone(previous) : {};
  const serving = isServing(phase);
  const u = urls(isvc, o);
  if (o.mode === "Knative") {
    component.latestCreatedRevision = o.revision;
    if (serving) {
      if (component.latestRolledoutRevision !== o.revision) {
        if (typeof component.latestRolledoutRevision === "string") component.previousRolledoutRevision = component.latestRolledoutRevision;
        component.latestRolledoutRevision = o.revision;
      }
      component.latestReadyRevision = o.revision;
      component.traffic = [{ latestRevision: true, percent: 100, revisionName: o.revision }];
    }
  }
  if (serving) {
    component.url = u.predictorUrl;
    component.address = { url: u.predictorAddress };
  }
  return component;
}

function modelStatus(phase: Phase, o: PredictorObservation, previous: unknown): JsonObject | undefined {
  const before = isRecord(previous) ? previous : {};
  const active =
    typeof getPath(before, ["states", "activeModelState"]) === "string" ? String(getPath(before, ["states", "activeModelState"])) : "";
  const out: JsonObject = {};
  if (isRecord(before.lastFailureInfo)) out.lastFailureInfo = before.lastFailureInfo;
  // KServe's totalCopies is omitempty: zero ready copies leave only failedCopies.
  const readyCopies = o.pods.filter((p) => p.stage === "Ready").length;
  out.copies = readyCopies > 0 ? { failedCopies: 0, totalCopies: readyCopies } : { failedCopies: 0 };
  const set = (transition: string, activeState: string, target: string): void => {
    out.transitionStatus = transition;
    out.states = { activeModelState: activeState, targetModelState: target };
  };
  switch (phase) {
    case "Stopped":
      return undefined;
    case "Invalid":
      if (isRecord(before.copies)) out.copies = before.copies;
      else delete out.copies;
      out.lastFailureInfo = { reason: o.invalid?.reason, message: o.invalid?.message };
      set("InvalidSpec", active, "FailedToLoad");
      break;
    case "Asleep":
      set("UpToDate", "Standby", "Standby");
      break;
    case "Ready":
      set("UpToDate", "Loaded", "Loaded");
      break;
    case "Failed":
      out.lastFailureInfo = { reason: "ModelLoadFailed", message: o.pods.find((p) => p.storageError)?.storageError ?? "", exitCode: 1 };
      set("BlockedByFailedLoad", active, "FailedToLoad");
      break;
    case "Unschedulable":
    case "Starting":
    case "Waking":
      set("InProgress", active, o.pods.some((p) => p.stage === "Loading") ? "Loading" : "Pending");
      break;
  }
  return out;
}

/** The whole status after a reconcile of `isvc` (its current status is the previous one). */
export function inferenceServiceStatus(isvc: KubeObject, o: PredictorObservation): JsonObject {
  const name = isvc.metadata.name ?? "";
  const previous = isRecord(isvc.status) ? isvc.status : {};
  const phase = phaseOf(o);
  const now = new Date(o.now).toISOString().replace(/\.\d{3}Z$/, "Z");
  const conditions = stamp(conditionsFor(phase, o, name), previous.conditions, now);
  // Stopping clears everything but the deployment mode (kserve-isvc.md, "Activate / deactivate").
  if (phase === "Stopped") return { conditions, deploymentMode: o.mode };
  const status: JsonObject = { ...clone(previous), conditions, deploymentMode: o.mode };
  if (typeof isvc.metadata.generation === "number") status.observedGeneration = isvc.metadata.generation;
  if (o.runtime) status.clusterServingRuntimeName = o.runtime;
  const model = modelStatus(phase, o, previous.modelStatus);
  if (model) status.modelStatus = model;
  if (phase !== "Invalid") {
    const components = isRecord(previous.components) ? clone(previous.components) : {};
    components.predictor = predictorComponent(isvc, phase, o, components.predictor);
    status.components = components;
  }
  if (isServing(phase)) {
    const u = urls(isvc, o);
    status.url = u.url;
    status.address = { url: u.address };
  }
  return status;
}

export function isReadyStatus(status: unknown): boolean {
  const conditions = getPath(status, ["conditions"]);
  return Array.isArray(conditions) && conditions.some((c) => isRecord(c) && c.type === "Ready" && c.status === "True");
}
