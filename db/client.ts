// Opens the database (PGlite on disk or in memory, or PostgreSQL through postgres-js), migrates it, wraps it in Drizzle.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

/** The raw connection; shared across bundles through the runtime, wrapped by Drizzle in each. */
export type DatabaseConnection =
  { kind: "pglite"; client: PGlite; location: string } | { kind: "postgres"; client: postgres.Sql; location: string };

const migrationsFolder = path.join(process.cwd(), "db/migrations");
// Any constant works; it only has to be the same for every replica running migrations.
const MIGRATION_LOCK_KEY = 7_242_001;

/** Opens PostgreSQL when a URL is given, otherwise PGlite in `pgliteDir` (or in memory when it is null). */
export async function openDatabase(databaseUrl: string | undefined, pgliteDir: string | null): Promise<DatabaseConnection> {
  if (databaseUrl) {
    const client = postgres(databaseUrl, { max: 10, onnotice: () => {} });
    return { kind: "postgres", client, location: redactUrl(databaseUrl) };
  }
  if (pgliteDir) fs.mkdirSync(path.dirname(pgliteDir), { recursive: true });
  const client = pgliteDir ? new PGlite(pgliteDir) : new PGlite();
  await client.waitReady;
  return { kind: "pglite", client, location: pgliteDir ?? "memory" };
}

/** Applies committed migrations; with PostgreSQL, under an advisory lock so concurrent replicas migrate once. */
export async function migrateDatabase(connection: DatabaseConnection, databaseUrl?: string): Promise<void> {
  if (connection.kind === "pglite") {
    await migratePglite(drizzlePglite(connection.client), { migrationsFolder });
    return;
  }
  if (!databaseUrl) throw new Error("migrateDatabase needs the PostgreSQL URL");
  const single = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await single`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres(single), { migrationsFolder });
    await single`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await single.end();
  }
}

export function wrapDatabase(connection: DatabaseConnection): Database {
  return connection.kind === "pglite" ? drizzlePglite(connection.client, { schema }) : drizzlePostgres(connection.client, { schema });
}

/** Calls `onMessage` with the payload of every NOTIFY on `channel`; returns how to stop listening. */
export async function listenDatabase(
  connection: DatabaseConnection,
  channel: string,
  onMessage: (payload: string) => void,
): Promise<() => Promise<void>> {
  if (connection.kind === "pglite") return connection.client.listen(channel, onMessage);
  const request = await connection.client.listen(channel, onMessage);
  return () => request.unlisten();
}

export async function closeDatabase(connection: DatabaseConnection): Promise<void> {
  if (connection.kind === "pglite") await connection.client.close();
  else await connection.client.end();
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres";
  }
}
