// The audit log: query and event shapes.
import { z } from "zod";

export const auditQuerySchema = z.object({
  tenant: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional().describe("Return events with an id below this (paging)"),
});

export const auditEventSchema = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  actorKind: z.string(),
  action: z.string(),
  tenant: z.string().nullable(),
  resourceKind: z.string(),
  resourceName: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;
