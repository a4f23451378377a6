// What the benchmarks share: a child process's entry compiled as the server is (esbuild, packages external), so what
// it measures is a deployed process's, and a scratch PostgreSQL database when DATABASE_URL is set.
import { build } from "esbuild";
import postgres from "postgres";

/** Compiles `bench/<name>.ts` to `dist/bench/<name>.mjs` and returns that path. */
export async function buildChild(name: string): Promise<string> {
  const outfile = `dist/bench/${name}.mjs`;
  await build({
    entryPoints: [`bench/${name}.ts`],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    packages: "external",
    logLevel: "warning",
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  return outfile;
}

/** With DATABASE_URL, a scratch database the child migrates and the bench drops. */
export async function scratchDatabase(prefix: string): Promise<{ url?: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) return { drop: async () => undefined };
  const name = `${prefix}_${process.pid}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
