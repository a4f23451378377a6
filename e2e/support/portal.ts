// Shared steps for the portal specs: signing in through the issuer's login page, and seeding deployments over the
// HTTP API with the browser's session (so each spec makes, and removes, its own data).
import { expect, type Locator, type Page } from "@playwright/test";

export const PASSWORD = "e2e-password";

export async function signIn(page: Page, username: string, password = PASSWORD, path = "/deployments") {
  await page.goto(path);
  await expect(page).toHaveURL(/\/signin/);
  await page.getByRole("button", { name: /Sign in with/ }).click();
  await expect(page.getByRole("heading", { name: /Sign in to Modelport/ })).toBeVisible();
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** POSTs a deployment as the signed-in person; returns the HTTP status. */
export async function createDeployment(page: Page, body: Record<string, unknown>): Promise<number> {
  return page.evaluate(
    async (input) =>
      (await fetch("/api/v1/deployments", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) }))
        .status,
    { engine: "VLLM", features: ["TextGeneration"], ...body },
  );
}

export async function deleteDeployment(page: Page, namespace: string, name: string): Promise<number> {
  return page.evaluate(async (path) => (await fetch(path, { method: "DELETE" })).status, `/api/v1/deployments/${namespace}/${name}`);
}

/** The page scrolls sideways when its content is wider than the window. */
export async function hasSidewaysScroll(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/**
 * Types `value` into a field until `typed` passes: text typed before the page has hydrated reaches no handler. Each try
 * empties the field first, so React sees a change even when the field already holds the value from a lost try.
 */
export async function typeUntil(field: Locator, value: string, typed: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await field.fill("");
    await field.fill(value);
    await typed();
  }).toPass();
}
