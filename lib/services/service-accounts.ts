// Tenant service accounts for scripts and CI: a bearer token shown once, stored hashed, revocable.
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { getDatabase } from "@/db";
import { serviceAccounts } from "@/db/schema";
import { callerLabel, requireManageable, requirePerson, type Caller } from "@/lib/auth/caller";
import { issueServiceAccountToken, secretDisplay } from "@/lib/auth/secret-tokens";
import { AppError, notFound } from "@/lib/errors";
import { serviceAccountInputSchema, type ServiceAccount } from "@/lib/schemas/tenant";
import { audited } from "./audit";
import { parseInput } from "./parse-input";
import { tenantExists } from "./tenants";

type Row = typeof serviceAccounts.$inferSelect;

function toServiceAccount(row: Row): ServiceAccount {
  return {
    id: row.id,
    tenant: row.tenant,
    name: row.name,
    role: row.role,
    tokenHint: secretDisplay(row.tokenPrefix, row.tokenLastFour),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

async function requireTenantManager(caller: Caller, tenant: string): Promise<void> {
  requireManageable(caller, tenant, `Tenant ${tenant}`);
  if (!(await tenantExists(tenant))) throw notFound(`Tenant ${tenant}`);
}

export async function listServiceAccounts(caller: Caller, tenant: string): Promise<{ items: ServiceAccount[] }> {
  await requireTenantManager(caller, tenant);
  const rows = await getDatabase()
    .select()
    .from(serviceAccounts)
    .where(eq(serviceAccounts.tenant, tenant))
    .orderBy(desc(serviceAccounts.createdAt));
  return { items: rows.map(toServiceAccount) };
}

export async function createServiceAccount(caller: Caller, tenant: string, input: unknown): Promise<ServiceAccount & { token: string }> {
  await requireTenantManager(caller, tenant);
  requirePerson(caller, "create service accounts");
  const { name, role } = parseInput(serviceAccountInputSchema, input);
  const issued = issueServiceAccountToken();
  const intent = { action: "service-account.create", tenant, resourceKind: "ServiceAccount", resourceName: name };
  const account = await audited(
    caller,
    intent,
    async () => {
      const [row] = await getDatabase()
        .insert(serviceAccounts)
        .values({
          tenant,
          name,
          role,
          tokenHash: issued.hash,
          tokenPrefix: issued.prefix,
          tokenLastFour: issued.lastFour,
          createdBy: callerLabel(caller),
        })
        .onConflictDoNothing()
        .returning();
      if (!row) throw new AppError("conflict", `Service account ${name} already exists in tenant ${tenant}`);
      return toServiceAccount(row);
    },
    (created) => created,
  );
  return { ...account, token: issued.token };
}

export async function revokeServiceAccount(caller: Caller, tenant: string, id: string): Promise<ServiceAccount> {
  await requireTenantManager(caller, tenant);
  requirePerson(caller, "revoke service accounts");
  const what = `Service account ${id} in tenant ${tenant}`;
  if (!z.uuid().safeParse(id).success) throw notFound(what);
  const active = and(eq(serviceAccounts.id, id), eq(serviceAccounts.tenant, tenant), isNull(serviceAccounts.revokedAt));
  const [current] = await getDatabase().select().from(serviceAccounts).where(active);
  if (!current) throw notFound(what);
  const before = toServiceAccount(current);
  const intent = { action: "service-account.revoke", tenant, resourceKind: "ServiceAccount", resourceName: current.name, before };
  return audited(
    caller,
    intent,
    async () => {
      const [row] = await getDatabase().update(serviceAccounts).set({ revokedAt: new Date() }).where(active).returning();
      if (!row) throw notFound(what);
      return toServiceAccount(row);
    },
    (account) => account,
  );
}
