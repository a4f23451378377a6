// Maps identity-token claims (Keycloak's shapes, which the embedded issuer copies) to a Caller.
import { TENANT_ROLES, type TenantRole } from "@/lib/schemas/tenant";
import type { Caller } from "./caller";

export interface IdentityClaims {
  sub?: unknown;
  email?: unknown;
  name?: unknown;
  preferred_username?: unknown;
  groups?: unknown;
  realm_access?: unknown;
}

const GROUP_PATTERN = new RegExp(`^/?tenants/([a-z0-9]([a-z0-9-]*[a-z0-9])?)/(${TENANT_ROLES.join("|")})$`);

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function realmRoles(realmAccess: unknown): string[] {
  if (realmAccess && typeof realmAccess === "object" && "roles" in realmAccess) return stringList(realmAccess.roles);
  return [];
}

/** Groups `/tenants/<tenant>/<member|viewer>` give tenant roles (member wins over viewer); the admin realm role gives admin. */
export function callerFromClaims(claims: IdentityClaims, adminRole: string): Caller {
  const tenantRoles: Record<string, TenantRole> = Object.create(null);
  for (const group of stringList(claims.groups)) {
    const match = GROUP_PATTERN.exec(group);
    if (!match) continue;
    const [, tenant, , role] = match;
    if (!Object.hasOwn(tenantRoles, tenant) || tenantRoles[tenant] !== "member") tenantRoles[tenant] = role as TenantRole;
  }
  const email = typeof claims.email === "string" ? claims.email : null;
  const username = typeof claims.preferred_username === "string" ? claims.preferred_username : null;
  const subject = typeof claims.sub === "string" ? claims.sub : (username ?? email ?? "unknown");
  return {
    kind: "user",
    subject,
    email,
    displayName: typeof claims.name === "string" ? claims.name : (username ?? email ?? subject),
    isAdmin: realmRoles(claims.realm_access).includes(adminRole),
    tenantRoles,
  };
}
