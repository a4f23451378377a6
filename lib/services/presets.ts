// The preset catalog: KubeAI's model catalog seeded in once, what admins add, change, disable and delete, and the
// presets of a file catalog (MODEL_CATALOG_ROOT), which are read-only here and win over a stored preset of the same id.
// Members read enabled presets; admins read all. Every change is audited.
import fs from "node:fs";
import path from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import { parse } from "yaml";
import { getDatabase } from "@/db";
import { presets } from "@/db/schema";
import { callerLabel, requireAdmin, type Caller } from "@/lib/auth/caller";
import { AppError, notFound } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { readFileCatalog, type CatalogProblem } from "@/lib/presets/catalog-files";
import { presetsFromKubeAICatalog } from "@/lib/presets/kubeai-catalog";
import { getRuntime, processSingleton } from "@/lib/runtime";
import { presetInputSchema, presetMatchesSearch, type Preset, type PresetInput, type PresetPatch } from "@/lib/schemas/preset";
import { audited } from "./audit";

type PresetRow = typeof presets.$inferSelect;
type Definition = Omit<PresetInput, "id">;

const CATALOG_FILE = path.join(process.cwd(), "lib/k8s/catalog/models-catalog.values.yaml");
const SEEDER = "modelport (KubeAI's model catalog)";

/** KubeAI's catalog, each entry checked with the preset schema; one that does not pass is logged and left out. */
export function kubeaiCatalogPresets(): PresetInput[] {
  const values = parse(fs.readFileSync(CATALOG_FILE, "utf8")) as Parameters<typeof presetsFromKubeAICatalog>[0];
  return presetsFromKubeAICatalog(values).flatMap((preset) => {
    const parsed = presetInputSchema.safeParse(preset);
    if (parsed.success) return [parsed.data];
    logger.warn("a KubeAI catalog entry is not a valid preset; left out", {
      id: preset.id,
      problems: parsed.error.issues.map((i) => i.message),
    });
    return [];
  });
}

const seeded = new WeakMap<object, Promise<void>>();

/** Inserts the catalog's presets that were never there; one a person deleted stays deleted. Once per database. */
function ensureSeeded(): Promise<void> {
  const database = getDatabase();
  let seeding = seeded.get(database);
  if (!seeding) {
    const rows = kubeaiCatalogPresets().map(({ id, ...definition }) => ({
      id,
      source: "kubeai-catalog" as const,
      definition,
      createdBy: SEEDER,
      updatedBy: SEEDER,
    }));
    seeding = (rows.length > 0 ? database.insert(presets).values(rows).onConflictDoNothing() : Promise.resolve()).then(() => undefined);
    // A failed attempt (the database was down) is tried again by the next request.
    seeding.catch(() => seeded.delete(database));
    seeded.set(database, seeding);
  }
  return seeding;
}

export interface CatalogStatus {
  root: string | null;
  loadedAt: string | null;
  files: number;
  presets: number;
  problems: CatalogProblem[];
}

interface LoadedCatalog {
  at: number;
  presets: Map<string, PresetInput & { file: string }>;
  status: CatalogStatus;
}

/** The file catalog, read again once it is older than CATALOG_REFRESH_INTERVAL (or when `force`). */
function fileCatalog(force = false): LoadedCatalog | undefined {
  const { MODEL_CATALOG_ROOT: root, MODEL_CATALOG_MODELS_SUBDIR: subdir, CATALOG_REFRESH_INTERVAL: interval } = getRuntime().config;
  if (!root) return undefined;
  const cache = processSingleton("file-catalog", () => new Map<string, LoadedCatalog>());
  const cached = cache.get(root);
  if (cached && !force && Date.now() - cached.at < interval) return cached;
  let loaded: LoadedCatalog;
  try {
    const catalog = readFileCatalog(root, subdir);
    loaded = {
      at: Date.now(),
      presets: new Map(catalog.presets.map((preset) => [preset.id, preset])),
      status: {
        root,
        loadedAt: new Date().toISOString(),
        files: catalog.files,
        presets: catalog.presets.length,
        problems: catalog.problems,
      },
    };
  } catch (error) {
    // The folder itself is unreadable: keep what was loaded before, and say why.
    const problem = { file: ".", field: "(root)", message: `MODEL_CATALOG_ROOT cannot be read: ${(error as Error).message}` };
    loaded = {
      at: Date.now(),
      presets: cached?.presets ?? new Map(),
      status: { root, loadedAt: new Date().toISOString(), files: 0, presets: cached?.presets.size ?? 0, problems: [problem] },
    };
  }
  if (loaded.status.problems.length > 0) logger.warn("the file catalog has problems", { root, problems: loaded.status.problems.length });
  cache.set(root, loaded);
  return loaded;
}

export function catalogStatus(): CatalogStatus {
  return fileCatalog()?.status ?? { root: null, loadedAt: null, files: 0, presets: 0, problems: [] };
}

/** Reads the file catalog now (admins), as `POST /api/v1/catalog/refresh` asks. */
export function refreshCatalog(caller: Caller): CatalogStatus {
  requireAdmin(caller);
  return fileCatalog(true)?.status ?? catalogStatus();
}

function fromFile(preset: PresetInput & { file: string }, at: string | null): Preset {
  const { id, file: _file, ...definition } = preset;
  return toPreset({ id, source: "files", definition, createdAt: null, updatedAt: at, updatedBy: "MODEL_CATALOG_ROOT" });
}

function requireNotFromFiles(id: string): void {
  const file = fileCatalog()?.presets.get(id)?.file;
  if (file) throw new AppError("conflict", `Preset ${id} comes from ${file} in MODEL_CATALOG_ROOT; change it there`);
}

