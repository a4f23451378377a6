// A PostgreSQL database of one's own, made on the server DATABASE_URL names and dropped afterwards: for test suites
// and benchmarks that need a real PostgreSQL without touching anyone else's data. Without DATABASE_URL, none.
import postgres from "postgres";

export async function createScratchDatabase(prefix: string): Promise<{ url?: string; drop(): Promise<void> }> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) return { drop: async () => undefined };
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
