// A tenant's members as the identity provider tells them: the embedded issuer's development users with a role in the
// tenant (and the admins), readable by the tenant's people and admins only; with Keycloak, which does not tell, an
// empty list and where to manage them instead. And the deploy form's quota note, counted in the browser from the
// quota and the profiles the API gives, agreeing with the server's 422, whose message lands on the profile field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEV_USERS } from "@/lib/auth/embedded-issuer";
import { EDIT_FIELDS } from "@/lib/client/deployment-edit";
import { placeFieldErrors } from "@/lib/client/form-errors";
import { editQuotaNeed, kubeaiProfileUse, quotaNoteOf } from "@/lib/client/quota-note";
import { membersAmong } from "@/lib/services/tenant-members";
import { ADMIN_TOKEN, startHarness, type Harness } from "./harness";
import { call } from "./http";

const members = (tenant: string, token: string) => call("GET", `/api/v1/tenants/${tenant}/members`, { token });

const ADA = { username: "admin", displayName: "Ada Admin", email: "admin@modelport.local", role: "admin" };
const ALICE = { username: "alice", displayName: "Alice (tenant-a member)", email: "alice@modelport.local", role: "member" };
const VICTOR = { username: "victor", displayName: "Victor (tenant-a viewer)", email: "victor@modelport.local", role: "viewer" };
const BOB = { username: "bob", displayName: "Bob (tenant-b member)", email: "bob@modelport.local", role: "member" };

