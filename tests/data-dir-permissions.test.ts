// The data directory of a started runtime (PGlite on disk, the sandbox, the embedded issuer) is its owner's alone,
// also when an older version left it readable by everyone.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { clientsFor } from "@/lib/sandbox/testing";
import { startRuntime } from "@/lib/server/start-runtime";

const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "modelport-modes-")), ".modelport");
afterAll(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

/** Every path under `dir` (itself included) whose mode is not 0700 for a folder or 0600 for a file. */
function openEntries(dir: string): string[] {
  const found: string[] = [];
  const visit = (target: string): void => {
    const stat = fs.lstatSync(target);
    const expected = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & 0o777) !== expected) found.push(`${path.relative(dir, target) || "."} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const name of fs.readdirSync(target)) visit(path.join(target, name));
  };
  visit(dir);
  return found;
}

function loosen(target: string): void {
  const stat = fs.lstatSync(target);
  fs.chmodSync(target, stat.isDirectory() ? 0o777 : 0o666);
  if (stat.isDirectory()) for (const name of fs.readdirSync(target)) loosen(path.join(target, name));
}

async function startAndInspect(): Promise<{ entries: string[]; open: string[] }> {
  const started = await startRuntime(parseConfig({ MODELPORT_DATA_DIR: dataDir, MODELPORT_CLUSTER: "sandbox", LOG_LEVEL: "error" }), {
    sandbox: { controller: false },
  });
  try {
    if (!started.sandbox) throw new Error("the sandbox did not start");
    // The runtime reached the sandbox over TLS with the kubeconfig's token: the seeded tenants exist there.
    const namespaces = await clientsFor(started.sandbox).core.listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toEqual(expect.arrayContaining(["tenant-a", "tenant-b"]));
    return { entries: fs.readdirSync(dataDir).sort(), open: openEntries(dataDir) };
  } finally {
    await started.stop();
  }
}

describe("the data directory", () => {
  it("is created owner-only: folders 0700, files 0600, PGlite's included", async () => {
    const first = await startAndInspect();
    expect(first.entries).toEqual(["auth-secret", "db", "issuer-keys.json", "sandbox"]);
    expect(first.open).toEqual([]);
  });

  it("takes away the access an older version left to group and others", async () => {
    loosen(dataDir);
    expect(openEntries(dataDir).length).toBeGreaterThan(10);
    const again = await startAndInspect();
    expect(again.open).toEqual([]);
  });

  it("leaves a user's own files beside Modelport's alone", async () => {
    const own = path.join(dataDir, "notes.txt");
    fs.writeFileSync(own, "mine");
    fs.chmodSync(own, 0o644);
    await startAndInspect();
    expect(fs.statSync(own).mode & 0o777).toBe(0o644);
    fs.rmSync(own);
  });
});
