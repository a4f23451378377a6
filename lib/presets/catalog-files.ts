// A catalog kept as files (MODEL_CATALOG_ROOT, as a git-synced catalog provides it): every *.yaml, *.yml and *.json
// under the models folder holds one preset or a list of them (YAML may hold several documents). Each is checked with
// the preset schema; a bad file or entry is reported by path and field and the good ones still load.
import fs from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { presetInputSchema, type PresetInput } from "@/lib/schemas/preset";

export interface CatalogProblem {
  /** Relative to the catalog root. */
  file: string;
  field: string;
  message: string;
}

export interface FileCatalog {
  presets: (PresetInput & { file: string })[];
  problems: CatalogProblem[];
  files: number;
}

const EXTENSIONS = new Set([".yaml", ".yml", ".json"]);
/** A runaway catalog (or a wrong root such as /) must not stall the server. */
const MAX_FILES = 2000;
const MAX_FILE_BYTES = 1024 * 1024;

function catalogFiles(dir: string, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (found.length >= MAX_FILES) break;
    if (entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) catalogFiles(full, found);
    else if (entry.isFile() && EXTENSIONS.has(path.extname(entry.name).toLowerCase())) found.push(full);
  }
  return found;
}

function documentsOf(file: string, text: string): unknown[] {
  if (file.toLowerCase().endsWith(".json")) return [JSON.parse(text)];
  return parseAllDocuments(text).map((document) => {
    if (document.errors.length > 0) throw new Error(document.errors[0].message);
    return document.toJS();
  });
}

/** Reads the catalog under `root` (its `subdir` when that exists). Never throws for what is in the files. */
export function readFileCatalog(root: string, subdir: string): FileCatalog {
  const withSubdir = path.join(root, subdir);
  const dir = subdir && fs.existsSync(withSubdir) ? withSubdir : root;
  const presets: FileCatalog["presets"] = [];
  const problems: CatalogProblem[] = [];
  const seen = new Map<string, string>();
  const files = catalogFiles(dir);
  for (const full of files) {
    const file = path.relative(root, full);
    let entries: unknown[];
    try {
      if (fs.statSync(full).size > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
      entries = documentsOf(full, fs.readFileSync(full, "utf8")).flatMap((value) => (Array.isArray(value) ? value : [value]));
    } catch (error) {
      problems.push({
        file,
        field: "(file)",
        message: `Not readable as ${path.extname(full).slice(1).toUpperCase()}: ${(error as Error).message}`,
      });
      continue;
    }
    for (const [index, entry] of entries.entries()) {
      if (entry === null || entry === undefined) continue;
      const prefix = entries.length > 1 ? `${index}.` : "";
      const parsed = presetInputSchema.safeParse(entry);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          problems.push({ file, field: `${prefix}${issue.path.map(String).join(".") || "(preset)"}`, message: issue.message });
        }
        continue;
      }
      const earlier = seen.get(parsed.data.id);
      if (earlier) {
        problems.push({ file, field: `${prefix}id`, message: `Preset ${parsed.data.id} is already defined in ${earlier}` });
        continue;
      }
      seen.set(parsed.data.id, file);
      presets.push({ ...parsed.data, file });
    }
  }
  return { presets, problems, files: files.length };
}
