// Configured as for production (KEYCLOAK_*, KUBECONFIG, NEXTAUTH_SECRET): sign-in goes through the Keycloak provider,
// the embedded issuer and the sandbox do not start, and roles come from the same claims (realm role, tenant groups).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";

const run = promisify(execFile);

test("signs an admin in through Keycloak, with the embedded issuer off, against a cluster from KUBECONFIG", async ({ page, request }) => {
  expect(await (await request.get("/api/healthz")).json()).toMatchObject({ identity: "keycloak", cluster: "kubeconfig" });
  expect((await request.get("/oidc/.well-known/openid-configuration")).status()).toBe(404);
  const unknown = await request.get("/api/v1/no-such-route");
  expect(unknown.status()).toBe(404);
  expect(await unknown.json()).toMatchObject({ error: "No API route /api/v1/no-such-route" });

  await page.goto("/deployments");
  await page.getByRole("button", { name: "Sign in with Keycloak" }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/realms\/modelport\//);
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill("kc-password");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page.getByRole("heading", { name: "Deployments" })).toBeVisible();
  await expect(page.getByText("Ada Admin")).toBeVisible();
  await expect(page.getByText("sandbox cluster")).toHaveCount(0);
  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();

  // The browser session works for the HTTP API too, with the admin's view of every tenant.
  const tenants = await page.evaluate(async () => (await fetch("/api/v1/tenants")).json());
  expect(tenants.items.map((tenant: { name: string }) => tenant.name)).toEqual(["kubeai", "tenant-a", "tenant-b"]);

  // A deployment made in the browser lands in the cluster the kubeconfig names, as kubectl sees it.
  const created = await page.evaluate(
    async () =>
      (
        await fetch("/api/v1/deployments", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            name: "from-portal",
            namespace: "tenant-b",
            url: "ollama://qwen2:0.5b",
            engine: "OLlama",
            features: ["TextGeneration"],
            resourceProfile: "cpu",
            instanceCount: 2,
          }),
        })
      ).status,
  );
  expect(created).toBe(201);
  const { stdout } = await run("kubectl", [
    "--kubeconfig",
    ".modelport-e2e-cluster/kubeconfig",
    "--cache-dir",
    ".modelport-e2e-cluster/kubectl-cache",
    "get",
    "model",
    "from-portal",
    "-n",
    "tenant-b",
    "-o",
    "jsonpath={.spec.resourceProfile} {.spec.owner}",
  ]);
  expect(stdout).toBe("cpu:2 admin@modelport.local");
});

test("a viewer signed in through Keycloak sees deployments but no way to create one", async ({ page }) => {
  await page.goto("/signin");
  await page.getByRole("button", { name: "Sign in with Keycloak" }).click();
  await page.getByLabel("Username").fill("victor");
  await page.getByLabel("Password").fill("kc-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("viewer of tenant-a")).toBeVisible();
  await expect(page.getByText("No deployments yet")).toBeVisible();
  await expect(page.getByRole("link", { name: "New deployment" })).toHaveCount(0);
  const create = await page.evaluate(
    async () =>
      (
        await fetch("/api/v1/deployments", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name: "x", namespace: "tenant-a", url: "hf://a/b", engine: "VLLM", features: ["TextGeneration"] }),
        })
      ).status,
  );
  expect(create).toBe(403);
});
