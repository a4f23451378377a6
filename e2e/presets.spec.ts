// The easy setup path: a data scientist finds a preset by category, engine and search, deploys it in two clicks and
// watches it become Ready; customizes another in the advanced form, pre-filled from it; and a preset an admin
// disables leaves the catalog until it is enabled again. The sandbox's simulated KubeAI makes deployments Ready.
import { expect, test, type Page } from "@playwright/test";
import { deleteDeployment, hasSidewaysScroll, PASSWORD, signIn, typeUntil } from "./support/portal";

const DEPLOYED = "qwen2-500m-cpu";
const CUSTOMIZED_PRESET = "opt-125m-cpu";
const CUSTOMIZED = "my-opt";
const TOGGLED = "bge-rerank-base-cpu";

/** The first click after a full page load may land before React has hydrated: retried until it takes. */
async function selectTab(page: Page, name: RegExp) {
  const tab = page.getByRole("tab", { name });
  await expect(async () => {
    await tab.click();
    await expect(tab).toHaveAttribute("aria-selected", "true", { timeout: 1_000 });
  }).toPass();
}

test.describe("a member deploys from presets", () => {
  test.afterEach(async ({ page }) => {
    // Leaves nothing behind for the other specs when a step fails (404 when nothing was made).
    for (const name of [DEPLOYED, CUSTOMIZED]) expect([200, 404]).toContain(await deleteDeployment(page, "tenant-a", name));
  });

  test("finds a preset by category, engine and search, deploys it in two clicks and sees it Ready", async ({ page }) => {
    await signIn(page, "alice", PASSWORD, "/deployments/easy");
    await expect(page.getByRole("heading", { name: "Easy setup" })).toBeVisible();
    const cards = page.getByRole("list", { name: "Presets" }).locator(":scope > [data-preset]");
    const card = page.locator(`[data-preset="${DEPLOYED}"]`);

    // Categories: embeddings hold no chat model, LLMs do.
    await selectTab(page, /^Embedding/);
    await expect(page.locator('[data-preset="bge-embed-text-cpu"]')).toBeVisible();
    await expect(card).toHaveCount(0);
    await selectTab(page, /^LLM/);
    await expect(card).toBeVisible();

    // The engine filter and the search narrow it to one card.
    await page.getByLabel("Engine").click();
    await page.getByRole("option", { name: "OLlama", exact: true }).click();
    await expect(page.locator('[data-preset="opt-125m-cpu"]')).toHaveCount(0);
    for (const engine of await cards.getByTestId("preset-engine").allTextContents()) expect(engine).toBe("OLlama");
    await page.getByLabel("Search").fill("qwen2:0.5b");
    await expect(cards).toHaveCount(1);
    await expect(card).toContainText("500M parameters");
    await expect(card).toContainText("cpu:1");

    // The fit badge answers for the preset's own profile (CPU: no GPU fit applies), the numbers in its tooltip;
    // picking a GPU profile asks about that one instead.
    const fit = card.locator("[data-fit]");
    await expect(fit).toHaveAttribute("data-fit", "no-accelerator");
    await expect(fit).toHaveText(/CPU only/);
    await fit.hover();
    await expect(page.getByRole("tooltip")).toContainText("Profile cpu");
    await page.mouse.move(0, 0);
    await page.getByLabel("Check fit on").click();
    await page.getByRole("option", { name: /^nvidia-gpu-l4( |$)/ }).click();
    await expect(card).toContainText("Fit on nvidia-gpu-l4");
    await expect(fit).toHaveAttribute("data-fit", /^(fits|tight|does-not-fit|unknown)$/);

    // The summary says what will be deployed; the name comes from the preset, the owner is the person.
    await card.getByRole("button", { name: /^Choose/ }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("heading", { name: /^Deploy qwen2:0\.5b/ })).toBeVisible();
    await expect(dialog.getByTestId("preset-model")).toHaveText("ollama://qwen2:0.5b");
    await expect(dialog.getByRole("region", { name: "What will be deployed" })).toContainText("TextGeneration");
    await expect(dialog.getByLabel("Name", { exact: true })).toHaveValue(DEPLOYED);
    await expect(dialog.getByLabel("Namespace")).toContainText("tenant-a");
    await expect(dialog.getByTestId("preset-owner")).toHaveText("alice@modelport.local");
    await expect(dialog).toContainText("Profile nvidia-gpu-l4");
    await dialog.getByRole("button", { name: "Deploy", exact: true }).click();

    await expect(page).toHaveURL(new RegExp(`/deployments/tenant-a/${DEPLOYED}$`));
    await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "Ready", { timeout: 20_000 });
    await page.getByRole("tab", { name: "YAML" }).click();
    await expect(page.getByLabel("Kubernetes object YAML")).toContainText("url: ollama://qwen2:0.5b");
    await expect(page.getByLabel("Kubernetes object YAML")).toContainText("resourceProfile: cpu:1");
    await expect(page.getByLabel("Kubernetes object YAML")).toContainText("owner: alice@modelport.local");
  });

  test("customizes a preset in the advanced form, pre-filled from it, and creates it under another name", async ({ page }) => {
    await signIn(page, "alice", PASSWORD, "/deployments/easy");
    await expect(page.getByRole("heading", { name: "Easy setup" })).toBeVisible();
    const card = page.locator(`[data-preset="${CUSTOMIZED_PRESET}"]`);
    await typeUntil(page.getByLabel("Search"), "facebook/opt-125m", () =>
      expect(page.locator('[data-preset="qwen2-500m-cpu"]')).toHaveCount(0, { timeout: 1_000 }),
    );
    await card.getByRole("button", { name: /^Choose/ }).click();
    await expect(page.getByRole("dialog")).toContainText("/config/chat-template.jinja");
    await page.getByRole("link", { name: "Customize deployment" }).click();

    // Step 1: the preset's model, engine and the file it mounts; the name is changed here.
    await expect(page).toHaveURL(/\/deployments\/new\?preset=opt-125m-cpu/);
    await expect(page.getByTestId("prefilled-from")).toContainText("opt-125m");
    await expect(page.getByRole("radio", { name: /KubeAI model/ })).toBeChecked();
    await expect(page.getByLabel("Model URL")).toHaveValue("hf://facebook/opt-125m");
    await expect(page.getByLabel("Engine")).toContainText("VLLM");
    await expect(page.getByTestId("kept-files")).toContainText("/config/chat-template.jinja");
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue(CUSTOMIZED_PRESET);
    await page.getByLabel("Name", { exact: true }).fill(CUSTOMIZED);
    await page.getByRole("button", { name: "Next" }).click();

    // Step 2: the preset's profile, its unit count apart.
    await expect(page.getByRole("heading", { name: "Deployment configuration" })).toBeVisible();
    await expect(page.getByLabel("Resource profile")).toContainText("cpu");
    await expect(page.getByLabel("Instance count", { exact: true })).toHaveValue("1");
    await page.getByRole("button", { name: "Next" }).click();

    // Step 3: the preset's engine arguments.
    await expect(page.getByRole("heading", { name: "Advanced configuration" })).toBeVisible();
    await expect(page.getByLabel("Arguments", { exact: true })).toHaveValue("--chat-template=/config/chat-template.jinja");
    await page.getByRole("button", { name: "Create deployment" }).click();

    await expect(page).toHaveURL(new RegExp(`/deployments/tenant-a/${CUSTOMIZED}$`));
    await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "Ready", { timeout: 20_000 });
    await page.getByRole("tab", { name: "YAML" }).click();
    const yaml = page.getByLabel("Kubernetes object YAML");
    await expect(yaml).toContainText("url: hf://facebook/opt-125m");
    await expect(yaml).toContainText("resourceProfile: cpu:1");
    await expect(yaml).toContainText("path: /config/chat-template.jinja");
  });
});

