// A deployment's timeline: created, changed, scaled, stopped, started, failed, published, deleted — from the audit
// log (what people did, kept after the deployment is gone) and the cluster's events (what Kubernetes said of it).
import { and, desc, eq, inArray, like, or } from "drizzle-orm";
import { getDatabase } from "@/db";
import { auditEvents } from "@/db/schema";
import { canReadTenant, type Caller } from "@/lib/auth/caller";
import { AppError, notFound } from "@/lib/errors";
import { findDeploymentObject } from "@/lib/k8s/backends";
import { getCluster } from "@/lib/k8s/cluster";
import type { DeploymentEvent } from "@/lib/schemas/deployment";
import type { DeploymentHistory, HistoryEntry } from "@/lib/schemas/history";
import { objectChanges } from "@/lib/schemas/object-diff";

/** The audit log's kinds for a deployment itself, its publication and its LiteLLM entry. */
const DEPLOYMENT_KINDS = ["Model", "InferenceService", "PublishedModel", "LiteLLMModel"];
/** Fields whose change alone is scaling, not an edit. */
const SCALING = /^spec\.(replicas|minReplicas|maxReplicas|predictor\.(minReplicas|maxReplicas))$/;
/** Warning reasons after which a deployment does not come up by itself (FailedScheduling only waits). */
const FAILURES = new Set([
  "Failed",
  "BackOff",
  "CrashLoopBackOff",
  "ErrImagePull",
  "ImagePullBackOff",
  "ModelLoadFailed",
  "InvalidResourceProfile",
]);

type AuditRow = typeof auditEvents.$inferSelect;

const KINDS: Record<string, { kind: HistoryEntry["kind"]; done: string }> = {
  "deployment.create": { kind: "created", done: "Created" },
  "deployment.update": { kind: "changed", done: "Changed" },
  "deployment.stop": { kind: "stopped", done: "Stopped" },
  "deployment.start": { kind: "started", done: "Started" },
  "deployment.delete": { kind: "deleted", done: "Deleted" },
  "deployment.publish": { kind: "published", done: "Published" },
  "deployment.publish.update": { kind: "changed", done: "Publication changed" },
  "deployment.unpublish": { kind: "unpublished", done: "Unpublished" },
  "deployment.litellm.register": { kind: "synced", done: "Registered in LiteLLM" },
  "deployment.litellm.update": { kind: "synced", done: "Updated in LiteLLM" },
  "deployment.litellm.remove": { kind: "synced", done: "Removed from LiteLLM" },
  "api-key.create": { kind: "changed", done: "API key created" },
  "api-key.rotate": { kind: "changed", done: "API key rotated" },
  "api-key.revoke": { kind: "changed", done: "API key revoked" },
};

/** What an edit changed: the scaling fields alone make it "scaled"; the summary names up to three fields. */
function describeUpdate(row: AuditRow): { kind: HistoryEntry["kind"]; detail: string } {
  const content = (object: unknown) => {
    const value = (object ?? {}) as { spec?: unknown; metadata?: { labels?: unknown; annotations?: unknown } };
    return { spec: value.spec, metadata: { labels: value.metadata?.labels, annotations: value.metadata?.annotations } };
  };
  const paths = row.after ? objectChanges(content(row.before), content(row.after)).map((change) => change.path) : [];
  if (paths.length > 0 && paths.every((path) => SCALING.test(path))) {
    const replicas = objectChanges(content(row.before), content(row.after))
      .map((change) => `${change.path.split(".").pop()} ${String(change.before ?? "unset")} → ${String(change.after ?? "unset")}`)
      .join(", ");
    return { kind: "scaled", detail: `Scaled: ${replicas}` };
  }
  const named = paths.slice(0, 3).join(", ") + (paths.length > 3 ? ` and ${paths.length - 3} more` : "");
  return { kind: "changed", detail: named ? `Changed ${named}` : "Changed" };
}

export function auditEntry(row: AuditRow): HistoryEntry {
  const known = KINDS[row.action] ?? { kind: "changed" as const, done: row.action };
  let { kind } = known;
  let summary: string = known.done;
  if (row.action === "deployment.update") ({ kind, detail: summary } = describeUpdate(row));
  if (row.resourceKind === "ApiKey") summary = `${summary}: ${row.resourceName.split("/").slice(1).join("/")}`;
  const ending =
    row.outcome === "failed" ? ` — failed: ${row.error ?? "unknown error"}` : row.outcome === "pending" ? " (outcome not recorded)" : "";
  return {
    at: row.at.toISOString(),
    kind,
    source: "audit",
    summary: `${summary} by ${row.actor}${ending}`,
    actor: row.actor,
    outcome: row.outcome,
    reason: null,
    type: null,
  };
}

export function clusterEntry(event: DeploymentEvent): HistoryEntry | null {
  if (!event.lastTimestamp) return null;
  const failed = event.type === "Warning" && FAILURES.has(event.reason);
  const kind: HistoryEntry["kind"] = failed ? "failed" : /^Scal/.test(event.reason) ? "scaled" : "event";
  const count = event.count && event.count > 1 ? ` (×${event.count})` : "";
  return {
    at: new Date(event.lastTimestamp).toISOString(),
    kind,
    source: "cluster",
    summary: `${event.reason}: ${event.message}${count}`,
    actor: null,
    outcome: null,
    reason: event.reason,
    type: event.type,
  };
}

/**
 * Sorting key: the cluster stamps events to the second, the audit log to the millisecond; within one second the
 * cluster's word comes after what people did (an event can only follow the change that caused it).
 */
function order(entry: HistoryEntry): number {
  const ms = Date.parse(entry.at);
  return Math.floor(ms / 1000) * 10_000 + (entry.source === "cluster" ? 5_000 : 0) + (ms % 1000) * 4;
}

/** Newest first. A deployment deleted since keeps the history its audit entries hold; one never seen is a 404. */
export async function getDeploymentHistory(caller: Caller, namespace: string, name: string, limit = 100): Promise<DeploymentHistory> {
  if (!canReadTenant(caller, namespace)) throw notFound(`Deployment ${namespace}/${name}`);
  const rows = await getDatabase()
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.tenant, namespace),
        or(
          and(eq(auditEvents.resourceName, name), inArray(auditEvents.resourceKind, DEPLOYMENT_KINDS)),
          and(eq(auditEvents.resourceKind, "ApiKey"), like(auditEvents.resourceName, `${name.replace(/[\\%_]/g, "\\$&")}/%`)),
        ),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(limit);
  const cluster = getCluster();
  let events: DeploymentEvent[] = [];
  try {
    const { backend, object } = await findDeploymentObject(cluster, namespace, name);
    events = backend.eventsOf(await backend.events(cluster, namespace, name), object);
  } catch (error) {
    if (!(error instanceof AppError && error.code === "not_found")) throw error;
    if (rows.length === 0) throw notFound(`Deployment ${namespace}/${name}`);
  }
  const items = [...rows.map(auditEntry), ...events.map(clusterEntry).filter((entry) => entry !== null)]
    .sort((a, b) => order(b) - order(a))
    .slice(0, limit);
  return { namespace, name, items };
}
