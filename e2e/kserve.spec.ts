// A data scientist's first KServe deployment: choose KServe in the advanced form, deploy a scikit-learn model in
// RawDeployment mode, watch it become Ready without reloading, read KServe's conditions and how to call it, stop and
// start it, delete it. The sandbox's simulated KServe controller makes it Ready within seconds.
import { expect, test } from "@playwright/test";
import { deleteDeployment, signIn } from "./support/portal";

const NAME = "sklearn-iris";
const STORAGE_URI = "gs://kfserving-examples/models/sklearn/1.0/model";

test.afterEach(async ({ page }) => {
  // Leaves nothing behind for the other specs when a step fails (404 when the test already deleted it).
  expect([200, 404]).toContain(await deleteDeployment(page, "tenant-a", NAME));
});

test("create, watch, stop, start and delete a KServe InferenceService in the browser", async ({ page, context }) => {
  await signIn(page, "alice");
  await expect(page.getByRole("heading", { name: "Deployments" })).toBeVisible();
  // A second tab keeps the list open: it must show the new InferenceService live, beside KubeAI's Models.
  const list = await context.newPage();
  await list.goto("/deployments");
  await expect(list.getByRole("heading", { name: "Deployments" })).toBeVisible();

  await page.goto("/deployments/new");
  // KubeAI stays the default; KServe's own steps replace its steps once chosen (retried until the page is hydrated).
  await expect(page.getByRole("radio", { name: /KubeAI model/ })).toBeChecked();
  await expect(async () => {
    await page.getByRole("radio", { name: /KServe InferenceService/ }).check();
    await expect(page.getByLabel("Storage URI")).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await expect(page.getByLabel("Model URL")).toHaveCount(0);

  // Step 1: the model. A scheme KServe's storage initializer does not read is an error next to its field.
  await page.getByLabel("Model format").click();
  await page.getByRole("option", { name: "sklearn", exact: true }).click();
  await page.getByLabel("Storage URI").fill("ftp://models/iris");
  await page.getByLabel("Name", { exact: true }).fill(NAME);
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.locator("#storageUri-error")).toContainText("must start with");
  await page.getByLabel("Storage URI").fill(STORAGE_URI);
  await page.getByRole("button", { name: "Next" }).click();

  // Step 2: RawDeployment mode scales on CPU or memory only, and never to zero (a warning, not an error).
  await expect(page.getByRole("heading", { name: "Serving configuration" })).toBeVisible();
  await page.getByLabel("Deployment mode").click();
  await page.getByRole("option", { name: "RawDeployment", exact: true }).click();
  await page.getByLabel("Scale metric").click();
  await expect(page.getByRole("option", { name: "cpu", exact: true })).toBeVisible();
  await expect(page.getByRole("option", { name: "concurrency", exact: true })).toHaveCount(0);
  await page.keyboard.press("Escape");
  await page.getByLabel("Min replicas", { exact: true }).fill("0");
  await expect(page.locator("#kserve-warnings")).toContainText("does not scale to zero");
  await page.getByLabel("Min replicas", { exact: true }).fill("1");
  await expect(page.locator("#kserve-warnings")).toHaveCount(0);
  await page.getByRole("button", { name: "Next" }).click();

  // Step 3: nothing more is needed; create.
  await expect(page.getByRole("heading", { name: "Advanced configuration" })).toBeVisible();
  // A dry run first: the API server accepts it and says what it would create, and nothing is created yet.
  await page.getByRole("button", { name: "Dry run" }).click();
  const dryRun = page.getByRole("region", { name: "Dry run" });
  await expect(dryRun).toContainText("kind: InferenceService");
  await expect(dryRun).toContainText(`name: ${NAME}`);
  await expect(page).toHaveURL(/\/deployments\/new/);
  await page.getByRole("button", { name: "Create deployment" }).click();

  await expect(page).toHaveURL(new RegExp(`/deployments/tenant-a/${NAME}$`));
  await expect(page.getByRole("heading", { level: 1, name: NAME })).toBeVisible();
  // Live: the status moves to Ready through the watch, with no reload, and KServe's conditions say why.
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "Ready", { timeout: 20_000 });
  const predictorReady = page.getByRole("table", { name: "Conditions" }).locator('[data-condition="PredictorReady"]');
  await expect(predictorReady.getByRole("cell").nth(1)).toHaveText("True");
  await expect(page.locator("dd", { hasText: STORAGE_URI })).toBeVisible();

  // How to call it: the predictor's address, and a V1 predict request named by the service.
  await expect(page.getByTestId("predictor-url")).toContainText(`${NAME}-predictor`);
  await expect(page.getByLabel(`curl example for v1/models/${NAME}:predict`)).toContainText('{"instances":[[6.8,2.8,4.8,1.4]');

  const row = list.locator(`[data-deployment="tenant-a/${NAME}"]`);
  await expect(row).toContainText("KServe · sklearn");
  await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "Ready");

  // A dry-run edit says what would change in the object, and stores nothing.
  await page.getByRole("button", { name: "Edit" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Max replicas").fill("4");
  await dialog.getByRole("button", { name: "Preview changes" }).click();
  const changes = dialog.getByRole("region", { name: "Changes to the object" });
  await expect(changes.locator('[data-change="spec.predictor.maxReplicas"]')).toContainText("→ 4");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.locator("dd", { hasText: STORAGE_URI })).toBeVisible();

  await page.getByRole("tab", { name: "YAML" }).click();
  await expect(page.getByLabel("Kubernetes object YAML")).toContainText("kind: InferenceService");
  await expect(page.getByLabel("Kubernetes object YAML")).toContainText(`storageUri: ${STORAGE_URI}`);
  await page.getByRole("tab", { name: "Overview" }).click();

  // Stop without deleting (after a confirmation), see it Stopped live in both tabs, and start it again.
  await page.getByRole("button", { name: "Stop", exact: true }).click();
  await page.getByRole("button", { name: "Stop deployment" }).click();
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "Stopped", { timeout: 20_000 });
  await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "Stopped");
  await page.getByRole("button", { name: "Start", exact: true }).click();
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "Ready", { timeout: 20_000 });
  await expect(predictorReady.getByRole("cell").nth(1)).toHaveText("True");

  await page.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("KServe InferenceService");
  await page.getByRole("button", { name: "Delete deployment" }).click();
  await expect(page).toHaveURL(/\/deployments$/);
  await expect(page.locator(`[data-deployment="tenant-a/${NAME}"]`)).toHaveCount(0);
  await expect(row).toHaveCount(0);
});
