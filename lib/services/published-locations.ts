// Where published models answer on their own hostnames: `https://<publicHostname><externalPath>…`, matched on the
// Host header and the path. The table is read from the database in the background every few seconds (and at once
// after a local change), so matching a request is a lookup in memory on the fast path.
import { getDatabase } from "@/db";
import { publishedModels } from "@/db/schema";
import { logger } from "@/lib/observability/logger";
import { runtimeSingleton } from "@/lib/runtime";
import type { ModelType, PublishAuthentication, RateLimiting } from "@/lib/schemas/publishing";

const REFRESH_MS = 5000;

export interface PublishedLocation {
  publishedModelId: string;
  tenant: string;
  name: string;
  modelType: ModelType;
  externalPath: string;
  requireApiKey: boolean;
  rateLimiting: RateLimiting;
}

interface Table {
  byHost: Map<string, PublishedLocation[]>;
  loadedAt: number;
  loading?: Promise<void>;
  timer?: NodeJS.Timeout;
  /** The runtime is stopping: nothing is read or scheduled again. */
  stopped?: boolean;
}

function table(): Table {
  return runtimeSingleton("published-locations", () => ({ byHost: new Map(), loadedAt: 0 }));
}

async function load(state: Table): Promise<void> {
  const rows = await getDatabase().select().from(publishedModels);
  const byHost = new Map<string, PublishedLocation[]>();
  for (const row of rows) {
    const entry: PublishedLocation = {
      publishedModelId: row.id,
      tenant: row.tenant,
      name: row.name,
      modelType: row.modelType,
      externalPath: row.externalPath,
      requireApiKey: (row.authentication as PublishAuthentication).requireApiKey,
      rateLimiting: row.rateLimiting as RateLimiting,
    };
    const host = row.publicHostname.toLowerCase();
    byHost.set(host, [...(byHost.get(host) ?? []), entry]);
  }
  // Longest path first, so /models/a/b wins over /models/a.
  for (const entries of byHost.values()) entries.sort((a, b) => b.externalPath.length - a.externalPath.length);
  state.byHost = byHost;
  state.loadedAt = Date.now();
}

/** Reads the table again now (after a publish, change or unpublish here) and keeps it fresh from then on. */
export function refreshPublishedLocations(): Promise<void> {
  const state = table();
  if (state.stopped) return Promise.resolve();
  state.loading = load(state)
    .catch((error: unknown) => logger.warn("published locations not read", { error: String(error) }))
    .finally(() => (state.loading = undefined));
  if (!state.timer) {
    state.timer = setInterval(() => {
      if (!state.loading && !state.stopped) void refreshPublishedLocations();
    }, REFRESH_MS);
    state.timer.unref();
  }
  return state.loading;
}

/** Stops the background refresh (the runtime is stopping). */
export function stopPublishedLocations(): void {
  const state = table();
  state.stopped = true;
  if (state.timer) clearInterval(state.timer);
  state.timer = undefined;
}

/** The published model answering at this host and path, and what follows its externalPath. */
export function matchPublishedLocation(host: string | undefined, path: string): { location: PublishedLocation; rest: string } | undefined {
  if (!host) return undefined;
  const state = table();
  const name = host.toLowerCase();
  const entries = state.byHost.get(name) ?? state.byHost.get(name.replace(/:\d+$/, ""));
  for (const location of entries ?? []) {
    if (path === location.externalPath || path.startsWith(`${location.externalPath}/`)) {
      return { location, rest: path.slice(location.externalPath.length) };
    }
  }
  return undefined;
}
