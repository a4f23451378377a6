// Publishing: a deployment made reachable from outside at a hostname and path, with API keys (shown once, stored
// hashed, rotated with a grace period, revoked at once), limits and usage, as the inference-in-a-box publishing
// service does. Tenancy as everywhere: a deployment the caller cannot see is a 404, published or not.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { getDatabase, type Database } from "@/db";
import { apiKeys, publishedModels } from "@/db/schema";
import { callerLabel, type Caller } from "@/lib/auth/caller";
import { API_KEY_PREFIX, hashToken, issueApiKey, secretDisplay, secretsMatch } from "@/lib/auth/secret-tokens";
import { AppError, invalid, notFound } from "@/lib/errors";
import { getRuntime } from "@/lib/runtime";
import { servesOpenAI, type Deployment } from "@/lib/schemas/deployment";
import {
  DEFAULT_RATE_LIMITING,
  type ApiKeyView,
  type ModelType,
  type PublishAuthentication,
  type PublishConfig,
  type PublishedModel,
  type RateLimiting,
  type UsageSeries,
} from "@/lib/schemas/publishing";
import { audited } from "./audit";
import { getDeployment, requireDeploymentAccess } from "./deployments";
import { forgetGatewayTarget, gatewayKeyCache } from "./gateway-cache";
import { publishingDocumentation } from "./publishing-docs";
import { usageSeries, usageTotals } from "./usage";
import { visibleTenantNames } from "./tenants";

type PublishedRow = typeof publishedModels.$inferSelect;
type KeyRow = typeof apiKeys.$inferSelect;

const DEFAULT_GRACE_SECONDS = 86_400;

function publicHost(): string {
  return new URL(getRuntime().config.publicUrl).host;
}

/** The URL a published model answers at: the portal's own scheme on its own host, https anywhere else. */
function externalUrlOf(row: Pick<PublishedRow, "publicHostname" | "externalPath">): string {
  const publicUrl = new URL(getRuntime().config.publicUrl);
  const scheme = row.publicHostname === publicUrl.host ? publicUrl.protocol : "https:";
  return `${scheme}//${row.publicHostname}${row.externalPath}`;
}

function keyState(row: KeyRow, now = new Date()): ApiKeyView["state"] {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt <= now) return "expired";
  return "active";
}

function keyView(row: KeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    display: secretDisplay(row.keyPrefix, row.keyLastFour),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    rotatedAt: row.rotatedAt?.toISOString() ?? null,
    previousKeyValidUntil: row.previousValidUntil && row.previousValidUntil > new Date() ? row.previousValidUntil.toISOString() : null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    state: keyState(row),
  };
}

async function keysOf(publishedModelId: string): Promise<KeyRow[]> {
  return getDatabase().select().from(apiKeys).where(eq(apiKeys.publishedModelId, publishedModelId)).orderBy(apiKeys.createdAt);
}

/** The published model as the inference-in-a-box answers show it; `apiKey` in full only when `fullKey` is given. */
async function viewOf(row: PublishedRow, options: { fullKey?: string; deployment?: Deployment | null; documentation?: boolean } = {}) {
  const keys = await keysOf(row.id);
  const first = keys.find((key) => keyState(key) === "active") ?? keys[0];
  const apiKey = options.fullKey ?? (first ? secretDisplay(first.keyPrefix, first.keyLastFour) : "");
  const deployment = options.deployment;
  const view: PublishedModel = {
    modelName: row.name,
    namespace: row.tenant,
    tenantId: row.tenant,
    modelType: row.modelType,
    externalUrl: externalUrlOf(row),
    externalPath: row.externalPath,
    publicHostname: row.publicHostname,
    apiKey,
    rateLimiting: row.rateLimiting as RateLimiting,
    authentication: row.authentication as PublishAuthentication,
    metadata: { description: row.description },
    status: deployment === null || deployment?.status === "Stopped" ? "unavailable" : "active",
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    usage: await usageTotals({ publishedModelId: row.id }),
  };
  if (options.documentation !== false) {
    view.documentation = publishingDocumentation({
      name: row.name,
      modelType: row.modelType,
      externalUrl: view.externalUrl,
      baseUrl: externalUrlOf({ publicHostname: row.publicHostname, externalPath: "" }),
      apiKey,
      features: deployment?.backend === "kubeai" ? deployment.features : [],
    });
  }
  return view;
}

