// Usage of published models per API key per day: every admitted request (failed upstream and abandoned ones too),
// prompt and completion tokens (estimated ones also counted apart), refusals by limits, errors, answers by status
// class and the last access. Counted in memory on the request's path and written in batches every second, so what a
// key did shows within a few seconds and no request waits for the database.
import { and, eq, sql } from "drizzle-orm";
import { getDatabase } from "@/db";
import { usageDaily } from "@/db/schema";
import type { Usage } from "@/lib/gateway/usage";
import { logger } from "@/lib/observability/logger";
import { runtimeSingleton } from "@/lib/runtime";

const FLUSH_MS = 1000;

interface Counts {
  apiKeyId: string;
  publishedModelId: string;
  day: string;
  requests: number;
  refused: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  estimatedTokens: number;
  statuses: Record<string, number>;
  /** Epoch milliseconds of the last request counted. */
  lastAccessMs: number;
}

interface Meter {
  pending: Map<string, Counts>;
  timer?: NodeJS.Timeout;
  flushing?: Promise<void>;
  /** The runtime is stopping: counts are written once more and no timer is set again. */
  stopped?: boolean;
}

/** A write from a timer: the runtime may be gone by then, which ends it quietly. */
function scheduleFlush(state: Meter, ms: number): void {
  if (state.stopped) return;
  state.timer ??= setTimeout(() => void flushUsage().catch(() => undefined), ms);
  state.timer.unref?.();
}

function meter(): Meter {
  return runtimeSingleton("usage-meter", () => ({ pending: new Map<string, Counts>() }));
}

export interface MeteredRequest {
  apiKeyId: string;
  publishedModelId: string;
  /** false: refused by a limit (counted apart, not as a request). */
  admitted: boolean;
  status: number;
  usage?: Usage | null;
  /** Tokens counted from what was sent when no usage arrived (an abandoned stream). */
  estimatedTokens?: number;
}

/** Today's date (UTC, YYYY-MM-DD), worked out once a day rather than on every request. */
let today = { day: "", until: 0 };

function dayOf(now: number): string {
  if (now >= today.until) {
    const date = new Date(now);
    today = {
      day: date.toISOString().slice(0, 10),
      until: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1),
    };
  }
  return today.day;
}

const STATUS_CLASSES = ["0xx", "1xx", "2xx", "3xx", "4xx", "5xx"];

export function recordUsage(request: MeteredRequest): void {
  const now = Date.now();
  const day = dayOf(now);
  const state = meter();
  if (state.stopped) return;
  const key = `${request.apiKeyId}|${day}`;
  let counts = state.pending.get(key);
  if (!counts) {
    counts = { apiKeyId: request.apiKeyId, publishedModelId: request.publishedModelId, lastAccessMs: now, ...emptyDay(day) };
    state.pending.set(key, counts);
  }
  const statusClass = STATUS_CLASSES[Math.floor(request.status / 100)] ?? `${Math.floor(request.status / 100)}xx`;
  counts.statuses[statusClass] = (counts.statuses[statusClass] ?? 0) + 1;
  counts.lastAccessMs = now;
  if (!request.admitted) counts.refused += 1;
  else {
    counts.requests += 1;
    if (request.status >= 500) counts.errors += 1;
    if (request.usage) {
      counts.promptTokens += request.usage.promptTokens;
      counts.completionTokens += request.usage.completionTokens;
    } else if (request.estimatedTokens) {
      counts.completionTokens += request.estimatedTokens;
      counts.estimatedTokens += request.estimatedTokens;
    }
  }
  scheduleFlush(state, FLUSH_MS);
}

/** Writes what was counted since the last write, adding to each key's day. */
export async function flushUsage(): Promise<void> {
  const state = meter();
  if (state.timer) clearTimeout(state.timer);
  state.timer = undefined;
  await state.flushing;
  if (state.pending.size === 0) return;
  const rows = [...state.pending.values()];
  state.pending.clear();
  const write = (async () => {
    try {
      await getDatabase()
        .insert(usageDaily)
        .values(rows.map(({ lastAccessMs, ...row }) => ({ ...row, lastAccessAt: new Date(lastAccessMs) })))
        .onConflictDoUpdate({
          target: [usageDaily.apiKeyId, usageDaily.day],
          set: {
            requests: sql`${usageDaily.requests} + excluded.requests`,
            refused: sql`${usageDaily.refused} + excluded.refused`,
            errors: sql`${usageDaily.errors} + excluded.errors`,
            promptTokens: sql`${usageDaily.promptTokens} + excluded.prompt_tokens`,
            completionTokens: sql`${usageDaily.completionTokens} + excluded.completion_tokens`,
            estimatedTokens: sql`${usageDaily.estimatedTokens} + excluded.estimated_tokens`,
            statuses: sql`(select coalesce(jsonb_object_agg(k, coalesce((${usageDaily.statuses} ->> k)::int, 0) + coalesce((excluded.statuses ->> k)::int, 0)), '{}'::jsonb) from jsonb_object_keys(${usageDaily.statuses} || excluded.statuses) as k)`,
            lastAccessAt: sql`greatest(${usageDaily.lastAccessAt}, excluded.last_access_at)`,
          },
        });
    } catch (error) {
      // Counted again next time rather than lost: the rows go back into the pending counts.
      logger.warn("usage not written; keeping it for the next batch", { rows: rows.length, error: String(error) });
      for (const row of rows) mergeBack(state, row);
      scheduleFlush(state, FLUSH_MS * 5);
    }
  })();
  state.flushing = write;
  await write;
}

