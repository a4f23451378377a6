// A deployment's timeline: what people did to it (the audit log) and what the cluster said of it (its events).
import { z } from "zod";

export const HISTORY_KINDS = [
  "created",
  "changed",
  "scaled",
  "stopped",
  "started",
  "failed",
  "published",
  "unpublished",
  "deleted",
  "synced",
  "event",
] as const;

export const historyEntrySchema = z.object({
  at: z.string().describe("ISO 8601"),
  kind: z.enum(HISTORY_KINDS),
  source: z.enum(["audit", "cluster"]),
  summary: z.string().describe("One line a person reads"),
  actor: z.string().nullable().describe("Who did it (audit entries); null for the cluster's events"),
  outcome: z.enum(["pending", "succeeded", "failed"]).nullable().describe("An audited change's outcome"),
  reason: z.string().nullable().describe("The cluster event's reason, e.g. FailedScheduling"),
  type: z.string().nullable().describe("The cluster event's type: Normal or Warning"),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const deploymentHistorySchema = z
  .object({
    namespace: z.string(),
    name: z.string(),
    items: z.array(historyEntrySchema).describe("Newest first"),
  })
  .meta({ id: "DeploymentHistory" });
export type DeploymentHistory = z.infer<typeof deploymentHistorySchema>;
