// Reads the weights volume itself, for the Storage page: which folders a level holds, when a folder last changed, and
// how full the volume is. Writing and removing stay with PvcStore, which owns the unfinished-write convention.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { diskUsage, type DiskUsage } from "@/lib/storage/pvc-store";

/** Names of the folders directly inside `directory`, sorted; none when it does not exist. */
export async function subfolderNames(directory: string): Promise<string[]> {
  try {
    const entries = await readdir(directory, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if (isAbsent(error)) return [];
    throw error;
  }
}

/** When a file below `directory` last changed; null when it holds no file. */
export async function lastModified(directory: string): Promise<Date | null> {
  let entries;
  try {
    entries = await readdir(directory, { recursive: true, withFileTypes: true });
  } catch (error) {
    if (isAbsent(error)) return null;
    throw error;
  }
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  const times = await Promise.all(files.map(async (file) => (await stat(file)).mtimeMs));
  return times.length === 0 ? null : new Date(Math.max(...times));
}

/**
 * Usage of the file system holding `root`. Before the first import the root may not exist yet; its nearest existing
 * parent is on the same file system (where the volume is mounted, the root is the mount point and always exists).
 */
export async function volumeUsage(root: string): Promise<DiskUsage> {
  let directory = path.resolve(root);
  for (;;) {
    try {
      return await diskUsage(directory);
    } catch (error) {
      const parent = path.dirname(directory);
      if (!isAbsent(error) || parent === directory) throw error;
      directory = parent;
    }
  }
}

function isAbsent(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}
