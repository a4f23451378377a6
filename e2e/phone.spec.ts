// At a phone's width (390 px) nothing scrolls sideways: the header takes two rows with the person's name on one line,
// the deployments list becomes cards, and a long scheduler message stays inside the deployment page's header.
import { expect, test, type Page } from "@playwright/test";
import { createDeployment, deleteDeployment, hasSidewaysScroll, signIn } from "./support/portal";

test.use({ viewport: { width: 390, height: 844 } });

// 40 characters, KubeAI's limit; eight L4 GPUs fit on no node of the sandbox, so it stays Pending with the scheduler's reason.
const NAME = "a-rather-long-deployment-name-for-phones";

async function expectNameOnOneLine(page: Page) {
  const name = page.getByTestId("user-name");
  await expect(name).toBeVisible();
  const { height, lineHeight } = await name.evaluate((element) => ({
    height: element.getBoundingClientRect().height,
    lineHeight: Number.parseFloat(getComputedStyle(element).lineHeight),
  }));
  expect(height).toBeLessThan(lineHeight * 1.5);
}

test("fits the deployments list and a deployment page on a phone", async ({ page }) => {
  await signIn(page, "alice");
  await expect(page.getByRole("heading", { name: "Deployments" })).toBeVisible();
  expect(
    await createDeployment(page, {
      name: NAME,
      namespace: "tenant-a",
      url: "hf://org/big-model",
      resourceProfile: "nvidia-gpu-l4",
      instanceCount: 8,
    }),
  ).toBe(201);

  await page.reload();
  const card = page.locator(`[data-deployment="tenant-a/${NAME}"]`);
  await expect(card).toBeVisible();
  await expect(card.getByTestId("status-reason")).toContainText("nodes are available", { timeout: 20_000 });
  await expect(page.getByRole("list", { name: "Deployments" })).toBeVisible();
  expect(await hasSidewaysScroll(page)).toBe(false);
  await expectNameOnOneLine(page);

  await card.getByRole("link", { name: NAME }).click();
  await expect(page).toHaveURL(new RegExp(`/deployments/tenant-a/${NAME}$`));
  await expect(page.getByTestId("status-message")).toContainText("nodes are available");
  await expect(page.getByLabel("curl example for chat/completions")).toBeVisible();
  expect(await hasSidewaysScroll(page)).toBe(false);
  await expectNameOnOneLine(page);
  // The message is clamped inside the header: the Edit button still sits within the window.
  const edit = await page.getByRole("button", { name: "Edit" }).boundingBox();
  expect(edit && edit.x + edit.width).toBeLessThanOrEqual(390);

  await page.getByRole("tab", { name: "YAML" }).click();
  await expect(page.getByLabel("Kubernetes object YAML")).toBeVisible();
  expect(await hasSidewaysScroll(page)).toBe(false);
  expect(await deleteDeployment(page, "tenant-a", NAME)).toBe(200);
});
