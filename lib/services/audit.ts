// The append-only audit log: every create, change and delete, with who, what, tenant, when, before and after.
//
// A change that cannot be audited is not made. Services wrap each change in `audited`:
//
//   export async function audited<T>(
//     caller: Caller,
//     entry: { action: string; tenant: string | null; resourceKind: string; resourceName: string; before?: unknown },
//     perform: () => Promise<T>,
//     after?: (result: T) => unknown,
//   ): Promise<T>
//
// 1. The intent is inserted with outcome "pending" before anything is changed. A record the store cannot keep (a NUL
//    character or a lone UTF-16 surrogate, which PostgreSQL and PGlite refuse or silently alter) is refused with a
//    422 naming the field (e.g. `before.spec.args.0`); a database that cannot be written is a 503. Either way
//    `perform` is never called.
// 2. `perform()` makes the change. No database transaction is held around it: it usually calls Kubernetes, and
//    PGlite is a single connection, so an open transaction would stall every other request's queries.
// 3. The row is settled: "succeeded" with `after(result)` (mask secrets there, e.g. with modelForAudit), or
//    "failed" with the error's message, and the error is rethrown unchanged.
// Pass `before` already masked too: the log keeps what it is given.
import { and, desc, eq, lt } from "drizzle-orm";
import { getDatabase } from "@/db";
import { auditEvents } from "@/db/schema";
import { callerLabel, requireAdmin, type Caller } from "@/lib/auth/caller";
import { AppError, invalid } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { auditQuerySchema, type AuditEvent } from "@/lib/schemas/audit";
import { parseInput } from "./parse-input";

export interface AuditIntent {
  action: string;
  tenant: string | null;
  resourceKind: string;
  resourceName: string;
  /** The state before the change, secrets already masked; omit for a create. */
  before?: unknown;
}

const MAX_ERROR_LENGTH = 2000;

export async function audited<T>(
  caller: Caller,
  entry: AuditIntent,
  perform: () => Promise<T>,
  after?: (result: T) => unknown,
): Promise<T> {
  const id = await recordIntent(caller, entry);
  let result: T;
  try {
    result = await perform();
  } catch (error) {
    await settle(id, entry, { outcome: "failed", after: () => null, error: errorMessage(error) });
    throw error;
  }
  await settle(id, entry, { outcome: "succeeded", after: () => (after ? after(result) : null), error: null });
  return result;
}

async function recordIntent(caller: Caller, entry: AuditIntent): Promise<number> {
  const values = {
    actor: callerLabel(caller),
    actorKind: caller.kind,
    action: entry.action,
    tenant: entry.tenant,
    resourceKind: entry.resourceKind,
    resourceName: entry.resourceName,
    // `before` is what the cluster holds, not what this caller sent: kept (made storable), never a reason to refuse.
    before: storableBefore(entry),
    outcome: "pending" as const,
  };
  requireStorable(values);
  try {
    const [row] = await getDatabase().insert(auditEvents).values(values).returning({ id: auditEvents.id });
    return row.id;
  } catch (error) {
    logger.error("audit intent not recorded; change refused", { ...describeEntry(entry), error: databaseErrorMessage(error) });
    throw new AppError("unavailable", "The audit log cannot be written right now, so nothing was changed; try again later");
  }
}

type Settlement = { outcome: "succeeded" | "failed"; after: () => unknown; error: string | null };

/** Never throws: the change is already made (or already failed), and its pending intent row stays as the record. */
async function settle(id: number, entry: AuditIntent, settlement: Settlement): Promise<void> {
  try {
    const { value: after, altered } = makeStorable(settlement.after() ?? null);
    if (altered) logger.warn("audit after-state held characters the store cannot keep; recorded with them replaced", describeEntry(entry));
    const error = settlement.error === null ? null : (makeStorable(settlement.error).value as string);
    await getDatabase().update(auditEvents).set({ outcome: settlement.outcome, after, error }).where(eq(auditEvents.id, id));
  } catch (error) {
    // The intent row (outcome "pending") still names who asked for what; only the outcome is missing from it.
    logger.error("audit outcome lost; the event stays pending", {
      auditId: id,
      ...describeEntry(entry),
      outcome: settlement.outcome,
      error: databaseErrorMessage(error),
    });
  }
}

function describeEntry(entry: AuditIntent): Record<string, unknown> {
  return { action: entry.action, tenant: entry.tenant, name: entry.resourceName };
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH)}…` : message;
}

/** Drizzle's own message repeats the query's parameters, secrets included: log the driver's cause instead. */
function databaseErrorMessage(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

// NUL: text and jsonb refuse it. A lone surrogate: jsonb refuses it, text silently turns it into U+FFFD.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, "g");

/** The path of the first string (or object key) PostgreSQL cannot store unchanged, or null. */
function findUnstorable(value: unknown, path = ""): string | null {
  if (typeof value === "string") return UNSTORABLE.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorable(item, joinPath(path, String(index)));
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (UNSTORABLE.test(key)) return joinPath(path, key.replace(UNSTORABLE_ALL, "\\u0000"));
      const found = findUnstorable(item, joinPath(path, key));
      if (found !== null) return found;
    }
  }
  return null;
}

function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function requireStorable(values: Record<string, unknown>): void {
  const field = findUnstorable(values);
  if (field === null) return;
  throw invalid(
    [{ field, message: "Holds a NUL character or an unpaired surrogate, which the audit log cannot store" }],
    `The audit record cannot be stored (${field} holds a NUL character or an unpaired surrogate), so nothing was changed`,
  );
}

function storableBefore(entry: AuditIntent): unknown {
  const { value, altered } = makeStorable(entry.before ?? null);
  if (altered) logger.warn("audit: unstorable characters in the state before the change were replaced", describeEntry(entry));
  return value;
}

/** After the change, recording beats refusing: NUL becomes "␀" and a lone surrogate U+FFFD, keys included. */
function makeStorable(value: unknown): { value: unknown; altered: boolean } {
  if (findUnstorable(value) === null) return { value, altered: false };
  const replace = (text: string) => text.replace(UNSTORABLE_ALL, (match) => (match === "\u0000" ? "\u2400" : "\uFFFD"));
  const walk = (item: unknown): unknown => {
    if (typeof item === "string") return replace(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === "object") {
      return Object.fromEntries(Object.entries(item).map(([key, entry]) => [replace(key), walk(entry)]));
    }
    return item;
  };
  return { value: walk(value), altered: true };
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
