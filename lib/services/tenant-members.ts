// Who is in a tenant, as the identity provider tells it where it can. The embedded issuer's development users are
// known here, and their roles come from the same claims mapping sign-in uses. Keycloak keeps group membership to
// itself (listing it needs realm-management credentials Modelport does not hold), so the answer says where to look.
import { canReadTenant, type Caller } from "@/lib/auth/caller";
import { callerFromClaims } from "@/lib/auth/claims";
import { DEV_USERS, userClaims, type DevUser } from "@/lib/auth/embedded-issuer/dev-users";
import { notFound } from "@/lib/errors";
import { getRuntime } from "@/lib/runtime";
import { TENANT_ROLES, type TenantMember, type TenantMembers } from "@/lib/schemas/tenant";
import { tenantExists } from "./tenants";

const ROLE_ORDER: TenantMember["role"][] = [...TENANT_ROLES, "admin"];

/** The users who hold a role in the tenant, or are admins, by the roles their tokens would give them. Pure. */
export function membersAmong(users: readonly DevUser[], tenant: string, adminRole: string): TenantMember[] {
  const members: TenantMember[] = [];
  for (const user of users) {
    const caller = callerFromClaims(userClaims(user), adminRole);
    const role = caller.isAdmin ? "admin" : Object.hasOwn(caller.tenantRoles, tenant) ? caller.tenantRoles[tenant] : undefined;
    if (role) members.push({ username: user.username, displayName: user.name, email: user.email, role });
  }
  return members.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.username.localeCompare(b.username));
}

/** Where a Keycloak administrator manages the tenant's people: the groups lib/auth/claims.ts reads from the token. */
export function keycloakMembersNote(tenant: string, adminRole: string): string {
  return (
    `Keycloak does not tell Modelport who is in a group; manage members in Keycloak (groups /tenants/${tenant}/member ` +
    `and /tenants/${tenant}/viewer, sent to Modelport in the token's "groups" claim with their full path; administrators ` +
    `hold the realm role ${adminRole})`
  );
}

/** The tenant's members for its members, viewers and admins; a tenant the caller cannot see is not found. */
export async function listTenantMembers(caller: Caller, tenant: string): Promise<TenantMembers> {
  if (!canReadTenant(caller, tenant) || !(await tenantExists(tenant))) throw notFound(`Tenant ${tenant}`);
  const { identity, MODELPORT_ADMIN_ROLE: adminRole } = getRuntime().config;
  switch (identity) {
    case "embedded":
      // start-runtime gives the embedded issuer no other users than these.
      return { source: "embedded-issuer", items: membersAmong(DEV_USERS, tenant, adminRole) };
    case "keycloak":
      return { source: "unavailable", note: keycloakMembersNote(tenant, adminRole), items: [] };
    default: {
      const unknown: never = identity;
      throw new Error(`Unknown identity provider ${String(unknown)}`);
    }
  }
}
