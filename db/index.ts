// The Drizzle handle for this bundle, wrapped around the connection the runtime opened.
import { getRuntime } from "@/lib/runtime";
import { wrapDatabase, type Database, type DatabaseConnection } from "./client";

let wrapped: { connection: DatabaseConnection; db: Database } | undefined;

export function getDatabase(): Database {
  const { database } = getRuntime();
  if (wrapped?.connection !== database) wrapped = { connection: database, db: wrapDatabase(database) };
  return wrapped.db;
}

export type { Database };
