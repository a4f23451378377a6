// The append-only audit log: every create, change and delete, with who, what, tenant, when, before and after.
import { and, desc, eq, lt } from "drizzle-orm";
import { getDatabase } from "@/db";
import { auditEvents } from "@/db/schema";
import { callerLabel, requireAdmin, type Caller } from "@/lib/auth/caller";
import { auditQuerySchema, type AuditEvent } from "@/lib/schemas/audit";
import { parseInput } from "./parse-input";

export interface AuditEntry {
  action: string;
  tenant: string | null;
  resourceKind: string;
  resourceName: string;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(caller: Caller, entry: AuditEntry): Promise<void> {
  await getDatabase()
    .insert(auditEvents)
    .values({
      actor: callerLabel(caller),
      actorKind: caller.kind,
      action: entry.action,
      tenant: entry.tenant,
      resourceKind: entry.resourceKind,
      resourceName: entry.resourceName,
      before: entry.before ?? null,
      after: entry.after ?? null,
    });
}

/** Newest first; admins only. */
export async function listAuditEvents(caller: Caller, rawQuery: unknown): Promise<{ items: AuditEvent[] }> {
  requireAdmin(caller);
  const query = parseInput(auditQuerySchema, rawQuery);
  const conditions = [
    query.tenant ? eq(auditEvents.tenant, query.tenant) : undefined,
    query.before ? lt(auditEvents.id, query.before) : undefined,
  ].filter((condition) => condition !== undefined);
  const rows = await getDatabase()
    .select()
    .from(auditEvents)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(query.limit);
  return { items: rows.map((row) => ({ ...row, at: row.at.toISOString() })) };
}
