// What a newcomer stumbled on: a name clash shown where the name is typed, one 404 page for a deployment that is
// not there, a scaled-to-zero deployment that says how it wakes, and a revoke that asks first.
import { expect, test } from "@playwright/test";
import { createDeployment, deleteDeployment, signIn } from "./support/portal";

test("shows a name clash under the name field, back on step 1", async ({ page }) => {
  await signIn(page, "alice");
  await expect(page.getByRole("heading", { name: "Deployments" })).toBeVisible();
  expect(await createDeployment(page, { name: "taken-name", namespace: "tenant-a", url: "hf://org/other-model" })).toBe(201);

  await page.goto("/deployments/new");
  await page.getByLabel("Model URL").fill("hf://org/taken-name");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("taken-name");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.getByRole("heading", { name: "Deployment configuration" })).toBeVisible();
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByRole("button", { name: "Create deployment" }).click();

  await expect(page.getByRole("heading", { name: "Model information" })).toBeVisible();
  await expect(page.locator("#name-error")).toContainText(/already/i);
  await expect(page.getByLabel("Name", { exact: true })).toBeFocused();
  await expect(page).toHaveURL(/\/deployments\/new$/);
  expect(await deleteDeployment(page, "tenant-a", "taken-name")).toBe(200);
});

test("answers a missing deployment, and one in a tenant the person cannot see, with the same 404 page", async ({ page }) => {
  await signIn(page, "alice");
  await expect(page.getByRole("heading", { name: "Deployments" })).toBeVisible();
  for (const path of ["/deployments/tenant-a/no-such-model", "/deployments/tenant-b/no-such-model", "/deployments/tenant-a/Not_A_Name"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByTestId("not-found")).toHaveText(/Deployment not found.*It does not exist, or it is in a tenant you cannot see/);
  }
  expect((await page.goto("/no-such-page"))?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toContainText("Page not found");
  const icon = await page.request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/");
});

test("says a deployment scaled to zero wakes on its first request, keeps its age ticking, and warns after an edit", async ({ page }) => {
  await signIn(page, "alice");
  await expect(page.getByRole("heading", { name: "Deployments" })).toBeVisible();
  // s3:// without a cache profile works, with a warning: every replica downloads the model itself.
  expect(
    await createDeployment(page, {
      name: "sleepy",
      namespace: "tenant-a",
      url: "s3://bucket/sleepy",
      replicas: 0,
      features: ["TextEmbedding"],
      engine: "Infinity",
    }),
  ).toBe(201);

  await page.goto("/deployments/tenant-a/sleepy");
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "ScaledToZero");
  await expect(page.getByTestId("scaled-to-zero")).toContainText("first request to its endpoint");
  await expect(page.getByLabel("curl example for embeddings")).toContainText('"model":"sleepy"');
  const created = page.locator("dd time").first();
  await expect(created).toHaveText(/^\d+s ago$/);
  const before = await created.textContent();
  await expect.poll(() => created.textContent(), { timeout: 5_000 }).not.toBe(before);

  await page.getByRole("button", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByTestId("warnings")).toContainText("cache profile");
  await dialog.getByLabel("Scale-down delay (seconds)").fill("120");
  await dialog.getByRole("button", { name: "Save changes" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId("warnings")).toContainText("cache profile");
  await expect(page.getByTestId("scaled-to-zero")).toContainText("after 120s without requests");
  expect(await deleteDeployment(page, "tenant-a", "sleepy")).toBe(200);
});

test("asks before revoking a service account, then shows neither it nor its token", async ({ page }) => {
  await signIn(page, "alice", undefined, "/tenants");
  await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
  // The list is fetched in the browser: once it shows, the form is hydrated and keeps what is typed.
  await expect(page.getByText("No service accounts yet.")).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("ci-newcomer");
  await page.getByRole("button", { name: "Create service account" }).click();
  await expect(page.getByTestId("issued-token")).toContainText("mp_sa_");
  const row = page.getByRole("row", { name: /ci-newcomer/ });

  await row.getByRole("button", { name: "Revoke" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("Revoke ci-newcomer?");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(row).toBeVisible();

  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke service account" }).click();
  await expect(page.getByText("ci-newcomer revoked")).toBeVisible();
  await expect(row).toHaveCount(0);
  await expect(page.getByTestId("issued-token")).toHaveCount(0);
});