function fromRow(row: PresetRow): Preset {
  return toPreset({ ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() });
}

function toPreset(row: {
  id: string;
  source: Preset["source"];
  definition: unknown;
  createdAt: string | null;
  updatedAt: string | null;
  updatedBy: string;
}): Preset {
  const definition = row.definition as Definition;
  const deployment = definition.deployment;
  const backend = deployment.backend === "kserve" ? "kserve" : "kubeai";
  const format = (deployment.modelFormat as { name?: string } | undefined)?.name;
  return {
    id: row.id,
    name: definition.name,
    description: definition.description,
    category: definition.category,
    tags: definition.tags,
    enabled: definition.enabled,
    tokenLimits: definition.tokenLimits,
    parameters: definition.parameters ?? null,
    deployment,
    backend,
    engine: backend === "kserve" ? (format ?? "") : String(deployment.engine ?? ""),
    features: backend === "kserve" ? [] : ((deployment.features as string[] | undefined) ?? []),
    resourceProfile: typeof deployment.resourceProfile === "string" ? deployment.resourceProfile : null,
    source: row.source,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

export async function listPresets(
  caller: Caller,
  query: { category?: Preset["category"]; search?: string } = {},
): Promise<{ items: Preset[] }> {
  await ensureSeeded();
  const rows = await getDatabase().select().from(presets).where(isNull(presets.deletedAt));
  const files = fileCatalog();
  const fromFiles = [...(files?.presets.values() ?? [])].map((preset) => fromFile(preset, files?.status.loadedAt ?? null));
  const taken = new Set(fromFiles.map((preset) => preset.id));
  const items = [...rows.filter((row) => !taken.has(row.id)).map(fromRow), ...fromFiles]
    .filter((preset) => caller.isAdmin || preset.enabled)
    .filter((preset) => !query.category || preset.category === query.category)
    .filter((preset) => presetMatchesSearch(preset, query.search ?? ""))
    .sort((a, b) => a.category.localeCompare(b.category) || a.name.localeCompare(b.name));
  return { items };
}

async function findRow(id: string): Promise<PresetRow | undefined> {
  await ensureSeeded();
  const [row] = await getDatabase()
    .select()
    .from(presets)
    .where(and(eq(presets.id, id), isNull(presets.deletedAt)));
  return row;
}

/** A disabled preset is not found for members, as if it were not there. */
export async function getPreset(caller: Caller, id: string): Promise<Preset> {
  const files = fileCatalog();
  const file = files?.presets.get(id);
  const row = file ? undefined : await findRow(id);
  const preset = file ? fromFile(file, files?.status.loadedAt ?? null) : row ? fromRow(row) : undefined;
  if (!preset || (!caller.isAdmin && !preset.enabled)) throw notFound(`Preset ${id}`);
  return preset;
}

export async function createPreset(caller: Caller, input: PresetInput): Promise<Preset> {
  requireAdmin(caller);
  await ensureSeeded();
  const { id, ...definition } = input;
  requireNotFromFiles(id);
  const [existing] = await getDatabase().select().from(presets).where(eq(presets.id, id));
  if (existing && !existing.deletedAt) throw new AppError("conflict", `Preset ${id} already exists`);
  const who = callerLabel(caller);
  const row = await audited(
    caller,
    { action: "preset.create", tenant: null, resourceKind: "Preset", resourceName: id },
    async () => {
      // A deleted preset's id may be used again: the new one takes its row.
      const values = { id, source: "admin" as const, definition, createdBy: who, updatedBy: who, deletedAt: null };
      const [written] = existing
        ? await getDatabase()
            .update(presets)
            .set({ ...values, createdAt: new Date(), updatedAt: new Date() })
            .where(eq(presets.id, id))
            .returning()
        : await getDatabase().insert(presets).values(values).onConflictDoNothing().returning();
      if (!written) throw new AppError("conflict", `Preset ${id} already exists`);
      return written;
    },
    (written) => written.definition,
  );
  return fromRow(row);
}

/** Changes the fields the patch names; the result is checked as a whole, as a new preset would be. */
export async function updatePreset(caller: Caller, id: string, patch: PresetPatch): Promise<Preset> {
  requireAdmin(caller);
  requireNotFromFiles(id);
  const current = await findRow(id);
  if (!current) throw notFound(`Preset ${id}`);
  const before = current.definition as Definition;
  const merged = { ...before, ...patch, id };
  if (patch.parameters === null) delete (merged as { parameters?: number | null }).parameters;
  const { id: _id, ...definition } = presetInputSchema.parse(merged);
  const row = await audited(
    caller,
    { action: "preset.update", tenant: null, resourceKind: "Preset", resourceName: id, before },
    async () => {
      const [written] = await getDatabase()
        .update(presets)
        .set({ definition, updatedAt: new Date(), updatedBy: callerLabel(caller) })
        .where(and(eq(presets.id, id), isNull(presets.deletedAt)))
        .returning();
      if (!written) throw notFound(`Preset ${id}`);
      return written;
    },
    (written) => written.definition,
  );
  return fromRow(row);
}

export async function deletePreset(caller: Caller, id: string): Promise<void> {
  requireAdmin(caller);
  requireNotFromFiles(id);
  const current = await findRow(id);
  if (!current) throw notFound(`Preset ${id}`);
  await audited(
    caller,
    { action: "preset.delete", tenant: null, resourceKind: "Preset", resourceName: id, before: current.definition },
    async () => {
      await getDatabase()
        .update(presets)
        .set({ deletedAt: new Date(), updatedAt: new Date(), updatedBy: callerLabel(caller) })
        .where(eq(presets.id, id));
    },
  );
}
