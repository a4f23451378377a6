// Builds the custom server (lib/server/main.ts) to JavaScript that Node 20 runs; Next does not compile it.
import { build } from "esbuild";

await build({
  entryPoints: ["lib/server/main.ts"],
  outfile: "dist/server.mjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
  // Bundled CommonJS helpers in an ES module need require().
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
console.log("built dist/server.mjs");
