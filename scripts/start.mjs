// `npm start`: builds what is missing or stale (Next's production build, the custom server), then runs the server.
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const dev = process.argv.includes("--dev");
const SOURCES = ["app", "components", "lib", "db", "next.config.ts", "package-lock.json", "postcss.config.mjs"];

function newestMtime(entry) {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of fs.readdirSync(entry)) {
    if (child === "node_modules" || child.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

function builtAt(file) {
  return fs.existsSync(file) ? fs.statSync(file).mtimeMs : -1;
}

/** Runs a build step quietly; its output is shown only when it fails, so the start banner stays readable. */
function run(title, command, args) {
  const started = Date.now();
  process.stdout.write(`${title}… `);
  // No telemetry: Modelport must start on machines without internet.
  const result = spawnSync(command, args, { encoding: "utf8", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) {
    console.log("failed:");
    process.stdout.write(result.stdout ?? "");
    process.stderr.write(result.stderr ?? "");
    process.exit(result.status ?? 1);
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)}s`);
}

const sourcesChanged = Math.max(...SOURCES.map(newestMtime));
if (!dev && builtAt(".next/BUILD_ID") < sourcesChanged) run("Building Modelport (next build, about a minute on first start)", "npx", ["next", "build"]);
if (builtAt("dist/server.mjs") < sourcesChanged) run("Building the server", "node", ["scripts/build-server.mjs"]);

const child = spawn(process.execPath, ["dist/server.mjs", ...(dev ? ["--dev"] : [])], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: dev ? "development" : "production", NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
