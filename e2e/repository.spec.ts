// From the Hub to a deployment through the repository: search the (stand-in) Hub, import a model and watch its
// progress reach READY, deploy it from the repository page and see the deployment load the repository's URL; cancel
// an import halfway; a gated model without a token fails with the message that says what to do.
import { expect, test, type Page } from "@playwright/test";
import { deleteDeployment, PASSWORD, signIn, typeUntil } from "./support/portal";

async function deleteRegisteredModel(page: Page, name: string): Promise<number> {
  const path = `/api/v1/repository/models/tenant-a/${name}?deleteArtifacts=true&force=true`;
  return page.evaluate(async (target) => (await fetch(target, { method: "DELETE" })).status, path);
}

/** A failed step can leave an import running (the slow model's never ends): cancel it so the model can be deleted. */
async function cancelRunningImports(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const { items } = (await (await fetch("/api/v1/jobs?namespace=tenant-a")).json()) as { items: Array<{ id: string; state: string }> };
    for (const job of items)
      if (job.state === "queued" || job.state === "running") await fetch(`/api/v1/jobs/${job.id}/cancel`, { method: "POST" });
  });
  await expect(async () => {
    const states = await page.evaluate(async () =>
      (await (await fetch("/api/v1/jobs?namespace=tenant-a")).json()).items.map((job: { state: string }) => job.state),
    );
    expect(states.filter((state: string) => state === "queued" || state === "running")).toEqual([]);
  }).toPass();
}

async function startImport(page: Page, repo: string) {
  await page.goto("/imports/new");
  await typeUntil(page.getByLabel("Hugging Face model"), repo, () =>
    expect(page.getByLabel("Experiment name")).toHaveValue(`hf-${repo.replace("/", "-")}`, { timeout: 1_000 }),
  );
  await expect(page.getByLabel("Revision")).toHaveValue("main");
  await expect(page.getByLabel("Artifact path")).toHaveValue("model");
  await page.getByRole("button", { name: "Start import" }).click();
  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/);
  return page.getByTestId("job");
}

test.describe("repository", () => {
  test.afterEach(async ({ page }) => {
    expect([200, 404]).toContain(await deleteDeployment(page, "tenant-a", "tiny-chat"));
    await cancelRunningImports(page);
    for (const name of ["tiny-chat", "slow-chat", "gated-chat"]) expect([200, 404]).toContain(await deleteRegisteredModel(page, name));
  });

  test("search the Hub, import a model to READY, and deploy it from the repository with its URL", async ({ page }) => {
    await signIn(page, "alice", PASSWORD, "/hub");
    await typeUntil(page.getByLabel("Search the Hub"), "tiny", async () => {
      await expect(page.getByRole("link", { name: "acme/tiny-chat" })).toBeVisible({ timeout: 2_000 });
      await expect(page.getByRole("link", { name: "acme/slow-chat" })).toHaveCount(0, { timeout: 2_000 });
    });
    await page.getByRole("link", { name: "acme/tiny-chat" }).click();
    await expect(page.getByText("LlamaForCausalLM").first()).toBeVisible();
    await page.getByRole("link", { name: "Import to repository" }).click();
    await expect(page.getByLabel("Hugging Face model")).toHaveValue("acme/tiny-chat");

    await page.getByRole("button", { name: "Start import" }).click();
    await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/);
    const job = page.getByTestId("job");
    await expect(job).toHaveAttribute("data-state", "succeeded", { timeout: 30_000 });
    await expect(page.getByTestId("job-progress-overall")).toHaveAttribute("aria-valuenow", "100");
    await expect(page.getByTestId("job-file-model.safetensors")).toHaveAttribute("aria-valuenow", "100");

    await page.getByTestId("job-result-link").click();
    await expect(page).toHaveURL(/\/repository\/tenant-a\/tiny-chat$/);
    const version = page.locator('[data-version="1"]');
    await expect(version.locator("[data-status]").first()).toHaveAttribute("data-status", "READY");
    await expect(version.locator('[data-tag="hf_repo"]')).toContainText("acme/tiny-chat");

    await version.getByLabel("Deploy Model").click();
    await expect(page).toHaveURL(/\/deployments\/new\?repository=tenant-a/);
    await expect(page.getByTestId("prefilled-from-repository")).toBeVisible();
    const url = await page.getByLabel("Model URL").inputValue();
    expect(url).toMatch(/^pvc:\/\/modelport-weights\/tenant-a\/tiny-chat\/[0-9a-f]{8}\/model$/);
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue("tiny-chat");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByLabel("Resource profile").click();
    await page.getByRole("option", { name: "cpu", exact: true }).click();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Create deployment" }).click();
    await expect(page).toHaveURL(/\/deployments\/tenant-a\/tiny-chat$/);
    await page.getByRole("tab", { name: "YAML" }).click();
    await expect(page.getByLabel("Kubernetes object YAML")).toContainText(`url: ${url}`);

    // The repository now says which deployment uses the version.
    await page.goto("/repository/tenant-a/tiny-chat");
    await expect(page.locator('[data-version="1"]')).toContainText("tiny-chat");
  });

  test("an import cancelled halfway stops, and its version says so", async ({ page }) => {
    await signIn(page, "alice", PASSWORD, "/imports/new");
    const job = await startImport(page, "acme/slow-chat");
    await expect(job).toHaveAttribute("data-state", "running", { timeout: 15_000 });
    const overall = page.getByTestId("job-progress-overall");
    await expect(async () => expect(Number(await overall.getAttribute("aria-valuenow"))).toBeGreaterThan(0)).toPass();
    await page.getByRole("button", { name: "Cancel import" }).click();
    await expect(job).toHaveAttribute("data-state", "cancelled", { timeout: 15_000 });
    await expect(page.getByRole("button", { name: "Retry import" })).toBeVisible();

    await page.goto("/repository");
    const row = page.locator('[data-model="tenant-a/slow-chat"]');
    await expect(row.locator("[data-status]").first()).toHaveAttribute("data-status", "FAILED_REGISTRATION");
  });

  test("a gated model without a token fails with the gated message", async ({ page }) => {
    await signIn(page, "alice", PASSWORD, "/imports/new");
    const job = await startImport(page, "acme/gated-chat");
    await expect(job).toHaveAttribute("data-state", "failed", { timeout: 30_000 });
    await expect(page.getByTestId("job-error")).toContainText(/gated|license/i);
    await expect(page.getByTestId("job-error")).toContainText(/token/i);
  });
});
