// The cluster view for administrators, and the inference-in-a-box Management Service's admin routes as its scripts
// call them: log in with a username and password, then send the token to /api/admin/system and /api/admin/tenants.
// The password is exchanged at the identity provider: the embedded issuer's login form (it has no password grant), or
// a Keycloak stand-in's direct access grant — which it may refuse, as Keycloak does for clients without it.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedIssuer } from "@/lib/auth/embedded-issuer";
import { formSignInOutcome, loginUserOf, passwordGrantOutcome } from "@/lib/auth/password-login";
import { getCluster } from "@/lib/k8s/cluster";
import type { ClusterView } from "@/lib/schemas/admin";
import { ADMIN_TOKEN, startHarness, type Harness } from "./harness";
import { call, callRaw } from "./http";

const PASSWORD = "admin-suite-password";
const CLIENT = { id: "modelport", secret: "admin-suite-secret" };

/** The seed's `ADMIN_TOKEN=$(curl -s -X POST … /api/admin/login | jq -r '.token')`: the raw body, read as jq reads it. */
async function loginAsSeedScriptDoes(username: string, password: string, client = "198.51.100.10"): Promise<string> {
  const response = await callRaw("POST", "/api/admin/login", {
    headers: { "content-type": "application/json", "x-modelport-client-ip": client },
    body: JSON.stringify({ username, password }),
  });
  return String((JSON.parse(await response.text()) as { token?: unknown }).token ?? "null");
}

