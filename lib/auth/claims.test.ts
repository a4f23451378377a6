import { describe, expect, it } from "vitest";
import { canManageModels, canReadTenant } from "./caller";
import { callerFromClaims } from "./claims";

describe("callerFromClaims", () => {
  it("maps Keycloak groups /tenants/<tenant>/<role> to tenant roles", () => {
    const caller = callerFromClaims(
      { sub: "u1", email: "alice@example.com", groups: ["/tenants/tenant-a/member", "/tenants/tenant-b/viewer", "/other"] },
      "modelport-admin",
    );
    expect(caller.tenantRoles).toEqual({ "tenant-a": "member", "tenant-b": "viewer" });
    expect(caller.isAdmin).toBe(false);
    expect(canManageModels(caller, "tenant-a")).toBe(true);
    expect(canManageModels(caller, "tenant-b")).toBe(false);
    expect(canReadTenant(caller, "tenant-b")).toBe(true);
    expect(canReadTenant(caller, "tenant-c")).toBe(false);
  });

  it("lets member win over viewer and accepts group paths without the leading slash", () => {
    const caller = callerFromClaims({ groups: ["tenants/t1/member", "/tenants/t1/viewer"] }, "modelport-admin");
    expect(caller.tenantRoles).toEqual({ t1: "member" });
  });

  it("makes the configured realm role an admin", () => {
    expect(callerFromClaims({ realm_access: { roles: ["offline_access", "modelport-admin"] } }, "modelport-admin").isAdmin).toBe(true);
    expect(callerFromClaims({ realm_access: { roles: ["modelport-admin"] } }, "platform-admin").isAdmin).toBe(false);
  });

  it("ignores malformed claims instead of trusting them", () => {
    const caller = callerFromClaims(
      { groups: "/tenants/t1/member", realm_access: { roles: "modelport-admin" }, email: 42 },
      "modelport-admin",
    );
    expect(caller).toMatchObject({ isAdmin: false, tenantRoles: {}, email: null });
    expect(callerFromClaims({ groups: ["/tenants/Bad_Name/member", "/tenants/t1/owner"] }, "x").tenantRoles).toEqual({});
  });
});