async function publishedRow(namespace: string, name: string): Promise<PublishedRow | undefined> {
  const [row] = await getDatabase()
    .select()
    .from(publishedModels)
    .where(and(eq(publishedModels.tenant, namespace), eq(publishedModels.name, name)));
  return row;
}

async function requirePublished(namespace: string, name: string): Promise<PublishedRow> {
  const row = await publishedRow(namespace, name);
  if (!row) throw notFound(`Published model ${namespace}/${name}`);
  return row;
}

function requireOwnTenantId(config: PublishConfig, namespace: string): void {
  if (config.tenantId !== undefined && config.tenantId !== namespace) {
    throw invalid([{ field: "config.tenantId", message: `The deployment is in tenant ${namespace}, not ${config.tenantId}` }]);
  }
}

async function requireFreeLocation(hostname: string, path: string, except?: string): Promise<void> {
  const [taken] = await getDatabase()
    .select({ id: publishedModels.id, tenant: publishedModels.tenant, name: publishedModels.name })
    .from(publishedModels)
    .where(and(eq(publishedModels.publicHostname, hostname), eq(publishedModels.externalPath, path)));
  if (taken && taken.id !== except) {
    throw new AppError("conflict", `${hostname}${path} is already where another published model answers; choose another externalPath`, {
      fields: [{ field: "config.externalPath", message: "Already taken on this publicHostname" }],
    });
  }
}

export async function publishDeployment(caller: Caller, namespace: string, name: string, config: PublishConfig) {
  await requireDeploymentAccess(caller, namespace, name, "manage");
  requireOwnTenantId(config, namespace);
  const deployment = await getDeployment(caller, namespace, name);
  if (await publishedRow(namespace, name)) throw new AppError("conflict", "Model is already published");
  const modelType: ModelType = config.modelType ?? (servesOpenAI(deployment) ? "openai" : "traditional");
  const publicHostname = (config.publicHostname ?? publicHost()).toLowerCase();
  const externalPath = config.externalPath ?? (modelType === "openai" ? `/v1/models/${name}` : `/models/${name}`);
  await requireFreeLocation(publicHostname, externalPath);
  const rateLimiting: RateLimiting = { ...DEFAULT_RATE_LIMITING, ...config.rateLimiting };
  const authentication: PublishAuthentication = {
    requireApiKey: config.authentication?.requireApiKey ?? true,
    allowedTenants: config.authentication?.allowedTenants ?? [namespace],
  };
  const key = issueApiKey();
  const intent = { action: "deployment.publish", tenant: namespace, resourceKind: "PublishedModel", resourceName: name };
  const row = await audited(
    caller,
    intent,
    () =>
      getDatabase().transaction(async (tx) => {
        const [inserted] = await tx
          .insert(publishedModels)
          .values({
            tenant: namespace,
            name,
            modelType,
            publicHostname,
            externalPath,
            rateLimiting,
            authentication,
            description: config.metadata?.description ?? null,
            createdBy: callerLabel(caller),
          })
          .onConflictDoNothing()
          .returning();
        if (!inserted) throw new AppError("conflict", "Model is already published");
        await tx.insert(apiKeys).values({
          publishedModelId: inserted.id,
          tenant: namespace,
          name: "default",
          keyHash: key.hash,
          keyPrefix: key.prefix,
          keyLastFour: key.lastFour,
          createdBy: callerLabel(caller),
        });
        return inserted;
      }),
    (written) => ({ modelType: written.modelType, publicHostname, externalPath, rateLimiting, authentication }),
  );
  forgetGatewayTarget(namespace, name);
  return viewOf(row, { fullKey: key.token, deployment });
}

