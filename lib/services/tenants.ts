// Tenants: a Kubernetes namespace plus its members. Admins create and delete them; everyone lists what they may see.
import { eq } from "drizzle-orm";
import { getDatabase } from "@/db";
import { tenants } from "@/db/schema";
import { callerLabel, canManageModels, canReadTenant, requireAdmin, roleIn, type Caller } from "@/lib/auth/caller";
import { AppError, notFound } from "@/lib/errors";
import { getCluster } from "@/lib/k8s/cluster";
import { ensureNamespace } from "@/lib/k8s/namespaces";
import { tenantInputSchema, type Tenant } from "@/lib/schemas/tenant";
import { audited } from "./audit";
import { parseInput } from "./parse-input";

type TenantRow = typeof tenants.$inferSelect;

function toTenant(row: TenantRow, caller: Caller): Tenant {
  return {
    name: row.name,
    displayName: row.displayName,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    role: caller.isAdmin ? "admin" : (roleIn(caller, row.name) ?? "viewer"),
  };
}

export async function listTenants(caller: Caller): Promise<{ items: Tenant[] }> {
  const rows = await getDatabase().select().from(tenants).orderBy(tenants.name);
  return { items: rows.filter((row) => canReadTenant(caller, row.name)).map((row) => toTenant(row, caller)) };
}

/** Tenants where the caller may create and change deployments and service accounts. */
export async function manageableTenantNames(caller: Caller): Promise<string[]> {
  return (await visibleTenantNames(caller)).filter((name) => canManageModels(caller, name));
}

/** Names of the tenants the caller may see, sorted; the namespaces their deployments live in. */
export async function visibleTenantNames(caller: Caller): Promise<string[]> {
  return (await listTenants(caller)).items.map((tenant) => tenant.name);
}

export async function tenantExists(name: string): Promise<boolean> {
  const rows = await getDatabase().select({ name: tenants.name }).from(tenants).where(eq(tenants.name, name));
  return rows.length > 0;
}

export async function createTenant(caller: Caller, input: unknown): Promise<Tenant> {
  requireAdmin(caller);
  const { name, displayName } = parseInput(tenantInputSchema, input);
  if (await tenantExists(name)) throw new AppError("conflict", `Tenant ${name} already exists`);
  const intent = { action: "tenant.create", tenant: name, resourceKind: "Tenant", resourceName: name };
  const row = await audited(
    caller,
    intent,
    async () => {
      await ensureNamespace(getCluster(), name);
      const [inserted] = await getDatabase()
        .insert(tenants)
        .values({ name, displayName: displayName ?? name, createdBy: callerLabel(caller) })
        .onConflictDoNothing()
        .returning();
      if (!inserted) throw new AppError("conflict", `Tenant ${name} already exists`);
      return inserted;
    },
    (inserted) => inserted,
  );
  return toTenant(row, caller);
}

/** Removes the tenant and its service accounts; its namespace and deployments stay in the cluster. */
export async function deleteTenant(caller: Caller, name: string): Promise<void> {
  requireAdmin(caller);
  const [current] = await getDatabase().select().from(tenants).where(eq(tenants.name, name));
  if (!current) throw notFound(`Tenant ${name}`);
  const intent = { action: "tenant.delete", tenant: name, resourceKind: "Tenant", resourceName: name, before: current };
  await audited(caller, intent, async () => {
    const [row] = await getDatabase().delete(tenants).where(eq(tenants.name, name)).returning();
    if (!row) throw notFound(`Tenant ${name}`);
  });
}

/** Start-up: makes sure the configured tenants exist, in the database and as namespaces. */
export async function seedTenants(names: string[]): Promise<void> {
  const cluster = getCluster();
  for (const name of names) {
    await ensureNamespace(cluster, name);
    await getDatabase().insert(tenants).values({ name, displayName: name, createdBy: "modelport" }).onConflictDoNothing();
  }
}