function login(username: string, password: string, client = "198.51.100.10") {
  return call("POST", "/api/admin/login", { body: { username, password }, headers: { "x-modelport-client-ip": client } });
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** GPUs the sandbox's own pods request per node and per namespace, read straight from the Kubernetes API. */
async function gpusTheSandboxHolds() {
  const pods = await getCluster().core.listPodForAllNamespaces();
  const perNode: Record<string, number> = {};
  const perNamespace: Record<string, number> = {};
  for (const pod of pods.items) {
    if (!pod.spec?.nodeName || pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") continue;
    const gpus = (pod.spec.containers ?? []).reduce(
      (sum, container) =>
        sum + Number(container.resources?.requests?.["nvidia.com/gpu"] ?? container.resources?.limits?.["nvidia.com/gpu"] ?? 0),
      0,
    );
    perNode[pod.spec.nodeName] = (perNode[pod.spec.nodeName] ?? 0) + gpus;
    const namespace = pod.metadata?.namespace ?? "";
    perNamespace[namespace] = (perNamespace[namespace] ?? 0) + gpus;
  }
  return { perNode, perNamespace };
}

const kubeai = (namespace: string, name: string, resourceProfile: string) => ({
  name,
  namespace,
  url: "hf://Qwen/Qwen2-0.5B-Instruct",
  engine: "VLLM",
  features: ["TextGeneration"],
  resourceProfile,
  replicas: 1,
});

describe("the cluster view and the Management Service's admin routes (embedded issuer)", () => {
  let harness: Harness;
  let issuer: Awaited<ReturnType<typeof startEmbeddedIssuer>>;

  beforeAll(async () => {
    issuer = await startEmbeddedIssuer({
      port: 0,
      host: "127.0.0.1",
      pathPrefix: "/oidc",
      password: PASSWORD,
      audience: "modelport",
      // As start-runtime registers the portal for its built-in issuer: the sign-in callback of the default public URL.
      clients: [{ clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUris: ["http://localhost:3000/api/auth/callback/keycloak"] }],
    });
    harness = await startHarness("pglite", {
      KEYCLOAK_ISSUER: issuer.issuer,
      KEYCLOAK_CLIENT_ID: CLIENT.id,
      KEYCLOAK_CLIENT_SECRET: CLIENT.secret,
      MODELPORT_SIGNIN_MAX_FAILURES: "3",
    });
    const created = await Promise.all([
      call("POST", "/api/v1/deployments", { token: ADMIN_TOKEN, body: kubeai("tenant-a", "chat-a", "nvidia-gpu-l4:2") }),
      call("POST", "/api/v1/deployments", { token: ADMIN_TOKEN, body: kubeai("tenant-a", "too-big-a", "nvidia-gpu-l4:8") }),
      call("POST", "/api/v1/deployments", { token: ADMIN_TOKEN, body: kubeai("tenant-b", "chat-b", "nvidia-gpu-l4:1") }),
      call("POST", "/api/v1/deployments", {
        token: ADMIN_TOKEN,
        body: {
          backend: "kserve",
          name: "llm-b",
          namespace: "tenant-b",
          modelFormat: { name: "huggingface" },
          storageUri: "hf://Qwen/Qwen2-0.5B-Instruct",
          deploymentMode: "RawDeployment",
          resourceProfile: "nvidia-gpu-h100:1",
        },
      }),
    ]);
    for (const result of created) expect(result.status, JSON.stringify(result.body)).toBe(201);
  });
  afterAll(async () => {
    await harness?.stop();
    await issuer?.close();
  });

  it("runs the seed's admin script unchanged: log in, then system, tenants, models and published models with the token", async () => {
    const token = await loginAsSeedScriptDoes("admin", PASSWORD);
    expect(token).not.toBe("null");
    const system = await call("GET", "/api/admin/system", { token });
    expect(system.status).toBe(200);
    expect(system.body.nodes).toContainEqual({
      name: "gpu-l4-node-1",
      status: "Ready",
      version: "v1.32.0",
      capacity: { cpu: "48", memory: "192Gi", "nvidia.com/gpu": "4" },
      allocatable: { cpu: "48", memory: "192Gi", "nvidia.com/gpu": "4" },
    });
    expect(system.body.namespaces).toContainEqual({ name: "tenant-a", status: "Active", created: expect.any(String) });
    expect(system.body.deployments).toContainEqual({
      name: "chat-a",
      namespace: "tenant-a",
      ready: expect.any(Number),
      replicas: 1,
      available: expect.any(Number),
    });
    expect(system.body.deployments.map((d: { name: string }) => d.name).sort()).toEqual(["chat-a", "chat-b", "llm-b", "too-big-a"]);

    const tenants = await call("GET", "/api/admin/tenants", { token });
    expect(tenants.status).toBe(200);
    expect(tenants.body.tenants.map((t: { name: string; status: string }) => [t.name, t.status])).toEqual([
      ["kubeai", "Active"],
      ["tenant-a", "Active"],
      ["tenant-b", "Active"],
    ]);
    expect((await call("GET", "/api/models", { token })).status).toBe(200);
    expect((await call("GET", "/api/published-models", { token })).status).toBe(200);
    // Running any kubectl command over HTTP is not offered: the path does not exist.
    const kubectl = await callRaw("POST", "/api/admin/kubectl", {
      token,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ command: "get pods --all-namespaces" }),
    });
    expect(kubectl.status).toBe(404);
  });

  it("answers login with the provider's own access token and who it belongs to, never the password", async () => {
    const result = await login("admin", PASSWORD);
    expect(result.status).toBe(200);
    expect(result.body.user).toEqual({
      tenant: "admin",
      name: "Ada Admin",
      subject: "admin",
      issuer: issuer.issuer,
      isAdmin: true,
      exp: expect.any(Number),
    });
    const claims = JSON.parse(Buffer.from(result.body.token.split(".")[1], "base64url").toString()) as { iss: string; exp: number };
    expect(claims.iss).toBe(issuer.issuer);
    expect(result.body.user.exp).toBe(claims.exp);
    expect(JSON.stringify(result.body)).not.toContain(PASSWORD);
    // The token is a bearer token for every route, not only the Management Service's.
    expect((await call("GET", "/api/v1/deployments", { token: result.body.token })).status).toBe(200);
  });

  it("lets tenant users log in too, but only administrators read the cluster", async () => {
    const alice = await login("alice", PASSWORD);
    expect(alice.status).toBe(200);
    expect(alice.body.user).toMatchObject({ tenant: "tenant-a", subject: "alice", isAdmin: false });
    const token = alice.body.token as string;
    for (const path of ["/api/admin/system", "/api/admin/tenants"]) {
      const refused = await call("GET", path, { token });
      expect(refused.status, path).toBe(403);
      expect(refused.body).toEqual({ error: "Only administrators may do this" });
      expect((await call("GET", path)).status, path).toBe(401);
    }
    expect((await call("GET", "/api/v1/admin/system", { token })).status).toBe(403);
    expect((await call("GET", "/api/v1/admin/system")).status).toBe(401);
  });

  it("refuses a wrong password with 401, and after repeated failures from one address answers 429 with Retry-After", async () => {
    const client = "203.0.113.7";
    const first = await login("bob", "not-the-password", client);
    expect(first.status).toBe(401);
    expect(first.body).toEqual({ error: "Invalid username or password" });
    expect((await login("bob", "still-wrong", client)).status).toBe(401);
    const locked = await login("bob", "wrong-again", client);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    // While locked even the right password is not tried; another address is not locked out.
    expect((await login("bob", PASSWORD, client)).status).toBe(429);
    expect((await login("bob", PASSWORD, "203.0.113.8")).status).toBe(200);
  });

  it("names the missing field in the seed's error shape", async () => {
    const result = await call("POST", "/api/admin/login", { body: { username: "admin" } });
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ error: "Invalid request format", details: expect.stringContaining("password") });
  });

  it("shows nodes, deployments and tenants with the GPUs the sandbox's pods hold, and the fit check's free GPUs per profile", async () => {
    const view = await eventually(
      () => call<ClusterView>("GET", "/api/v1/admin/system", { token: ADMIN_TOKEN }),
      (result) => {
        const gpus = Object.fromEntries(result.body.deployments.map((d: { name: string; gpus: number }) => [d.name, d.gpus]));
        return gpus["chat-a"] === 2 && gpus["chat-b"] === 1 && gpus["llm-b"] === 1;
      },
    );
    expect(view.status).toBe(200);
    const { nodes, deployments, namespaces, profiles, totals } = view.body;
    const byName = <T extends { name: string }>(items: T[], name: string) => items.find((item) => item.name === name);

    expect(byName(deployments, "chat-a")).toMatchObject({
      backend: "kubeai",
      namespace: "tenant-a",
      gpus: 2,
      pendingGpus: 0,
      nodes: ["gpu-l4-node-1"],
    });
    expect(byName(deployments, "chat-b")).toMatchObject({ backend: "kubeai", namespace: "tenant-b", gpus: 1, nodes: ["gpu-l4-node-1"] });
    expect(byName(deployments, "llm-b")).toMatchObject({ backend: "kserve", namespace: "tenant-b", gpus: 1, nodes: ["gpu-h100-node-1"] });
    expect(byName(deployments, "too-big-a")).toMatchObject({ status: "Pending", gpus: 0, pendingGpus: 8, nodes: [] });

    const l4 = byName(nodes, "gpu-l4-node-1");
    expect(l4).toMatchObject({
      status: "Ready",
      kubeletVersion: "v1.32.0",
      cpu: { capacity: 48, allocatable: 48 },
      memory: { capacity: 192 * 2 ** 30 },
      gpu: { capacity: 4, allocatable: 4, requested: 3, free: 1, resource: "nvidia.com/gpu", model: "NVIDIA-L4", profile: "nvidia-gpu-l4" },
      taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }],
    });
    expect(byName(nodes, "gpu-h100-node-1")).toMatchObject({
      gpu: { allocatable: 8, requested: 1, free: 7, model: "NVIDIA-H100-80GB-HBM3" },
    });
    expect(byName(nodes, "cpu-node-1")).toMatchObject({ gpu: { capacity: 0, resource: null }, taints: [] });

    // The same numbers as the sandbox's own pods, per node and per tenant.
    const held = await gpusTheSandboxHolds();
    for (const node of nodes) expect(node.gpu.requested, node.name).toBe(held.perNode[node.name] ?? 0);
    for (const tenant of ["tenant-a", "tenant-b"]) expect(byName(namespaces, tenant)?.gpus, tenant).toBe(held.perNamespace[tenant]);
    expect(byName(namespaces, "tenant-a")).toMatchObject({ isTenant: true, gpus: 2, pendingGpus: 8, deployments: 2 });
    expect(byName(namespaces, "tenant-b")).toMatchObject({ isTenant: true, gpus: 2, deployments: 2 });
    expect(totals.gpus).toEqual({ allocatable: 12, requested: 4, free: 8 });

    // Free GPUs per profile are the numbers the fit check uses.
    const fitCheck = (await call("GET", "/api/v1/resource-profiles", { token: ADMIN_TOKEN })).body.items as {
      name: string;
      capacity: { total: number; free: number; largestFreeOnOneNode: number } | null;
    }[];
    for (const profile of profiles) {
      const capacity = fitCheck.find((candidate) => candidate.name === profile.name)?.capacity;
      expect(capacity, profile.name).toMatchObject({
        total: profile.total,
        free: profile.free,
        largestFreeOnOneNode: profile.largestFreeOnOneNode,
      });
    }
    expect(byName(profiles, "nvidia-gpu-l4")).toMatchObject({ resource: "nvidia.com/gpu", total: 4, free: 1, largestFreeOnOneNode: 1 });
    expect(byName(profiles, "nvidia-gpu-h100")).toMatchObject({ total: 8, free: 7 });
    expect(byName(profiles, "cpu")).toBeUndefined();
  });
});

