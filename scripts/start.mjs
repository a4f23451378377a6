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

function run(command, args) {
  // No telemetry: Modelport must start on machines without internet.
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const sourcesChanged = Math.max(...SOURCES.map(newestMtime));
if (!dev && builtAt(".next/BUILD_ID") < sourcesChanged) {
  console.log("Building Modelport (next build); this takes a minute on first start…");
  run("npx", ["next", "build"]);
}
if (builtAt("dist/server.mjs") < sourcesChanged) run("node", ["scripts/build-server.mjs"]);

const child = spawn(process.execPath, ["dist/server.mjs", ...(dev ? ["--dev"] : [])], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: dev ? "development" : "production", NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
