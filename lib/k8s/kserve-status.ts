// What a person sees of an InferenceService's state: one status with the reason they can act on, read from its
// conditions, `status.modelStatus` and its newest events; and its conditions as rows for the detail page's table.
import type { Condition, DeploymentEvent, DeploymentStatus } from "@/lib/schemas/deployment";
import { DEPLOYMENT_MODE_ANNOTATION, isStopped, type InferenceServiceObject } from "./kserve-inference-service";

type KServeStatus = DeploymentStatus;
type ConditionRow = Condition;

interface ModelStatusView {
  transitionStatus?: string;
  activeModelState?: string;
  targetModelState?: string;
  /** Omitted by KServe when zero. */
  totalCopies?: number;
  /** Kept by KServe after a recovery: only meaningful while the transition says the load failed. */
  failure?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

function conditionsOf(isvc: InferenceServiceObject): ConditionRow[] {
  const list = isvc.status?.conditions;
  if (!Array.isArray(list)) return [];
  return list.filter(isRecord).map((c) => ({
    type: String(c.type ?? ""),
    status: String(c.status ?? "Unknown"),
    reason: text(c.reason),
    message: text(c.message),
    lastTransitionTime: text(c.lastTransitionTime),
  }));
}

const LEADING = ["Ready", "PredictorReady", "IngressReady", "Stopped"];
const rank = (type: string) => (LEADING.includes(type) ? LEADING.indexOf(type) : LEADING.length);

/** The conditions for the detail page: Ready and the predictor first, then the rest by type. */
export function inferenceServiceConditions(isvc: InferenceServiceObject): ConditionRow[] {
  return conditionsOf(isvc).sort((a, b) => rank(a.type) - rank(b.type) || a.type.localeCompare(b.type));
}

function modelStatusOf(isvc: InferenceServiceObject): ModelStatusView {
  const model = isvc.status?.modelStatus;
  if (!isRecord(model)) return {};
  const states = isRecord(model.states) ? model.states : {};
  const copies = isRecord(model.copies) ? model.copies : {};
  const info = isRecord(model.lastFailureInfo) ? model.lastFailureInfo : {};
  const [reason, message] = [text(info.reason), text(info.message)];
  return {
    transitionStatus: text(model.transitionStatus) ?? undefined,
    activeModelState: text(states.activeModelState) ?? undefined,
    targetModelState: text(states.targetModelState) ?? undefined,
    totalCopies: typeof copies.totalCopies === "number" ? copies.totalCopies : undefined,
    failure: reason && message ? `${reason}: ${message}` : (message ?? reason ?? undefined),
  };
}

function hasFailedLoad(model: ModelStatusView): boolean {
  return (
    model.transitionStatus === "InvalidSpec" ||
    model.transitionStatus === "BlockedByFailedLoad" ||
    model.targetModelState === "FailedToLoad" ||
    model.activeModelState === "FailedToLoad"
  );
}

/** Knative is the only mode that scales to zero; the mode KServe recorded wins over the annotation. */
function isKnative(isvc: InferenceServiceObject): boolean {
  const mode = text(isvc.status?.deploymentMode) ?? isvc.metadata.annotations?.[DEPLOYMENT_MODE_ANNOTATION];
  return mode === "Knative" || mode === "Serverless";
}

// Warning reasons after which a predictor will not come up by itself.
const FAILURE_REASONS = new Set(["ModelLoadFailed", "Failed", "BackOff", "CrashLoopBackOff", "ErrImagePull", "ImagePullBackOff"]);

function newestWarning(events: DeploymentEvent[]): DeploymentEvent | undefined {
  const warnings = events.filter((e) => e.type === "Warning");
  return warnings.sort((a, b) => (b.lastTimestamp ?? "").localeCompare(a.lastTimestamp ?? ""))[0];
}

const loading = (model: ModelStatusView) => model.targetModelState === "Loading" || model.targetModelState === "Pending";

/** Ready, or scaled to zero: Knative with minReplicas 0, Ready, and no copies loaded (waking up while a request waits). */
function servingStatus(isvc: InferenceServiceObject, model: ModelStatusView): { status: KServeStatus; message: string | null } {
  if (isKnative(isvc) && isvc.spec?.predictor?.minReplicas === 0 && !model.totalCopies) {
    return { status: "ScaledToZero", message: model.targetModelState === "Loading" ? "Scaling up from zero" : null };
  }
  if (hasFailedLoad(model)) {
    const why = model.failure ? ` ${model.failure}` : "";
    return { status: "Ready", message: `The latest change failed to load; the previous one still serves.${why}` };
  }
  if (model.transitionStatus === "InProgress" && model.activeModelState === "Loaded" && loading(model)) {
    return { status: "Ready", message: "Rolling out the latest change" };
  }
  return { status: "Ready", message: null };
}

/**
 * The status a person sees, with the reason they can act on: the failure KServe recorded (lastFailureInfo, only while
 * the load has failed), the scheduler's message for a predictor that does not fit, or a failed revision's message.
 */
export function deriveInferenceServiceStatus(
  isvc: InferenceServiceObject,
  events: DeploymentEvent[],
): { status: KServeStatus; message: string | null } {
  const conditions = conditionsOf(isvc);
  const condition = (type: string) => conditions.find((c) => c.type === type);
  if (isStopped(isvc) || condition("Stopped")?.status === "True") return { status: "Stopped", message: null };
  const model = modelStatusOf(isvc);
  if (condition("Ready")?.status === "True") return servingStatus(isvc, model);
  const predictor = condition("PredictorReady");
  if (hasFailedLoad(model)) return { status: "Failed", message: model.failure ?? predictor?.message ?? null };
  const warning = newestWarning(events);
  if (predictor?.status === "False" && predictor.reason === "Unschedulable") {
    return { status: "Pending", message: warning?.reason === "FailedScheduling" ? warning.message : predictor.message };
  }
  if (predictor?.status === "False" && predictor.reason === "RevisionFailed") return { status: "Failed", message: predictor.message };
  if (warning && FAILURE_REASONS.has(warning.reason)) return { status: "Failed", message: warning.message };
  if (model.targetModelState === "Loading") return { status: "Loading", message: "Loading the model from storage" };
  if (warning?.reason === "FailedScheduling") return { status: "Pending", message: warning.message };
  return { status: "Pending", message: predictor?.status === "True" ? null : (predictor?.message ?? null) };
}
