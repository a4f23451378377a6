// Drizzle schema: what Kubernetes does not hold — tenants, service accounts, the audit log, ended browser sessions,
// presets, the built-in model repository, background jobs, published models and their API keys.
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { TENANT_ROLES } from "@/lib/schemas/tenant";

export const tenants = pgTable("tenants", {
  name: text("name").primaryKey(),
  displayName: text("display_name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  createdBy: text("created_by").notNull(),
});

export const serviceAccounts = pgTable(
  "service_accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenant: text("tenant")
      .notNull()
      .references(() => tenants.name, { onDelete: "cascade" }),
    name: text("name").notNull(),
    role: text("role", { enum: TENANT_ROLES }).notNull(),
    tokenHash: text("token_hash").notNull(),
    tokenPrefix: text("token_prefix").notNull(),
    tokenLastFour: text("token_last_four").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: text("created_by").notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("service_accounts_token_hash_key").on(table.tokenHash),
    uniqueIndex("service_accounts_active_name_key")
      .on(table.tenant, table.name)
      .where(sql`${table.revokedAt} is null`),
  ],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actor: text("actor").notNull(),
    actorKind: text("actor_kind").notNull(),
    action: text("action").notNull(),
    tenant: text("tenant"),
    resourceKind: text("resource_kind").notNull(),
    resourceName: text("resource_name").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    // Written "pending" before the change and settled after it; rows older than this column were written after
    // their change, hence the default.
    outcome: text("outcome", { enum: ["pending", "succeeded", "failed"] })
      .notNull()
      .default("succeeded"),
    error: text("error"),
  },
  (table) => [index("audit_events_tenant_at_idx").on(table.tenant, table.at)],
);

