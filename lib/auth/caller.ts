// Who is calling, and what they may do: the one place tenancy and role rules are decided.
import { AppError, notFound } from "@/lib/errors";

import type { TenantRole } from "@/lib/schemas/tenant";

export type { TenantRole };

export interface Caller {
  kind: "user" | "service-account" | "bootstrap";
  /** Stable subject: the OIDC `sub`, `service-account:<tenant>/<name>`, or `bootstrap-admin`. */
  subject: string;
  email: string | null;
  displayName: string;
  isAdmin: boolean;
  tenantRoles: Record<string, TenantRole>;
  /** When the credential the caller presented stops being valid (a token's `exp`); none for tokens without one. */
  expiresAt?: Date;
  /** A browser session's id (the `sid` claim set at sign-in), by which signing out revokes it on every replica. */
  sessionId?: string;
  /** The service account's row id, so a revoked (or deleted) account stops its caller even if the name is reused. */
  serviceAccountId?: string;
}

/** How the caller is named in audit records and as a Model's owner. */
/** Modelport acting on its own (the gateway's lookups, background checks): sees every tenant, as an admin. */
export function systemCaller(subject: string, displayName = subject): Caller {
  return { kind: "bootstrap", subject, email: null, displayName, isAdmin: true, tenantRoles: {} };
}

export function callerLabel(caller: Caller): string {
  return caller.email ?? caller.subject;
}

/** The caller's own role in a tenant; never an inherited property (a tenant may be named "constructor"). */
export function roleIn(caller: Caller, tenant: string): TenantRole | undefined {
  return Object.hasOwn(caller.tenantRoles, tenant) ? caller.tenantRoles[tenant] : undefined;
}

export function canReadTenant(caller: Caller, tenant: string): boolean {
  return caller.isAdmin || roleIn(caller, tenant) !== undefined;
}

/** Admins and tenant members hold `can_manage_models`; viewers only read. */
export function canManageModels(caller: Caller, tenant: string): boolean {
  return caller.isAdmin || roleIn(caller, tenant) === "member";
}

/** Refuses with 404 rather than 403 so another tenant's objects do not reveal that they exist. */
export function requireReadable(caller: Caller, tenant: string, what: string): void {
  if (!canReadTenant(caller, tenant)) throw notFound(what);
}

export function requireManageable(caller: Caller, tenant: string, what: string): void {
  requireReadable(caller, tenant, what);
  if (!canManageModels(caller, tenant)) {
    throw new AppError("forbidden", `You have read-only access to tenant ${tenant}`);
  }
}

/** Service-account tokens are minted by people: a leaked token must not be able to mint another that outlives it. */
export function requirePerson(caller: Caller, action: string): void {
  if (caller.kind === "service-account") throw new AppError("forbidden", `A service account cannot ${action}`);
}

export function requireAdmin(caller: Caller): void {
  if (!caller.isAdmin) throw new AppError("forbidden", "Only administrators may do this");
}

/** "admin", or "member of tenant-a, viewer of tenant-b": for the header. */
export function describeRoles(caller: Caller): string {
  if (caller.isAdmin) return "admin";
  const roles = Object.entries(caller.tenantRoles).map(([tenant, role]) => `${role} of ${tenant}`);
  return roles.length > 0 ? roles.join(", ") : "no tenant yet";
}