export async function updatePublication(caller: Caller, namespace: string, name: string, config: PublishConfig) {
  await requireDeploymentAccess(caller, namespace, name, "manage");
  requireOwnTenantId(config, namespace);
  const current = await requirePublished(namespace, name);
  const publicHostname = (config.publicHostname ?? current.publicHostname).toLowerCase();
  const externalPath = config.externalPath ?? current.externalPath;
  await requireFreeLocation(publicHostname, externalPath, current.id);
  const changes = {
    modelType: config.modelType ?? current.modelType,
    publicHostname,
    externalPath,
    rateLimiting: { ...(current.rateLimiting as RateLimiting), ...config.rateLimiting },
    authentication: { ...(current.authentication as PublishAuthentication), ...config.authentication },
    description: config.metadata?.description ?? current.description,
    updatedAt: new Date(),
  };
  const intent = {
    action: "deployment.publish.update",
    tenant: namespace,
    resourceKind: "PublishedModel",
    resourceName: name,
    before: {
      modelType: current.modelType,
      publicHostname: current.publicHostname,
      externalPath: current.externalPath,
      rateLimiting: current.rateLimiting,
      authentication: current.authentication,
    },
  };
  const row = await audited(
    caller,
    intent,
    async () => {
      const [updated] = await getDatabase().update(publishedModels).set(changes).where(eq(publishedModels.id, current.id)).returning();
      if (!updated) throw notFound(`Published model ${namespace}/${name}`);
      return updated;
    },
    ({ modelType, rateLimiting, authentication }) => ({ modelType, publicHostname, externalPath, rateLimiting, authentication }),
  );
  forgetGatewayTarget(namespace, name);
  return viewOf(row, { deployment: await deploymentOrNull(caller, namespace, name) });
}

async function deploymentOrNull(caller: Caller, namespace: string, name: string): Promise<Deployment | null> {
  try {
    return await getDeployment(caller, namespace, name);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  }
}

export async function getPublication(caller: Caller, namespace: string, name: string) {
  await requireDeploymentAccess(caller, namespace, name, "read");
  const row = await requirePublished(namespace, name);
  return viewOf(row, { deployment: await deploymentOrNull(caller, namespace, name) });
}

export async function unpublishDeployment(caller: Caller, namespace: string, name: string): Promise<{ message: string }> {
  await requireDeploymentAccess(caller, namespace, name, "manage");
  const current = await requirePublished(namespace, name);
  await audited(
    caller,
    {
      action: "deployment.unpublish",
      tenant: namespace,
      resourceKind: "PublishedModel",
      resourceName: name,
      before: { externalPath: current.externalPath },
    },
    () => getDatabase().delete(publishedModels).where(eq(publishedModels.id, current.id)),
  );
  forgetGatewayTarget(namespace, name);
  return { message: "Model unpublished successfully" };
}

/** The published models of the caller's tenants (every tenant's, for an admin). */
export async function listPublications(caller: Caller): Promise<{ publishedModels: PublishedModel[]; total: number }> {
  const database = getDatabase();
  const rows = caller.isAdmin
    ? await database.select().from(publishedModels).orderBy(publishedModels.tenant, publishedModels.name)
    : await (async () => {
        const tenants = await visibleTenantNames(caller);
        if (tenants.length === 0) return [];
        return database
          .select()
          .from(publishedModels)
          .where(inArray(publishedModels.tenant, tenants))
          .orderBy(publishedModels.tenant, publishedModels.name);
      })();
  const items = await Promise.all(rows.map((row) => viewOf(row, { documentation: false })));
  return { publishedModels: items, total: items.length };
}

/** A publication's usage day by day, per key, and in total: what its usage page draws. */
export async function getPublicationUsage(caller: Caller, namespace: string, name: string, days: number): Promise<UsageSeries> {
  await requireDeploymentAccess(caller, namespace, name, "read");
  const row = await requirePublished(namespace, name);
  const [series, totals, keys] = await Promise.all([usageSeries(row.id, days), usageTotals({ publishedModelId: row.id }), keysOf(row.id)]);
  const names = new Map(keys.map((key) => [key.id, key.name]));
  return {
    totals,
    days: series.days,
    byKey: series.byKey.map((key) => ({
      keyId: key.apiKeyId,
      name: names.get(key.apiKeyId) ?? key.apiKeyId,
      requests: key.requests,
      tokens: key.tokens,
    })),
  };
}

