// Signing out ends the portal session on the server and the identity provider's session, so another person can
// sign in on the same browser, and a copy of the old cookie no longer works.
import { expect, test } from "@playwright/test";
import { PASSWORD, signIn } from "./support/portal";

test("signs out, then someone else signs in on the same browser; the old cookie stops working", async ({ page, browser }) => {
  await signIn(page, "alice");
  await expect(page.getByRole("heading", { name: "Deployments" })).toBeVisible();
  await expect(page.getByText(/alice/i).first()).toBeVisible();
  const aliceCookies = await page.context().cookies();

  await page.getByRole("button", { name: "Sign out" }).click();
  // Through the issuer's logout and back: the issuer ends its own session too, so the next sign-in asks for a
  // username again instead of signing alice back in.
  await expect(page).toHaveURL(/\/signin/, { timeout: 20_000 });
  await page.getByRole("button", { name: /Sign in with/ }).click();
  await expect(page.getByRole("heading", { name: /Sign in to Modelport/ })).toBeVisible();
  await page.getByLabel("Username").fill("bob");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Deployments" })).toBeVisible();
  await expect(page.getByText(/bob/i).first()).toBeVisible();

  // A copy of alice's cookie, taken before she signed out, is refused by the server.
  const copy = await browser.newContext();
  await copy.addCookies(aliceCookies);
  const response = await copy.request.get("/api/v1/tenants");
  expect(response.status()).toBe(401);
  await copy.close();
});
