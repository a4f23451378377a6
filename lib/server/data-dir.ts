// The data directory (`.modelport/` by default) is its owner's alone: it holds the sandbox's objects (env values),
// the session secret, the issuer's signing keys and the database. Folders become 0700 and files 0600.
import fs from "node:fs";
import path from "node:path";
import { logger } from "@/lib/observability/logger";

/** What Modelport keeps in the data directory; only these are tightened, never a user's own files beside them. */
export const DATA_DIR_ENTRIES = ["db", "sandbox", "auth-secret", "issuer-keys.json"] as const;

/** Creates the data directory owner-only, and takes group and other access away from what an older version left. */
export function prepareDataDir(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
  for (const entry of DATA_DIR_ENTRIES) restrictToOwner(path.join(dataDir, entry));
}

/**
 * Removes group and other permissions from `target` and, for a folder, everything in it. Used after PGlite opens
 * too: it creates its files world-readable (0666), which only its 0700 folder kept private until then.
 */
export function restrictToOwner(target: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  // chmod follows a symbolic link, which may point outside the data directory.
  if (stat.isSymbolicLink()) return;
  if ((stat.mode & 0o077) !== 0) {
    try {
      fs.chmodSync(target, stat.mode & 0o700);
    } catch (error) {
      logger.warn("could not make a data file owner-only", { path: target, error: error instanceof Error ? error.message : String(error) });
    }
  }
  if (stat.isDirectory()) for (const name of fs.readdirSync(target)) restrictToOwner(path.join(target, name));
}