export async function listKeys(caller: Caller, namespace: string, name: string): Promise<{ items: ApiKeyView[] }> {
  await requireDeploymentAccess(caller, namespace, name, "manage");
  const row = await requirePublished(namespace, name);
  return { items: (await keysOf(row.id)).map(keyView) };
}

export async function createKey(caller: Caller, namespace: string, name: string, input: { name: string; expiresAt?: string }) {
  await requireDeploymentAccess(caller, namespace, name, "manage");
  const row = await requirePublished(namespace, name);
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
  if (expiresAt && expiresAt <= new Date()) throw invalid([{ field: "expiresAt", message: "Must be in the future" }]);
  const key = issueApiKey();
  const created = await audited(
    caller,
    { action: "api-key.create", tenant: namespace, resourceKind: "ApiKey", resourceName: `${name}/${input.name}` },
    async () => {
      const [inserted] = await getDatabase()
        .insert(apiKeys)
        .values({
          publishedModelId: row.id,
          tenant: namespace,
          name: input.name,
          keyHash: key.hash,
          keyPrefix: key.prefix,
          keyLastFour: key.lastFour,
          expiresAt,
          createdBy: callerLabel(caller),
        })
        .returning();
      return inserted;
    },
    (inserted) => ({ id: inserted.id, display: secretDisplay(inserted.keyPrefix, inserted.keyLastFour), expiresAt: inserted.expiresAt }),
  );
  return { ...keyView(created), apiKey: key.token };
}

export async function revokeKey(caller: Caller, namespace: string, name: string, keyId: string): Promise<ApiKeyView> {
  await requireDeploymentAccess(caller, namespace, name, "manage");
  const row = await requirePublished(namespace, name);
  const [key] = await getDatabase()
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.publishedModelId, row.id)));
  if (!key) throw notFound(`API key ${keyId}`);
  if (key.revokedAt) return keyView(key);
  const revoked = await audited(
    caller,
    { action: "api-key.revoke", tenant: namespace, resourceKind: "ApiKey", resourceName: `${name}/${key.name}` },
    async () => {
      const [updated] = await getDatabase().update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, key.id)).returning();
      return updated;
    },
  );
  forgetGatewayTarget(namespace, name);
  return keyView(revoked);
}

/**
 * A new secret for a key, which keeps its id, expiry and (later) its limits and usage. The old secret works on for
 * the grace period. The same Idempotency-Key again answers with the same new secret and rotates nothing more.
 */
