// Browser sessions ended by signing out: kept in the database, so a copied cookie is refused on every replica.
import { eq, lt } from "drizzle-orm";
import { getDatabase } from "@/db";
import { revokedSessions } from "@/db/schema";
import { logger } from "@/lib/observability/logger";
import { processSingleton } from "@/lib/runtime";

/** How long another replica may take to notice a sign-out: "not revoked" answers are reused this long. */
export const REVOCATION_CACHE_SECONDS = 5;
const CACHE_MAX_ENTRIES = 10_000;
const PRUNE_INTERVAL_MS = 10 * 60 * 1000;

interface CacheEntry {
  revoked: boolean;
  until: number;
}

const state = () => processSingleton("revoked-sessions", () => ({ cache: new Map<string, CacheEntry>(), prunedAt: 0 }));

/** Records the session as ended until its token would have expired anyway; signing out twice is harmless. */
export async function revokeSession(id: string, expiresAt: Date): Promise<void> {
  await getDatabase().insert(revokedSessions).values({ id, expiresAt }).onConflictDoNothing();
  remember(id, { revoked: true, until: expiresAt.getTime() });
  await pruneOccasionally();
}

export async function isSessionRevoked(id: string): Promise<boolean> {
  const cached = state().cache.get(id);
  if (cached && cached.until > Date.now()) return cached.revoked;
  const [row] = await getDatabase()
    .select({ expiresAt: revokedSessions.expiresAt })
    .from(revokedSessions)
    .where(eq(revokedSessions.id, id))
    .limit(1);
  // A revocation is final, so it is remembered until the token expires; "not revoked" only briefly.
  remember(
    id,
    row ? { revoked: true, until: row.expiresAt.getTime() } : { revoked: false, until: Date.now() + REVOCATION_CACHE_SECONDS * 1000 },
  );
  return row !== undefined;
}

function remember(id: string, entry: CacheEntry): void {
  const { cache } = state();
  cache.delete(id);
  cache.set(id, entry);
  // A Map iterates in insertion order: the first keys are the least recently written.
  for (const key of cache.keys()) {
    if (cache.size <= CACHE_MAX_ENTRIES) break;
    cache.delete(key);
  }
}

// Rows only matter until the token they name expires; deleting them on the (rare) sign-out path keeps the table small.
async function pruneOccasionally(): Promise<void> {
  const current = state();
  if (Date.now() - current.prunedAt < PRUNE_INTERVAL_MS) return;
  current.prunedAt = Date.now();
  try {
    await getDatabase().delete(revokedSessions).where(lt(revokedSessions.expiresAt, new Date()));
  } catch (error) {
    logger.warn("could not prune revoked sessions", { error: error instanceof Error ? error.message : String(error) });
  }
}
