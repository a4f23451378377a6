// Looks up a presented service-account token by its hash: the caller it stands for, or null when unknown or revoked.
import { and, eq, isNull } from "drizzle-orm";
import { getDatabase } from "@/db";
import { serviceAccounts } from "@/db/schema";
import type { Caller } from "./caller";
import { hashToken, SERVICE_ACCOUNT_TOKEN_PREFIX } from "./secret-tokens";

export async function callerFromServiceAccountToken(token: string): Promise<Caller | null> {
  if (!token.startsWith(SERVICE_ACCOUNT_TOKEN_PREFIX)) return null;
  const [row] = await getDatabase()
    .update(serviceAccounts)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(serviceAccounts.tokenHash, hashToken(token)), isNull(serviceAccounts.revokedAt)))
    .returning();
  if (!row) return null;
  const tenantRoles: Caller["tenantRoles"] = Object.create(null);
  tenantRoles[row.tenant] = row.role;
  return {
    kind: "service-account",
    subject: `service-account:${row.tenant}/${row.name}`,
    serviceAccountId: row.id,
    email: null,
    displayName: `${row.name} (service account of ${row.tenant})`,
    isAdmin: false,
    tenantRoles,
  };
}

/** Whether the account is still there and not revoked; deleting its tenant deletes it. */
export async function isServiceAccountActive(id: string): Promise<boolean> {
  const rows = await getDatabase()
    .select({ id: serviceAccounts.id })
    .from(serviceAccounts)
    .where(and(eq(serviceAccounts.id, id), isNull(serviceAccounts.revokedAt)))
    .limit(1);
  return rows.length > 0;
}