export async function rotateKey(
  caller: Caller,
  namespace: string,
  name: string,
  options: { gracePeriodSeconds?: number; keyId?: string; idempotencyKey?: string },
) {
  await requireDeploymentAccess(caller, namespace, name, "manage");
  const row = await requirePublished(namespace, name);
  if (options.idempotencyKey !== undefined && !/^[\x21-\x7e]{1,255}$/.test(options.idempotencyKey)) {
    throw invalid([{ field: "Idempotency-Key", message: "Must be 1 to 255 visible ASCII characters" }]);
  }
  const keys = await keysOf(row.id);
  const key = options.keyId
    ? keys.find((candidate) => candidate.id === options.keyId)
    : keys.find((candidate) => keyState(candidate) === "active");
  if (!key)
    throw options.keyId
      ? notFound(`API key ${options.keyId}`)
      : new AppError("conflict", "This model has no active API key to rotate; create one");
  if (keyState(key) !== "active") throw new AppError("conflict", `API key ${key.name} is ${keyState(key)} and cannot be rotated`);
  const replay = options.idempotencyKey ? { secret: getRuntime().authSecret, scope: `${key.id}:${options.idempotencyKey}` } : undefined;
  const issued = issueApiKey(replay);
  const answer = (current: KeyRow) => ({
    message: "API key rotated successfully",
    newApiKey: issued.token,
    keyId: current.id,
    previousKeyValidUntil:
      current.previousValidUntil && current.previousValidUntil > new Date() ? current.previousValidUntil.toISOString() : null,
    updatedAt: (current.rotatedAt ?? current.createdAt).toISOString(),
  });
  // A retry of a rotation that already happened: the same secret is the current one.
  if (replay && key.rotationKey === options.idempotencyKey && key.keyHash === issued.hash) return answer(key);
  const grace = options.gracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
  const now = new Date();
  const rotated = await audited(
    caller,
    { action: "api-key.rotate", tenant: namespace, resourceKind: "ApiKey", resourceName: `${name}/${key.name}` },
    async () => {
      const [updated] = await getDatabase()
        .update(apiKeys)
        .set({
          keyHash: issued.hash,
          keyPrefix: issued.prefix,
          keyLastFour: issued.lastFour,
          previousKeyHash: grace > 0 ? key.keyHash : null,
          previousValidUntil: grace > 0 ? new Date(now.getTime() + grace * 1000) : null,
          rotationKey: options.idempotencyKey ?? null,
          rotatedAt: now,
        })
        .where(and(eq(apiKeys.id, key.id), eq(apiKeys.keyHash, key.keyHash)))
        .returning();
      if (!updated) throw new AppError("conflict", "The key was rotated at the same moment by another request; fetch it and try again");
      return updated;
    },
    (updated) => ({ id: updated.id, display: secretDisplay(updated.keyPrefix, updated.keyLastFour), graceSeconds: grace }),
  );
  forgetGatewayTarget(namespace, name);
  return answer(rotated);
}

export interface KeyPrincipal {
  keyId: string;
  tenant: string;
  name: string;
  publishedModelId: string;
  modelType: ModelType;
  rateLimiting: RateLimiting;
}

/** The key lookups, built once per database handle: the gateway runs them on every keyed request. */
const keyLookups = new WeakMap<Database, ReturnType<typeof prepareKeyLookups>>();

function prepareKeyLookups(database: Database) {
  const byHash = (column: typeof apiKeys.keyHash | typeof apiKeys.previousKeyHash, name: string) =>
    database
      .select({ key: apiKeys, model: publishedModels })
      .from(apiKeys)
      .innerJoin(publishedModels, eq(apiKeys.publishedModelId, publishedModels.id))
      .where(and(isNull(apiKeys.revokedAt), eq(column, sql.placeholder("hash"))))
      .prepare(name);
  return {
    current: byHash(apiKeys.keyHash, "modelport_key_by_hash"),
    previous: byHash(apiKeys.previousKeyHash, "modelport_key_by_previous_hash"),
  };
}

interface CachedKey {
  principal: KeyPrincipal;
  expiresAt: Date | null;
  /** Set when the secret presented is the key's previous one: it works until then. */
  previousUntil: Date | null;
  lastUsedAt: Date | null;
}

/**
 * The key a presented secret is (its current secret, or its previous one within the grace period), if usable now.
 * Found keys are remembered until any key or publication changes (./gateway-cache forgets them on every replica at
 * once); expiry and the grace period are checked on every request.
 */
export async function authenticateApiKey(presented: string): Promise<KeyPrincipal | null> {
  if (!presented.startsWith(API_KEY_PREFIX) || presented.length > 256) return null;
  const hash = hashToken(presented);
  const cache = gatewayKeyCache<CachedKey>();
  const found = cache.get(hash) ?? (await lookUpKey(hash));
  if (!found) return null;
  const now = new Date();
  if ((found.expiresAt && found.expiresAt <= now) || (found.previousUntil && found.previousUntil <= now)) return null;
  if (cache.size > 100_000) cache.clear();
  cache.set(hash, found);
  touchKey(found, now);
  return found.principal;
}