test("a preset an admin disables leaves the easy setup page until it is enabled again", async ({ browser }) => {
  const adminContext = await browser.newContext();
  const aliceContext = await browser.newContext();
  const admin = await adminContext.newPage();
  const alice = await aliceContext.newPage();
  const toggled = alice.locator(`[data-preset="${TOGGLED}"]`);
  try {
    await signIn(alice, "alice", PASSWORD, "/deployments/easy");
    await expect(toggled).toBeVisible();
    // At a phone's width the catalog wraps rather than scrolling sideways.
    await alice.setViewportSize({ width: 390, height: 844 });
    await expect(toggled).toBeVisible();
    expect(await hasSidewaysScroll(alice)).toBe(false);
    // Presets are managed by admins: members get no link to them.
    await expect(alice.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Presets" })).toHaveCount(0);

    await signIn(admin, "admin");
    await expect(admin.getByRole("heading", { name: "Deployments" })).toBeVisible();
    await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Presets" }).click();
    await expect(admin.getByRole("heading", { name: "Presets" })).toBeVisible();
    const row = admin.getByRole("table", { name: "Presets" }).locator(`[data-preset="${TOGGLED}"]`);
    await expect(row).toContainText("KubeAI catalog");
    const enabled = row.getByRole("switch", { name: `${TOGGLED} enabled` });
    await expect(enabled).toBeChecked();
    await expect(async () => {
      await enabled.click();
      await expect(admin.getByText(`Preset ${TOGGLED} disabled`)).toBeVisible({ timeout: 5_000 });
    }).toPass();
    await expect(enabled).not.toBeChecked();

    await alice.reload();
    await expect(alice.getByRole("heading", { name: "Easy setup" })).toBeVisible();
    await expect(alice.locator('[data-preset="bge-embed-text-cpu"]')).toBeVisible();
    await expect(toggled).toHaveCount(0);
    await alice.goto(`/deployments/new?preset=${TOGGLED}`);
    await expect(alice.getByText(`There is no preset ${TOGGLED} to start from`)).toBeVisible();

    // The edit dialog checks a preset's deployment and says where it is wrong, by the field's path.
    await row.getByRole("button", { name: `Edit ${TOGGLED}` }).click();
    await admin
      .getByLabel("Deployment (JSON)")
      .fill(JSON.stringify({ engine: "Infinity", url: "ftp://models/x", features: ["Reranking"] }));
    await admin.getByRole("button", { name: "Save changes" }).click();
    await expect(admin.locator("#preset-deployment-error")).toContainText("deployment.url: URL must start with");
    await admin.getByRole("button", { name: "Cancel" }).click();

    await enabled.click();
    await expect(admin.getByText(`Preset ${TOGGLED} enabled`)).toBeVisible();
    await alice.goto("/deployments/easy");
    await expect(toggled).toBeVisible();
  } finally {
    // Enabled again whatever happened above (a no-op when the test got that far).
    await admin
      .evaluate(
        (id) =>
          fetch(`/api/v1/presets/${id}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: '{"enabled":true}' }),
        TOGGLED,
      )
      .catch(() => undefined);
    await adminContext.close();
    await aliceContext.close();
  }
});
