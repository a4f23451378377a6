// What the benchmarks share: a child process's entry compiled as the server is (esbuild, packages external), so what
// it measures is a deployed process's, and (from the test suites) a scratch PostgreSQL database when DATABASE_URL is set.
import { build } from "esbuild";

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

/** With DATABASE_URL, a scratch database the children migrate and the bench drops. */
export { createScratchDatabase as scratchDatabase } from "@/tests/scratch-database";