// Browser sessions signed out before their token expired. Every replica refuses their cookie; a row is useless
// (and pruned) once the token it names has expired anyway.
export const revokedSessions = pgTable(
  "revoked_sessions",
  {
    id: text("id").primaryKey(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("revoked_sessions_expires_at_idx").on(table.expiresAt)],
);

// Presets: the catalog a data scientist deploys from. KubeAI's own catalog is seeded in once (source
// "kubeai-catalog"); admins add their own. A deleted seeded preset keeps its row, marked deleted, so seeding again
// does not bring it back.
export const presets = pgTable(
  "presets",
  {
    id: text("id").primaryKey(),
    source: text("source", { enum: ["kubeai-catalog", "admin"] }).notNull(),
    definition: jsonb("definition").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: text("created_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text("updated_by").notNull(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (table) => [index("presets_source_idx").on(table.source)],
);

// The built-in model repository (used unless MLFLOW_TRACKING_URI points at MLflow): registered models per tenant.
export const repositoryModels = pgTable(
  "repository_models",
  {
    tenant: text("tenant")
      .notNull()
      .references(() => tenants.name, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    tags: jsonb("tags").$type<Record<string, string>>().notNull().default({}),
    // The highest version number ever given: as in MLflow, a deleted version's number is not given again.
    lastVersion: integer("last_version").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: text("created_by"),
  },
  (table) => [primaryKey({ columns: [table.tenant, table.name] })],
);

export const repositoryVersions = pgTable(
  "repository_versions",
  {
    tenant: text("tenant").notNull(),
    name: text("name").notNull(),
    version: integer("version").notNull(),
    status: text("status", { enum: ["PENDING_REGISTRATION", "READY", "FAILED_REGISTRATION"] }).notNull(),
    statusMessage: text("status_message"),
    source: text("source").notNull(),
    description: text("description"),
    tags: jsonb("tags").$type<Record<string, string>>().notNull().default({}),
    runId: text("run_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: text("created_by"),
  },
  (table) => [
    primaryKey({ columns: [table.tenant, table.name, table.version] }),
    foreignKey({ columns: [table.tenant, table.name], foreignColumns: [repositoryModels.tenant, repositoryModels.name] }).onDelete(
      "cascade",
    ),
  ],
);

// Background jobs (imports): queued here, claimed by any process with FOR UPDATE SKIP LOCKED, kept alive by a
// heartbeat so a job whose process died is claimed again and resumes. Credentials never live here: a job names a
// Kubernetes Secret or an OpenBao path that holds them.
export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenant: text("tenant")
      .notNull()
      .references(() => tenants.name, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    state: text("state", { enum: ["queued", "running", "succeeded", "failed", "cancelled"] }).notNull(),
    params: jsonb("params").notNull(),
    progress: jsonb("progress").notNull().default({}),
    files: jsonb("files").notNull().default([]),
    result: jsonb("result"),
    checkpoint: jsonb("checkpoint").notNull().default({}),
    error: text("error"),
    log: jsonb("log").notNull().default([]),
    attempts: integer("attempts").notNull().default(0),
    cancelRequested: boolean("cancel_requested").notNull().default(false),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    lockedBy: text("locked_by"),
    runAfter: timestamp("run_after", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("jobs_state_run_after_idx").on(table.state, table.runAfter),
    index("jobs_tenant_created_at_idx").on(table.tenant, table.createdAt),
  ],
);

/** A deployment made reachable from outside: where (hostname and path), by whom (API keys, tenants) and how much. */
export const publishedModels = pgTable(
  "published_models",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenant: text("tenant")
      .notNull()
      .references(() => tenants.name, { onDelete: "cascade" }),
    /** The deployment's name in the tenant's namespace. */
    name: text("name").notNull(),
    modelType: text("model_type", { enum: ["openai", "traditional"] }).notNull(),
    publicHostname: text("public_hostname").notNull(),
    externalPath: text("external_path").notNull(),
    rateLimiting: jsonb("rate_limiting").notNull(),
    authentication: jsonb("authentication").notNull(),
    description: text("description"),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("published_models_tenant_name_key").on(table.tenant, table.name),
    uniqueIndex("published_models_location_key").on(table.publicHostname, table.externalPath),
  ],
);

/**
 * A published model's API key: an identity (id, name, expiry) that keeps its id across rotations, with the hash of
 * its current secret and, for a grace period after a rotation, of the one before.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    publishedModelId: uuid("published_model_id")
      .notNull()
      .references(() => publishedModels.id, { onDelete: "cascade" }),
    tenant: text("tenant").notNull(),
    name: text("name").notNull(),
    keyHash: text("key_hash").notNull(),
    keyPrefix: text("key_prefix").notNull(),
    keyLastFour: text("key_last_four").notNull(),
    previousKeyHash: text("previous_key_hash"),
    previousValidUntil: timestamp("previous_valid_until", { withTimezone: true }),
    /** The Idempotency-Key of the last rotation: the same key again yields the same secret, not another. */
    rotationKey: text("rotation_key"),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    rotatedAt: timestamp("rotated_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (table) => [
    uniqueIndex("api_keys_key_hash_key").on(table.keyHash),
    index("api_keys_previous_key_hash_idx").on(table.previousKeyHash),
    index("api_keys_published_model_idx").on(table.publishedModelId),
  ],
);

/** Requests and tokens per API key per day (UTC), written in batches off the request path. */
export const usageDaily = pgTable(
  "usage_daily",
  {
    apiKeyId: uuid("api_key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    publishedModelId: uuid("published_model_id")
      .notNull()
      .references(() => publishedModels.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    /** Every request admitted with the key, failed and abandoned ones included. */
    requests: integer("requests").notNull().default(0),
    refused: integer("refused").notNull().default(0),
    errors: integer("errors").notNull().default(0),
    promptTokens: bigint("prompt_tokens", { mode: "number" }).notNull().default(0),
    completionTokens: bigint("completion_tokens", { mode: "number" }).notNull().default(0),
    /** Tokens counted from what was sent, for streams abandoned before the server reported usage (also in the above). */
    estimatedTokens: bigint("estimated_tokens", { mode: "number" }).notNull().default(0),
    /** Answers by status class: {"2xx": n, "4xx": n, "5xx": n}. */
    statuses: jsonb("statuses").notNull().default({}),
    lastAccessAt: timestamp("last_access_at", { withTimezone: true }),
  },
  (table) => [
    primaryKey({ columns: [table.apiKeyId, table.day] }),
    index("usage_daily_model_day_idx").on(table.publishedModelId, table.day),
  ],
);
