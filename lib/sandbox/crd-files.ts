// Reads the YAML manifests the sandbox serves (CRDs, seed objects), caching the parsed documents as JSON by content hash.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseAllDocuments } from "yaml";

/**
 * KServe's InferenceService CRD is 2 MB of YAML: parsing it takes 1-2.5 s, JSON.parse of the same data 30 ms. Every
 * sandbox start (one per test file) would pay that, so parsed documents are kept per process and on disk.
 */
const memo = new Map<string, unknown[]>();
const CACHE_DIR = path.join(tmpdir(), "modelport-sandbox-manifests");

function parseYaml(text: string): unknown[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((d) => d !== null && d !== undefined);
}

function readCache(file: string): unknown[] | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort: a cache that cannot be written only costs the next start a YAML parse. */
function writeCache(file: string, documents: unknown[]): void {
  try {
    mkdirSync(CACHE_DIR, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(documents));
    renameSync(temp, file);
  } catch {
    // ignored on purpose, see above
  }
}

/** The documents of a multi-document YAML file (fresh copies: callers may change them). */
export function readManifestDocuments(file: string): unknown[] {
  const text = readFileSync(file, "utf8");
  const hash = createHash("sha256").update(text).digest("hex");
  let documents = memo.get(hash);
  if (!documents) {
    const cacheFile = path.join(CACHE_DIR, `${hash.slice(0, 32)}.json`);
    documents = readCache(cacheFile);
    if (!documents) {
      documents = parseYaml(text);
      writeCache(cacheFile, documents);
    }
    memo.set(hash, documents);
  }
  return structuredClone(documents);
}
