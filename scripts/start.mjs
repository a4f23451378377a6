// `npm start`: builds what is missing or stale (Next's production build, the custom server), then runs the server.
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const dev = process.argv.includes("--dev");
const SOURCES = ["app", "components", "lib", "db", "next.config.ts", "package-lock.json", "postcss.config.mjs"];
// Next's own entry point, run with node: going through npx would put another npm and `sh -c` in between.
const NEXT_BIN = createRequire(import.meta.url).resolve("next/dist/bin/next");

/** The child running now (a build step, then the server): stop signals are passed on to it. */
let current;
let stopSignal;

function exitCodeFor(signal) {
  return 128 + (os.constants.signals[signal] ?? 15);
}

function stop(signal) {
  if (stopSignal) return;
  stopSignal = signal;
  if (current) current.kill(signal);
  else process.exit(exitCodeFor(signal));
}

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop(signal));

// package.json runs this script as `exec node scripts/start.mjs`: without `exec`, npm's `sh -c` (dash) would neither
// replace itself nor pass signals on, so stopping npm would leave this process and the server running.

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

// No telemetry: Modelport must start on machines without internet.
// The AWS SDK warns once per process that its releases after January 2027 need Node 22; Modelport pins its version.
const childEnv = (extra = {}) => ({
  ...process.env,
  NEXT_TELEMETRY_DISABLED: "1",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  ...extra,
});

/** Runs a build step quietly; its output is shown only when it fails, so the start banner stays readable. */
function run(title, args) {
  const started = Date.now();
  process.stdout.write(`${title}… `);
  return new Promise((resolve) => {
    const output = [];
    current = spawn(process.execPath, args, { env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
    current.stdout.on("data", (chunk) => output.push(chunk));
    current.stderr.on("data", (chunk) => output.push(chunk));
    current.on("exit", (code, signal) => {
      current = undefined;
      if (stopSignal) {
        console.log("stopped");
        process.exit(exitCodeFor(stopSignal));
      }
      if (code !== 0) {
        console.log("failed:");
        process.stdout.write(Buffer.concat(output));
        process.exit(code ?? exitCodeFor(signal ?? "SIGTERM"));
      }
      console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)}s`);
      resolve();
    });
  });
}

const sourcesChanged = Math.max(...SOURCES.map(newestMtime));
if (!dev && builtAt(".next/BUILD_ID") < sourcesChanged)
  await run("Building Modelport (next build, about a minute on first start)", [NEXT_BIN, "build"]);
if (builtAt("dist/server.mjs") < sourcesChanged) await run("Building the server", ["scripts/build-server.mjs"]);

current = spawn(process.execPath, ["dist/server.mjs", ...(dev ? ["--dev"] : [])], {
  stdio: "inherit",
  env: childEnv({ NODE_ENV: dev ? "development" : "production" }),
});
current.on("exit", (code, signal) => process.exit(code ?? (signal === stopSignal ? 0 : exitCodeFor(signal ?? "SIGTERM"))));