/** The runtime is stopping: writes what is counted, and counts nothing more. */
export async function stopUsage(): Promise<void> {
  const state = meter();
  state.stopped = true;
  await flushUsage();
  if (state.timer) clearTimeout(state.timer);
  state.timer = undefined;
}

function mergeBack(state: Meter, row: Counts): void {
  const key = `${row.apiKeyId}|${row.day}`;
  const current = state.pending.get(key);
  if (!current) {
    state.pending.set(key, row);
    return;
  }
  for (const field of ["requests", "refused", "errors", "promptTokens", "completionTokens", "estimatedTokens"] as const)
    current[field] += row[field];
  for (const [status, count] of Object.entries(row.statuses)) current.statuses[status] = (current.statuses[status] ?? 0) + count;
}

export interface UsageTotals {
  totalRequests: number;
  requestsToday: number;
  /** Prompt and completion tokens, estimated ones included. */
  tokensUsed: number;
  promptTokens: number;
  completionTokens: number;
  estimatedTokens: number;
  refused: number;
  errors: number;
  lastAccessTime: string | null;
}

/** A published model's usage (or one key's), all days together and today. */
export async function usageTotals(filter: { publishedModelId: string; apiKeyId?: string }): Promise<UsageTotals> {
  const today = new Date().toISOString().slice(0, 10);
  const [row] = await getDatabase()
    .select({
      totalRequests: sql<number>`coalesce(sum(${usageDaily.requests}), 0)::int`,
      requestsToday: sql<number>`coalesce(sum(case when ${usageDaily.day} = ${today} then ${usageDaily.requests} else 0 end), 0)::int`,
      promptTokens: sql<number>`coalesce(sum(${usageDaily.promptTokens}), 0)::bigint`,
      completionTokens: sql<number>`coalesce(sum(${usageDaily.completionTokens}), 0)::bigint`,
      estimatedTokens: sql<number>`coalesce(sum(${usageDaily.estimatedTokens}), 0)::bigint`,
      refused: sql<number>`coalesce(sum(${usageDaily.refused}), 0)::int`,
      errors: sql<number>`coalesce(sum(${usageDaily.errors}), 0)::int`,
      lastAccessAt: sql<string | null>`max(${usageDaily.lastAccessAt})`,
    })
    .from(usageDaily)
    .where(
      filter.apiKeyId
        ? and(eq(usageDaily.publishedModelId, filter.publishedModelId), eq(usageDaily.apiKeyId, filter.apiKeyId))
        : eq(usageDaily.publishedModelId, filter.publishedModelId),
    );
  const prompt = Number(row?.promptTokens ?? 0);
  const completion = Number(row?.completionTokens ?? 0);
  return {
    totalRequests: Number(row?.totalRequests ?? 0),
    requestsToday: Number(row?.requestsToday ?? 0),
    tokensUsed: prompt + completion,
    promptTokens: prompt,
    completionTokens: completion,
    estimatedTokens: Number(row?.estimatedTokens ?? 0),
    refused: Number(row?.refused ?? 0),
    errors: Number(row?.errors ?? 0),
    lastAccessTime: row?.lastAccessAt ? new Date(row.lastAccessAt).toISOString() : null,
  };
}

/** A day with nothing counted yet. */
function emptyDay(day: string): UsageDay {
  return { day, requests: 0, refused: 0, errors: 0, promptTokens: 0, completionTokens: 0, estimatedTokens: 0, statuses: {} };
}

export interface UsageDay {
  day: string;
  requests: number;
  refused: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  estimatedTokens: number;
  statuses: Record<string, number>;
}

/** A published model's usage day by day (the last `days`, days without traffic included), and per key. */
export async function usageSeries(
  publishedModelId: string,
  days: number,
): Promise<{ days: UsageDay[]; byKey: Array<{ apiKeyId: string; requests: number; tokens: number }> }> {
  const since = new Date(Date.now() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  const rows = await getDatabase()
    .select()
    .from(usageDaily)
    .where(and(eq(usageDaily.publishedModelId, publishedModelId), sql`${usageDaily.day} >= ${since}`));
  const byDay = new Map<string, UsageDay>();
  for (let index = 0; index < days; index++) {
    const day = new Date(Date.now() - (days - 1 - index) * 86_400_000).toISOString().slice(0, 10);
    byDay.set(day, emptyDay(day));
  }
  const byKey = new Map<string, { apiKeyId: string; requests: number; tokens: number }>();
  for (const row of rows) {
    const entry = byDay.get(row.day);
    if (entry) {
      entry.requests += row.requests;
      entry.refused += row.refused;
      entry.errors += row.errors;
      entry.promptTokens += Number(row.promptTokens);
      entry.completionTokens += Number(row.completionTokens);
      entry.estimatedTokens += Number(row.estimatedTokens);
      for (const [status, count] of Object.entries(row.statuses as Record<string, number>))
        entry.statuses[status] = (entry.statuses[status] ?? 0) + count;
    }
    const key = byKey.get(row.apiKeyId) ?? { apiKeyId: row.apiKeyId, requests: 0, tokens: 0 };
    key.requests += row.requests;
    key.tokens += Number(row.promptTokens) + Number(row.completionTokens);
    byKey.set(row.apiKeyId, key);
  }
  return { days: [...byDay.values()], byKey: [...byKey.values()] };
}
