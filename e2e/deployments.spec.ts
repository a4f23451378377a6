// A data scientist's first session: sign in through the issuer's login page, create a deployment with the
// advanced form, watch it become Ready without reloading, change its replicas, stop and start it, delete it.
import { expect, test } from "@playwright/test";
import { PASSWORD, signIn } from "./support/portal";

test("brings a person back to the page they asked for after signing in", async ({ page }) => {
  await signIn(page, "victor", PASSWORD, "/tenants");
  await expect(page).toHaveURL(/\/tenants$/);
  await expect(page.getByRole("heading", { name: "Tenants" })).toBeVisible();
});

test("refuses a wrong password on the issuer's login page", async ({ page }) => {
  await signIn(page, "alice", "wrong-password");
  await expect(page.getByText("Invalid username or password.")).toBeVisible();
});

test("create, watch, edit and delete a deployment in the browser", async ({ page, context }) => {
  await signIn(page, "alice");
  await expect(page.getByRole("heading", { name: "Deployments" })).toBeVisible();
  await expect(page.getByText("sandbox cluster")).toBeVisible();
  await expect(page.getByText("member of tenant-a")).toBeVisible();
  // A second tab keeps the list open: it must follow the new deployment live, without a reload.
  const list = await context.newPage();
  await list.goto("/deployments");
  await expect(list.getByText("No deployments yet")).toBeVisible();

  await page.getByRole("link", { name: "New deployment" }).click();
  // Step 1: the name follows the URL until edited; what the CRD refuses is an error next to its field, while
  // Modelport's advice (an s3:// URL without a cache profile) is only a warning.
  await page.getByLabel("Model URL").fill("gs://bucket/qwen");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.locator("#cacheProfile-error")).toContainText("cache profile");
  await page.getByLabel("Model URL").fill("s3://bucket/qwen");
  await expect(page.locator("#url-warning")).toContainText("cache profile");
  await page.getByLabel("Model URL").fill("hf://Qwen/Qwen2-0.5B-Instruct");
  await expect(page.locator("#url-warning")).toHaveCount(0);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("qwen2-0-5b-instruct");
  await page.getByRole("button", { name: "Next" }).click();

  // Step 2: hardware and scaling.
  await expect(page.getByRole("heading", { name: "Deployment configuration" })).toBeVisible();
  await page.getByLabel("Resource profile").click();
  await page.getByRole("option", { name: "nvidia-gpu-l4", exact: true }).click();
  await page.getByLabel("Replicas", { exact: true }).fill("1");
  await page.getByLabel("Min replicas", { exact: true }).fill("3");
  await page.getByLabel("Max replicas", { exact: true }).fill("2");
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page.locator("#maxReplicas-error")).toContainText("at least min replicas");
  await page.getByLabel("Min replicas", { exact: true }).fill("0");
  await page.getByRole("button", { name: "Next" }).click();

  // Step 3: advanced configuration, then create.
  await expect(page.getByRole("heading", { name: "Advanced configuration" })).toBeVisible();
  await page.getByLabel("Arguments", { exact: true }).fill("--max-model-len=4096");
  await page.getByLabel("Timeout (s)", { exact: true }).fill("60");
  await page.getByRole("button", { name: "Create deployment" }).click();

  await expect(page).toHaveURL(/\/deployments\/tenant-a\/qwen2-0-5b-instruct$/);
  await expect(page.getByRole("heading", { name: /qwen2-0-5b-instruct/ })).toBeVisible();
  // Live: the status moves to Ready through the watch, with no reload.
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "Ready", { timeout: 20_000 });
  await expect(page.getByTestId("replicas")).toHaveText("1 / 1");

  const row = list.locator('[data-deployment="tenant-a/qwen2-0-5b-instruct"]');
  await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "Ready");
  await expect(row).toContainText("nvidia-gpu-l4:1");

  await page.getByRole("tab", { name: "YAML" }).click();
  await expect(page.getByLabel("Kubernetes object YAML")).toContainText("resourceProfile: nvidia-gpu-l4:1");
  await expect(page.getByLabel("Kubernetes object YAML")).toContainText("owner: alice@modelport.local");
  await expect(page.getByLabel("Kubernetes object YAML")).toContainText("--max-model-len=4096");
  await expect(page.getByLabel("Kubernetes object YAML")).toContainText("modelport.dev/proxy: '{\"timeout\":60}'");

  // How to call it: KubeAI's OpenAI endpoint, the deployment's name as the model, chat/completions for text generation.
  await page.getByRole("tab", { name: "Overview" }).click();
  await expect(page.getByTestId("openai-endpoint")).toContainText(/\/openai\/v1$/);
  await expect(page.getByTestId("openai-model")).toHaveText("qwen2-0-5b-instruct");
  await expect(page.getByLabel("curl example for chat/completions")).toContainText('"model":"qwen2-0-5b-instruct"');

  // The edit dialog offers what the form set, with the same profile picker; the warning shows before saving.
  await page.getByRole("button", { name: "Edit" }).click();
  await expect(page.getByLabel("Timeout (s)", { exact: true })).toHaveValue("60");
  await expect(page.getByRole("dialog").getByLabel("Resource profile")).toContainText("nvidia-gpu-l4");
  await page.getByLabel("Replicas", { exact: true }).fill("2");
  await page.getByLabel("Target requests", { exact: true }).fill("20");
  await page.getByLabel("Max output tokens", { exact: true }).fill("512");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Deployment qwen2-0-5b-instruct updated")).toBeVisible();
  await expect(page.getByTestId("replicas")).toHaveText("2 / 2", { timeout: 20_000 });
  await page.getByRole("tab", { name: "YAML" }).click();
  await expect(page.getByLabel("Kubernetes object YAML")).toContainText("targetRequests: 20");
  await expect(page.getByLabel("Kubernetes object YAML")).toContainText('"max_output_tokens":512');
  await expect(page.getByLabel("Kubernetes object YAML")).toContainText('"timeout":60');

  // Stop without deleting (after a confirmation), see it Stopped live in both tabs, and start it back to its scaling.
  await page.getByRole("tab", { name: "Overview" }).click();
  await page.getByRole("button", { name: "Stop", exact: true }).click();
  await page.getByRole("button", { name: "Stop deployment" }).click();
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "Stopped");
  await expect(row.locator("[data-status]")).toHaveAttribute("data-status", "Stopped");
  await expect(page.getByTestId("replicas")).toHaveText("0 / 0", { timeout: 20_000 });
  await page.getByRole("button", { name: "Start", exact: true }).click();
  await expect(page.locator("h1 [data-status]")).toHaveAttribute("data-status", "Ready", { timeout: 20_000 });
  await expect(page.getByTestId("replicas")).toHaveText("2 / 2", { timeout: 20_000 });

  await page.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("button", { name: "Delete deployment" }).click();
  await expect(page).toHaveURL(/\/deployments$/);
  await expect(page.getByText("No deployments yet")).toBeVisible();
  await expect(list.getByText("No deployments yet")).toBeVisible();
});
