// A tenant's page: an admin opens tenant-a from the Tenants page, sees its members and deployments, sets a GPU quota
// and sees it on the usage meter and in the audit entries, then opens a deployment's History; a member sees what the
// quota has left beside the profile picker of the create form, and when the choice would pass it. A viewer reads the
// page without the editor or the audit; another tenant's member finds nothing there.
import { expect, test, type Page } from "@playwright/test";
import { createDeployment, deleteDeployment, PASSWORD, signIn } from "./support/portal";

const NAME = "tenant-page-history";

/** DELETE /api/v1/tenants/tenant-a/quota with the page's session: 200, or 404 when there is none. */
function removeQuota(page: Page): Promise<number> {
  return page.evaluate(async () => (await fetch("/api/v1/tenants/tenant-a/quota", { method: "DELETE" })).status);
}

test("an admin sets tenant-a's GPU quota on its page; a member sees what is left beside the profile picker", async ({ browser }) => {
  const adminContext = await browser.newContext();
  const aliceContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const alice = await aliceContext.newPage();
  try {
    await signIn(admin, "admin", PASSWORD, "/tenants");
    await expect(admin.getByRole("heading", { name: "Tenants", level: 1 })).toBeVisible();
    // Starts from no limits whatever an earlier run left.
    expect([200, 404]).toContain(await removeQuota(admin));

    await signIn(alice, "alice", PASSWORD, "/deployments");
    await expect(alice.getByTestId("user-name")).toBeVisible();
    const created = await createDeployment(alice, {
      name: NAME,
      namespace: "tenant-a",
      url: "hf://Qwen/Qwen2-0.5B-Instruct",
      resourceProfile: "cpu:1",
      replicas: 1,
    });
    expect(created).toBe(201);

    // The tenant's page, from its name on the Tenants page.
    await admin.getByRole("link", { name: "tenant-a", exact: true }).click();
    await expect(admin).toHaveURL(/\/tenants\/tenant-a$/);
    await expect(admin.getByRole("heading", { name: "tenant-a", level: 1 })).toBeVisible();
    await expect(admin.getByTestId("member-alice")).toContainText("member");
    await expect(admin.getByTestId("member-victor")).toContainText("viewer");
    await expect(admin.getByTestId("member-bob")).toHaveCount(0);
    await expect(admin.getByTestId(`tenant-deployment-${NAME}`)).toContainText("cpu:1");
    await expect(admin.getByTestId("quota-usage")).toContainText("No limits");

    // Four GPUs and ten deployments; the meters show them, and the audit entries the change.
    await admin.getByLabel("GPU resource 1", { exact: true }).fill("nvidia.com/gpu");
    await admin.getByLabel("GPU count 1", { exact: true }).fill("4");
    await admin.locator("#quota-deployments").fill("10");
    await admin.getByRole("button", { name: "Save quota" }).click();
    await expect(admin.getByText("Quota of tenant-a saved")).toBeVisible();
    const gpus = admin.getByTestId("quota-meter-nvidia.com/gpu");
    await expect(gpus).toContainText(/\d+ of 4 used, \d+ left/);
    await expect(gpus.getByRole("progressbar", { name: "nvidia.com/gpu used of the quota" })).toBeVisible();
    await expect(admin.getByTestId("quota-meter-deployments")).toContainText(/\d+ of 10 used/);
    await expect(admin.getByTestId("tenant-audit-entry").filter({ hasText: "tenant.quota.set" }).first()).toBeVisible();

    // The member's create form (alice is still on the deployments list): what is left beside the profile, and a
    // choice that needs more than that.
    await alice.getByRole("link", { name: "New deployment" }).click();
    await alice.getByLabel("Model URL").fill("hf://Qwen/Qwen2-0.5B-Instruct");
    await alice.getByRole("button", { name: "Next" }).click();
    await expect(alice.getByRole("heading", { name: "Deployment configuration" })).toBeVisible();
    const note = alice.getByTestId("quota-note");
    await expect(note).toContainText(/tenant-a: \d+ of 4 nvidia\.com\/gpu left · \d+ of 10 deployments left/);
    await expect(note).toHaveAttribute("data-over-quota", "false");
    await alice.getByLabel("Resource profile").click();
    await alice.getByRole("option", { name: "nvidia-gpu-l4", exact: true }).click();
    await alice.getByLabel("Instance count", { exact: true }).fill("8");
    await expect(note).toHaveAttribute("data-over-quota", "true");
    await expect(note).toContainText("needs 8 nvidia.com/gpu (nvidia-gpu-l4:8 × 1 replica); tenant-a has");

    // The deployment's page from the tenant's table, and its History tab.
    await admin.getByTestId(`tenant-deployment-${NAME}`).getByRole("link", { name: NAME }).click();
    await expect(admin).toHaveURL(new RegExp(`/deployments/tenant-a/${NAME}$`));
    await admin.getByRole("tab", { name: "History" }).click();
    const createdEntry = admin.getByTestId("history-entry").filter({ hasText: "Created by alice@modelport.local" });
    await expect(createdEntry).toBeVisible();
    await expect(createdEntry).toHaveAttribute("data-kind", "created");
  } finally {
    // Leaves no quota and no deployment behind for the other specs, whatever happened above.
    await removeQuota(admin).catch(() => undefined);
    await deleteDeployment(admin, "tenant-a", NAME).catch(() => undefined);
    await adminContext.close();
    await aliceContext.close();
  }
});

test("a viewer reads tenant-a's page without the quota editor or the audit; bob finds no such tenant", async ({ page, browser }) => {
  await signIn(page, "victor", PASSWORD, "/tenants");
  await expect(page.getByRole("heading", { name: "Tenants", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "tenant-a", exact: true }).click();
  await expect(page.getByRole("heading", { name: "tenant-a", level: 1 })).toBeVisible();
  await expect(page.getByTestId("member-alice")).toBeVisible();
  await expect(page.getByTestId("quota-usage")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save quota" })).toHaveCount(0);
  await expect(page.getByText("Recent audit entries")).toHaveCount(0);

  const bobContext = await browser.newContext();
  try {
    const bob = await bobContext.newPage();
    await signIn(bob, "bob", PASSWORD, "/tenants");
    await expect(bob.getByRole("heading", { name: "Tenants", level: 1 })).toBeVisible();
    await expect(bob.getByRole("link", { name: "tenant-a", exact: true })).toHaveCount(0);
    await bob.goto("/tenants/tenant-a");
    await expect(bob.getByTestId("not-found")).toContainText("Tenant not found");
  } finally {
    await bobContext.close();
  }
});