describe("a tenant's members", () => {
  let harness: Harness;
  let tokens: Record<"admin" | "alice" | "bob" | "victor", string>;

  beforeAll(async () => {
    harness = await startHarness("pglite");
    const [admin, alice, bob, victor] = await Promise.all(
      (["admin", "alice", "bob", "victor"] as const).map((username) => harness.tokenFor(username)),
    );
    tokens = { admin, alice, bob, victor };
  });
  afterAll(async () => {
    await harness?.stop();
  });

  describe("with the embedded issuer", () => {
    // The harness's issuer is the embedded one with its development users, configured as an outside provider;
    // the server says "embedded" when it mounts that same issuer itself.
    beforeAll(() => {
      harness.started.runtime.config.identity = "embedded";
    });
    afterAll(() => {
      harness.started.runtime.config.identity = "keycloak";
    });

    it("lists the development users with a role in the tenant, members before viewers, admins last", async () => {
      const answer = await members("tenant-a", tokens.alice);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body).toEqual({ source: "embedded-issuer", items: [ALICE, VICTOR, ADA] });
      // A viewer reads the same list.
      expect((await members("tenant-a", tokens.victor)).body.items).toEqual([ALICE, VICTOR, ADA]);
      expect((await members("tenant-b", tokens.bob)).body).toEqual({ source: "embedded-issuer", items: [BOB, ADA] });
    });

    it("answers 404 for another tenant's user and for a tenant that does not exist, as for its other objects", async () => {
      const refused = await members("tenant-a", tokens.bob);
      expect(refused.status).toBe(404);
      expect(JSON.stringify(refused.body)).not.toContain("alice");
      expect((await members("tenant-b", tokens.victor)).status).toBe(404);
      expect((await members("no-such-tenant", tokens.admin)).status).toBe(404);
    });

    it("lets an admin read every tenant's members, those without people of their own too", async () => {
      expect((await members("tenant-a", tokens.admin)).body.items).toEqual([ALICE, VICTOR, ADA]);
      expect((await members("tenant-b", tokens.admin)).body.items).toEqual([BOB, ADA]);
      const kubeai = await members("kubeai", ADMIN_TOKEN);
      expect(kubeai.status).toBe(200);
      expect(kubeai.body.items).toEqual([ADA]);
    });

    it("maps roles with sign-in's own claims rules: member wins over viewer, the configured admin role counts", () => {
      const users = [
        { username: "zoe", email: "zoe@x", name: "Zoe", realmRoles: [], groups: ["/tenants/t1/viewer", "/tenants/t1/member"] },
        { username: "yan", email: "yan@x", name: "Yan", realmRoles: ["platform-admin"], groups: [] },
        { username: "xia", email: "xia@x", name: "Xia", realmRoles: ["modelport-admin"], groups: ["/tenants/t2/member"] },
      ];
      expect(membersAmong(users, "t1", "platform-admin").map((member) => [member.username, member.role])).toEqual([
        ["zoe", "member"],
        ["yan", "admin"],
      ]);
      expect(membersAmong(DEV_USERS, "tenant-b", "modelport-admin").map((member) => member.username)).toEqual(["bob", "admin"]);
    });
  });

  describe("the quota note beside the profile picker", () => {
    const l4 = (name: string, instanceCount: number) => ({
      namespace: "tenant-b",
      name,
      url: "hf://Qwen/Qwen2-0.5B-Instruct",
      engine: "VLLM",
      features: ["TextGeneration"],
      resourceProfile: "nvidia-gpu-l4",
      instanceCount,
      replicas: 1,
    });
    const noteFor = async (need: Parameters<typeof quotaNoteOf>[2]) => {
      const [quota, profiles] = await Promise.all([
        call("GET", "/api/v1/tenants/tenant-b/quota", { token: tokens.bob }),
        call("GET", "/api/v1/resource-profiles", { token: tokens.bob }),
      ]);
      return quotaNoteOf("tenant-b", quota.body, need, profiles.body.items);
    };

    it("warns of what the server then refuses, and the refusal lands under the resource profile", async () => {
      const set = await call("PUT", "/api/v1/tenants/tenant-b/quota", { token: ADMIN_TOKEN, body: { gpus: { "nvidia.com/gpu": 2 } } });
      expect(set.status, JSON.stringify(set.body)).toBe(200);

      const tooBig = { after: kubeaiProfileUse({ resourceProfile: "nvidia-gpu-l4", instanceCount: 3, replicas: 1 }), addsDeployment: true };
      expect(await noteFor(tooBig)).toEqual({
        summary: "tenant-b: 2 of 2 nvidia.com/gpu left",
        problems: ["needs 3 nvidia.com/gpu (nvidia-gpu-l4:3 × 1 replica); tenant-b has 2 of 2 left"],
      });
      const refused = await call("POST", "/api/v1/deployments", { token: tokens.bob, body: l4("three-gpus", 3) });
      expect(refused.status).toBe(422);
      expect(placeFieldErrors(refused.body.details.fields, ["name", "namespace", "resourceProfile", "instanceCount"]).byField).toEqual({
        resourceProfile: "needs 3 nvidia.com/gpu; tenant-b has 2 of 2 left",
      });

      const fits = { after: kubeaiProfileUse({ resourceProfile: "nvidia-gpu-l4", instanceCount: 2, replicas: 1 }), addsDeployment: true };
      expect((await noteFor(fits))?.problems).toEqual([]);
      expect((await call("POST", "/api/v1/deployments", { token: tokens.bob, body: l4("two-gpus", 2) })).status).toBe(201);

      // Its pods hold both GPUs once placed; an edit to three units per replica needs one more.
      await expect.poll(async () => (await noteFor(fits))?.summary, { timeout: 15_000 }).toBe("tenant-b: 0 of 2 nvidia.com/gpu left");
      const running = (await call("GET", "/api/v1/deployments/tenant-b/two-gpus", { token: tokens.bob })).body;
      const grown = editQuotaNeed(running, kubeaiProfileUse({ resourceProfile: "nvidia-gpu-l4", instanceCount: 3, replicas: 1 }));
      expect((await noteFor(grown))?.problems).toEqual(["needs 1 more nvidia.com/gpu (this change); tenant-b has 0 of 2 left"]);
      const edit = await call("PATCH", "/api/v1/deployments/tenant-b/two-gpus", { token: tokens.bob, body: { instanceCount: 3 } });
      expect(edit.status).toBe(422);
      expect(placeFieldErrors(edit.body.details.fields, EDIT_FIELDS).byField).toEqual({
        resourceProfile: "needs 1 nvidia.com/gpu; tenant-b has 0 of 2 left",
      });
    });
  });

  describe("with Keycloak", () => {
    it("says it cannot list them and names the groups to manage in Keycloak", async () => {
      const answer = await members("tenant-a", tokens.alice);
      expect(answer.status).toBe(200);
      expect(answer.body.source).toBe("unavailable");
      expect(answer.body.items).toEqual([]);
      expect(answer.body.note).toMatch(/^Keycloak does not tell Modelport who is in a group; manage members in Keycloak/);
      expect(answer.body.note).toContain("/tenants/tenant-a/member");
      expect(answer.body.note).toContain("/tenants/tenant-a/viewer");
      expect(answer.body.note).toContain('"groups" claim');
      expect(answer.body.note).toContain("realm role modelport-admin");
      expect((await members("tenant-a", tokens.bob)).status).toBe(404);
    });
  });
});
