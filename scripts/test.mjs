// `npm test`: type check, lint, format check, unit and integration suites (Vitest), then the browser suite (Playwright) against a
// production build. Prints one closing line "N passed, N failed" over all of them.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const results = { passed: 0, failed: 0 };
let ok = true;

function step(title, command, args) {
  console.log(`\n=== ${title}: ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.status !== 0) ok = false;
  return result.status === 0;
}

step("type check", "npx", ["tsc", "--noEmit", "-p", "."]);
step("lint (layering rules included)", "npx", ["eslint", "."]);
step("format check", "npx", ["prettier", "--check", "."]);

const vitestReport = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "modelport-vitest-")), "report.json");
step("unit and integration tests", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`]);
if (fs.existsSync(vitestReport)) {
  const report = JSON.parse(fs.readFileSync(vitestReport, "utf8"));
  results.passed += report.numPassedTests;
  results.failed += report.numFailedTests;
}

const playwrightReport = path.join(path.dirname(vitestReport), "playwright.json");
const e2e = spawnSync("npx", ["playwright", "test", "--reporter=list,json"], {
  stdio: ["ignore", "inherit", "inherit"],
  env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport },
});
console.log(`\n=== browser tests: exit ${e2e.status}`);
if (e2e.status !== 0) ok = false;
if (fs.existsSync(playwrightReport)) {
  const report = JSON.parse(fs.readFileSync(playwrightReport, "utf8"));
  results.passed += report.stats?.expected ?? 0;
  results.failed += (report.stats?.unexpected ?? 0) + (report.stats?.flaky ?? 0);
}

if (!ok && results.failed === 0) results.failed = 1; // a failed step with no failed test (type errors, a server that did not start)
console.log(`\n${results.passed} passed, ${results.failed} failed`);
process.exit(ok ? 0 : 1);
