// Tenants and their service accounts: request and response shapes.
import { z } from "zod";
import { namespaceSchema } from "./deployment";
import { plainText } from "./text";

/** A person's or service account's role in one tenant: members hold can_manage_models, viewers only read. */
export const TENANT_ROLES = ["member", "viewer"] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];
export const tenantRoleSchema = z.enum(TENANT_ROLES);

export const tenantInputSchema = z
  .object({
    name: namespaceSchema.describe("Tenant name; also its Kubernetes namespace"),
    displayName: plainText(100).trim().min(1).optional(),
  })
  .strict();

export const tenantSchema = z
  .object({
    name: z.string(),
    displayName: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    role: z.enum(["admin", ...TENANT_ROLES]).describe("The caller's role in this tenant"),
  })
  .meta({ id: "Tenant" });
export type Tenant = z.infer<typeof tenantSchema>;
export const tenantListSchema = z.object({ items: z.array(tenantSchema) });

export const serviceAccountInputSchema = z
  .object({
    name: z
      .string()
      .min(1, "Name is required")
      .max(63)
      .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, "Use lowercase letters, digits and '-'"),
    role: tenantRoleSchema,
  })
  .strict();
export type ServiceAccountInput = z.infer<typeof serviceAccountInputSchema>;

export const serviceAccountSchema = z
  .object({
    id: z.string(),
    tenant: z.string(),
    name: z.string(),
    role: tenantRoleSchema,
    tokenHint: z.string().describe("First characters and last four of the token, for recognising it"),
    createdAt: z.string(),
    createdBy: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: "ServiceAccount" });
export type ServiceAccount = z.infer<typeof serviceAccountSchema>;
export const serviceAccountListSchema = z.object({ items: z.array(serviceAccountSchema) });

export const createdServiceAccountSchema = serviceAccountSchema
  .extend({
    token: z.string().describe("The bearer token; shown only in this response"),
  })
  .meta({ id: "CreatedServiceAccount" });

/** Who is in a tenant as the identity provider tells it: admins act in every tenant, so they are listed too. */
export const tenantMemberSchema = z
  .object({
    username: z.string(),
    displayName: z.string(),
    email: z.string().optional(),
    role: z.enum(["admin", ...TENANT_ROLES]).describe("member or viewer of the tenant; admin: an administrator of every tenant"),
  })
  .meta({ id: "TenantMember" });
export type TenantMember = z.infer<typeof tenantMemberSchema>;

export const TENANT_MEMBER_SOURCES = ["embedded-issuer", "unavailable"] as const;

export const tenantMembersSchema = z
  .object({
    source: z
      .enum(TENANT_MEMBER_SOURCES)
      .describe("embedded-issuer: its development users; unavailable: the identity provider does not tell (Keycloak)"),
    note: z.string().optional().describe("Where members are managed when Modelport cannot list them"),
    items: z.array(tenantMemberSchema),
  })
  .meta({ id: "TenantMembers" });
export type TenantMembers = z.infer<typeof tenantMembersSchema>;