/** A Keycloak realm as far as the password grant goes: discovery, keys, and a token endpoint that may refuse the grant. */
async function startKeycloakStandIn(): Promise<{
  issuer: string;
  refuseGrant: boolean;
  bodies: URLSearchParams[];
  close(): Promise<void>;
}> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: "stand-in", alg: "RS256", use: "sig" };
  const state = { issuer: "", refuseGrant: false, bodies: [] as URLSearchParams[] };
  const server: Server = createServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.url === "/realms/test/.well-known/openid-configuration") {
      json(200, {
        issuer: state.issuer,
        token_endpoint: `${state.issuer}/protocol/openid-connect/token`,
        jwks_uri: `${state.issuer}/protocol/openid-connect/certs`,
        grant_types_supported: ["authorization_code", "refresh_token", "password", "client_credentials"],
      });
    } else if (req.url === "/realms/test/protocol/openid-connect/certs") {
      json(200, { keys: [jwk] });
    } else if (req.url === "/realms/test/protocol/openid-connect/token" && req.method === "POST") {
      let raw = "";
      req.on("data", (chunk: Buffer) => (raw += chunk.toString()));
      req.on("end", async () => {
        const form = new URLSearchParams(raw);
        state.bodies.push(form);
        if (form.get("client_id") !== "modelport-kc" || form.get("client_secret") !== "kc-secret")
          return json(401, { error: "invalid_client" });
        if (state.refuseGrant)
          return json(400, { error: "unauthorized_client", error_description: "Client not allowed for direct access grants" });
        if (form.get("grant_type") !== "password" || form.get("username") !== "root" || form.get("password") !== "right") {
          return json(401, { error: "invalid_grant", error_description: "Invalid user credentials" });
        }
        const token = await new SignJWT({
          typ: "Bearer",
          azp: "modelport-kc",
          preferred_username: "root",
          name: "Root Admin",
          realm_access: { roles: ["modelport-admin"] },
        })
          .setProtectedHeader({ alg: "RS256", kid: "stand-in" })
          .setIssuer(state.issuer)
          .setSubject("3f1c2a52-0c1e-4d7a-9b7e-1f2a3b4c5d6e")
          .setAudience("modelport")
          .setIssuedAt()
          .setExpirationTime("5m")
          .sign(privateKey);
        json(200, { access_token: token, token_type: "Bearer", expires_in: 300 });
      });
    } else {
      json(404, { error: "not found" });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/test`;
  return Object.assign(state, {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}

describe("login through Keycloak's direct access grant", () => {
  let harness: Harness;
  let keycloak: Awaited<ReturnType<typeof startKeycloakStandIn>>;

  beforeAll(async () => {
    keycloak = await startKeycloakStandIn();
    harness = await startHarness("pglite", {
      KEYCLOAK_ISSUER: keycloak.issuer,
      KEYCLOAK_CLIENT_ID: "modelport-kc",
      KEYCLOAK_CLIENT_SECRET: "kc-secret",
    });
  });
  afterAll(async () => {
    await harness?.stop();
    await keycloak?.close();
  });

  it("exchanges the credentials with grant_type=password and answers the provider's token, which reads the cluster", async () => {
    const result = await login("root", "right");
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body.user).toEqual({
      tenant: "admin",
      name: "Root Admin",
      subject: "3f1c2a52-0c1e-4d7a-9b7e-1f2a3b4c5d6e",
      issuer: keycloak.issuer,
      isAdmin: true,
      exp: expect.any(Number),
    });
    expect(keycloak.bodies.at(-1)?.get("grant_type")).toBe("password");
    expect((await call("GET", "/api/admin/system", { token: result.body.token })).status).toBe(200);
  });

  it("answers 401 for credentials Keycloak rejects", async () => {
    const result = await login("root", "wrong");
    expect(result.status).toBe(401);
    expect(result.body).toEqual({ error: "Invalid username or password" });
  });

  it("answers 403 naming the refusal when the client may not use the password grant", async () => {
    keycloak.refuseGrant = true;
    try {
      const result = await login("root", "right");
      expect(result.status).toBe(403);
      expect(result.body.error).toMatch(/does not allow signing in with a password \(the password grant\) for client modelport-kc/);
      expect(result.body.error).toContain("Client not allowed for direct access grants");
    } finally {
      keycloak.refuseGrant = false;
    }
  });
});

describe("what a provider's answer means", () => {
  it("maps Keycloak's token endpoint errors", () => {
    expect(passwordGrantOutcome(200, { access_token: "a.b.c" }, "c")).toEqual({ kind: "tokens", accessToken: "a.b.c" });
    expect(passwordGrantOutcome(401, { error: "invalid_grant", error_description: "Invalid user credentials" }, "c").kind).toBe(
      "bad-credentials",
    );
    expect(passwordGrantOutcome(400, { error: "unsupported_grant_type" }, "c").kind).toBe("refused");
    expect(passwordGrantOutcome(400, { error: "invalid_grant", error_description: "Account disabled" }, "c").kind).toBe("refused");
    expect(passwordGrantOutcome(400, { error: "invalid_grant", error_description: "Account temporarily disabled" }, "c").kind).toBe(
      "locked",
    );
    expect(passwordGrantOutcome(401, { error: "invalid_client" }, "c").kind).toBe("unavailable");
    expect(passwordGrantOutcome(502, "<html>", "c").kind).toBe("unavailable");
  });

  it("maps what a headless sign-in at the embedded issuer threw", () => {
    expect(formSignInOutcome(new Error("sign-in rejected: invalid username or password")).kind).toBe("bad-credentials");
    expect(formSignInOutcome(new Error("unexpected HTTP 429 during sign-in")).kind).toBe("locked");
    expect(formSignInOutcome(new TypeError("fetch failed")).kind).toBe("unavailable");
    expect(formSignInOutcome(new Error("authorization failed: invalid_redirect_uri")).kind).toBe("refused");
  });

  it("names a tenant user's first tenant, and an administrator's as admin", () => {
    const user = { kind: "user", subject: "s", email: null, displayName: "S", isAdmin: false, expiresAt: new Date(5000) } as const;
    expect(loginUserOf({ ...user, tenantRoles: { "tenant-b": "viewer", "tenant-a": "member" } }, "https://idp")).toEqual({
      tenant: "tenant-a",
      name: "S",
      subject: "s",
      issuer: "https://idp",
      isAdmin: false,
      exp: 5,
    });
    expect(loginUserOf({ ...user, tenantRoles: {} }, "https://idp").tenant).toBeNull();
    expect(loginUserOf({ ...user, isAdmin: true, tenantRoles: {} }, "https://idp").tenant).toBe("admin");
  });
});
