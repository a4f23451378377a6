// The built-in registry: registered models and versions in Modelport's own database, the default repository.
import { and, asc, desc, eq, gt, ilike, inArray, sql } from "drizzle-orm";
import { getDatabase } from "@/db";
import { repositoryModels, repositoryVersions } from "@/db/schema";
import { notFound } from "@/lib/errors";
import type { ModelPage, ModelVersion, NewVersion, RegisteredModel, Repository, VersionStatus } from "./repository";

type ModelRow = typeof repositoryModels.$inferSelect;
type VersionRow = typeof repositoryVersions.$inferSelect;

const DEFAULT_PAGE = 50;

export class BuiltinRepository implements Repository {
  readonly kind = "builtin" as const;

  async listModels(tenant: string, options: { search?: string; limit?: number; pageToken?: string } = {}): Promise<ModelPage> {
    const limit = Math.min(Math.max(options.limit ?? DEFAULT_PAGE, 1), 1000);
    const after = options.pageToken ? Buffer.from(options.pageToken, "base64url").toString("utf8") : undefined;
    const rows = await getDatabase()
      .select()
      .from(repositoryModels)
      .where(
        and(
          eq(repositoryModels.tenant, tenant),
          options.search ? ilike(repositoryModels.name, `%${escapeLike(options.search)}%`) : undefined,
          after !== undefined ? gt(repositoryModels.name, after) : undefined,
        ),
      )
      .orderBy(asc(repositoryModels.name))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const latest = await this.latestVersions(
      tenant,
      page.map((row) => row.name),
    );
    return {
      models: page.map((row) => toModel(row, latest.get(row.name) ?? null)),
      nextPageToken: rows.length > limit ? Buffer.from(page[page.length - 1].name, "utf8").toString("base64url") : undefined,
    };
  }

  async getModel(tenant: string, name: string): Promise<RegisteredModel | undefined> {
    const [row] = await getDatabase()
      .select()
      .from(repositoryModels)
      .where(and(eq(repositoryModels.tenant, tenant), eq(repositoryModels.name, name)));
    if (!row) return undefined;
    return toModel(row, (await this.latestVersions(tenant, [name])).get(name) ?? null);
  }

  async ensureModel(tenant: string, name: string, options: { description?: string; tags?: Record<string, string> } = {}) {
    await getDatabase()
      .insert(repositoryModels)
      .values({ tenant, name, description: options.description ?? null, tags: options.tags ?? {} })
      .onConflictDoNothing();
    const model = await this.getModel(tenant, name);
    if (!model) throw new Error(`registered model ${tenant}/${name} vanished while it was created`);
    return model;
  }

  async deleteModel(tenant: string, name: string): Promise<boolean> {
    const deleted = await getDatabase()
      .delete(repositoryModels)
      .where(and(eq(repositoryModels.tenant, tenant), eq(repositoryModels.name, name)))
      .returning({ name: repositoryModels.name });
    return deleted.length > 0;
  }

  async listVersions(tenant: string, name: string): Promise<ModelVersion[]> {
    const rows = await getDatabase()
      .select()
      .from(repositoryVersions)
      .where(and(eq(repositoryVersions.tenant, tenant), eq(repositoryVersions.name, name)))
      .orderBy(desc(repositoryVersions.version));
    return rows.map(toVersion);
  }

  async getVersion(tenant: string, name: string, version: string): Promise<ModelVersion | undefined> {
    const number = versionNumber(version);
    if (number === undefined) return undefined;
    const [row] = await getDatabase()
      .select()
      .from(repositoryVersions)
      .where(and(eq(repositoryVersions.tenant, tenant), eq(repositoryVersions.name, name), eq(repositoryVersions.version, number)));
    return row ? toVersion(row) : undefined;
  }

  async createVersion(tenant: string, name: string, version: NewVersion): Promise<ModelVersion> {
    return getDatabase().transaction(async (tx) => {
      // One update both locks the model row and takes the next number, so concurrent versions are numbered in turn.
      const [model] = await tx
        .update(repositoryModels)
        .set({ lastVersion: sql`${repositoryModels.lastVersion} + 1`, updatedAt: new Date() })
        .where(and(eq(repositoryModels.tenant, tenant), eq(repositoryModels.name, name)))
        .returning({ lastVersion: repositoryModels.lastVersion });
      if (!model) throw notFound(`Registered model ${name}`);
      const [row] = await tx
        .insert(repositoryVersions)
        .values({
          tenant,
          name,
          version: model.lastVersion,
          status: "PENDING_REGISTRATION",
          source: version.source,
          description: version.description ?? null,
          tags: version.tags ?? {},
          runId: version.runId ?? null,
          createdBy: version.createdBy,
        })
        .returning();
      return toVersion(row);
    });
  }

  async settleVersion(tenant: string, name: string, version: string, status: VersionStatus, message?: string) {
    const number = versionNumber(version);
    const [row] =
      number === undefined
        ? []
        : await getDatabase()
            .update(repositoryVersions)
            .set({ status, statusMessage: message ?? null, updatedAt: new Date() })
            .where(and(eq(repositoryVersions.tenant, tenant), eq(repositoryVersions.name, name), eq(repositoryVersions.version, number)))
            .returning();
    if (!row) throw notFound(`Version ${version} of ${name}`);
    return toVersion(row);
  }

  async deleteVersion(tenant: string, name: string, version: string): Promise<boolean> {
    const number = versionNumber(version);
    if (number === undefined) return false;
    const deleted = await getDatabase()
      .delete(repositoryVersions)
      .where(and(eq(repositoryVersions.tenant, tenant), eq(repositoryVersions.name, name), eq(repositoryVersions.version, number)))
      .returning({ version: repositoryVersions.version });
    return deleted.length > 0;
  }

  private async latestVersions(tenant: string, names: string[]): Promise<Map<string, ModelVersion>> {
    if (names.length === 0) return new Map();
    const rows = await getDatabase()
      .selectDistinctOn([repositoryVersions.name])
      .from(repositoryVersions)
      .where(and(eq(repositoryVersions.tenant, tenant), inArray(repositoryVersions.name, names)))
      .orderBy(repositoryVersions.name, desc(repositoryVersions.version));
    return new Map(rows.map((row) => [row.name, toVersion(row)]));
  }
}

function versionNumber(version: string): number | undefined {
  return /^[1-9]\d{0,8}$/.test(version) ? Number(version) : undefined;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function toModel(row: ModelRow, latestVersion: ModelVersion | null): RegisteredModel {
  return {
    tenant: row.tenant,
    name: row.name,
    description: row.description,
    tags: row.tags,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    latestVersion,
  };
}

function toVersion(row: VersionRow): ModelVersion {
  return {
    tenant: row.tenant,
    name: row.name,
    version: String(row.version),
    status: row.status,
    statusMessage: row.statusMessage,
    source: row.source,
    description: row.description,
    tags: row.tags,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    createdBy: row.createdBy,
  };
}
