// Owner-only folders (0700) and files (0600) in the sandbox's data directory, tightened when an older version left them open.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  // mkdir's mode only applies to a folder it creates; one made by an older version keeps its mode otherwise.
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/** The file's text, or undefined when it does not exist; a file others could read is made owner-only first. */
export function readPrivateFile(file: string): string | undefined {
  try {
    chmodSync(file, PRIVATE_FILE_MODE);
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** Writes a temp file created 0600 and renames it over `file`: never readable by others, never half-written. */
export function writePrivateFile(file: string, content: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode: PRIVATE_FILE_MODE });
  // A temp file left by a crashed run keeps its old mode through writeFileSync.
  chmodSync(temp, PRIVATE_FILE_MODE);
  renameSync(temp, file);
}
