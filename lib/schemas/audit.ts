// The audit log: query and event shapes.
import { z } from "zod";

export const auditQuerySchema = z.object({
  tenant: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional().describe("Return events with an id below this (paging)"),
});

export const AUDIT_OUTCOMES = ["pending", "succeeded", "failed"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const auditEventSchema = z.object({
  id: z.number(),
  at: z.string().describe("When the change was asked for (the intent is recorded before the change is made)"),
  actor: z.string(),
  actorKind: z.string(),
  action: z.string(),
  tenant: z.string().nullable(),
  resourceKind: z.string(),
  resourceName: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  outcome: z
    .enum(AUDIT_OUTCOMES)
    .describe("pending: recorded, the change not yet settled (or its outcome could not be written); failed: see error"),
  error: z.string().nullable().describe("Why the change failed, when outcome is failed"),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditEventListSchema = z.object({ items: z.array(auditEventSchema) });