async function lookUpKey(hash: string): Promise<CachedKey | undefined> {
  const database = getDatabase();
  let lookups = keyLookups.get(database);
  if (!lookups) keyLookups.set(database, (lookups = prepareKeyLookups(database)));
  const now = new Date();
  let match: Awaited<ReturnType<typeof lookups.current.execute>>[number] | undefined = (await lookups.current.execute({ hash }))[0];
  let previous = false;
  if (!match) {
    match = (await lookups.previous.execute({ hash })).find(
      (row) => row.key.previousValidUntil !== null && row.key.previousValidUntil > now,
    );
    previous = true;
  }
  // Found by its hash; compared once more in constant time all the same.
  if (!match || !secretsMatch(hash, previous ? (match.key.previousKeyHash ?? "") : match.key.keyHash)) return undefined;
  return {
    principal: {
      keyId: match.key.id,
      tenant: match.model.tenant,
      name: match.model.name,
      publishedModelId: match.model.id,
      modelType: match.model.modelType,
      rateLimiting: match.model.rateLimiting as RateLimiting,
    },
    expiresAt: match.key.expiresAt,
    previousUntil: previous ? match.key.previousValidUntil : null,
    lastUsedAt: match.key.lastUsedAt,
  };
}

const TOUCH_EVERY_MS = 60_000;

/** Notes a key's last use at most once a minute, off the request's path. */
function touchKey(key: CachedKey, now: Date): void {
  if (key.lastUsedAt && now.getTime() - key.lastUsedAt.getTime() < TOUCH_EVERY_MS) return;
  key.lastUsedAt = now;
  void getDatabase()
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(eq(apiKeys.id, key.principal.keyId))
    .catch(() => undefined);
}

/** `POST /api/validate-api-key`: which tenant's model a key opens, for a signed-in caller or a service account. */
export async function validateApiKey(
  caller: Caller,
  apiKey: string,
): Promise<{ valid: boolean; tenant: string | null; model: string | null }> {
  void caller;
  const principal = await authenticateApiKey(apiKey);
  return principal ? { valid: true, tenant: principal.tenant, model: principal.name } : { valid: false, tenant: null, model: null };
}

/**
 * The inference-in-a-box paths (`/api/models/{name}/publish…`): the tenant from `?namespace=` or `config.tenantId`,
 * and its answers' envelopes around the same operations.
 */
export const seedPublishing = {
  async publish(caller: Caller, name: string, namespace: string | undefined, config: PublishConfig) {
    const tenant = await seedNamespace(caller, namespace, config.tenantId);
    return { message: "Model published successfully", publishedModel: await publishDeployment(caller, tenant, name, config) };
  },
  async update(caller: Caller, name: string, namespace: string | undefined, config: PublishConfig) {
    const tenant = await seedNamespace(caller, namespace, config.tenantId);
    return { message: "Published model updated successfully", publishedModel: await updatePublication(caller, tenant, name, config) };
  },
  async get(caller: Caller, name: string, namespace: string | undefined) {
    return getPublication(caller, await seedNamespace(caller, namespace), name);
  },
  async unpublish(caller: Caller, name: string, namespace: string | undefined) {
    return unpublishDeployment(caller, await seedNamespace(caller, namespace), name);
  },
  async rotate(caller: Caller, name: string, namespace: string | undefined, options: Parameters<typeof rotateKey>[3]) {
    return rotateKey(caller, await seedNamespace(caller, namespace), name, options);
  },
};

/** The seed's `?namespace=`: one of the caller's tenants (any, for an admin); else `tenantId`; else its only tenant. */
async function seedNamespace(caller: Caller, named: string | undefined, tenantId?: string): Promise<string> {
  const chosen = named ?? tenantId;
  if (chosen) return chosen;
  const tenants = caller.isAdmin ? Object.keys(caller.tenantRoles) : await visibleTenantNames(caller);
  if (tenants.length === 1) return tenants[0];
  throw invalid([
    {
      field: "namespace",
      message:
        tenants.length === 0
          ? "Name the tenant with ?namespace="
          : `You can see several tenants (${tenants.join(", ")}); name one with ?namespace=`,
    },
  ]);
}
