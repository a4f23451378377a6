// Publishing in the browser: publish a deployment, copy its key, call it with curl, watch the usage rise on its page,
// rotate the key (the new one works), see it on the Published page, and chat with it in the Playground, streamed.
import { execFileSync } from "node:child_process";
import { expect, test, type Page } from "@playwright/test";
import { createDeployment, deleteDeployment, PASSWORD, signIn } from "./support/portal";

const NAME = "pub-chat";

function curlChat(baseURL: string, key: string): { status: number; body: { object?: string } } {
  const out = execFileSync("curl", [
    "-s",
    "-w",
    "\n%{http_code}",
    "-X",
    "POST",
    `${baseURL}/v1/chat/completions`,
    "-H",
    `X-API-Key: ${key}`,
    "-H",
    "Content-Type: application/json",
    "-d",
    JSON.stringify({ model: NAME, messages: [{ role: "user", content: "Hello from curl" }] }),
  ]).toString();
  const at = out.lastIndexOf("\n");
  return { status: Number(out.slice(at + 1)), body: JSON.parse(out.slice(0, at)) };
}

async function ready(page: Page): Promise<void> {
  await expect(async () => {
    const status = await page.evaluate(async (path) => (await (await fetch(path)).json()).status, `/api/v1/deployments/tenant-a/${NAME}`);
    expect(status).toBe("Ready");
  }).toPass({ timeout: 30_000 });
}

test.describe("publishing", () => {
  test.afterEach(async ({ page }) => {
    expect([200, 404]).toContain(await deleteDeployment(page, "tenant-a", NAME));
  });

  test("publish, call with the key, see usage, rotate the key, and chat in the Playground", async ({ page, baseURL }) => {
    await signIn(page, "alice", PASSWORD);
    expect(
      await createDeployment(page, {
        namespace: "tenant-a",
        name: NAME,
        url: "hf://Qwen/Qwen2-0.5B-Instruct",
        resourceProfile: "cpu:1",
        minReplicas: 1,
      }),
    ).toBe(201);
    await ready(page);

    await page.goto(`/deployments/tenant-a/${NAME}`);
    await page.getByRole("tab", { name: "Publishing" }).click();
    await expect(page.getByText("Not published")).toBeVisible();
    await page.getByLabel("Requests per minute").fill("30");
    await page.getByLabel("Description").fill("Chat for the e2e");
    await page.getByRole("button", { name: "Publish" }).click();
    const shown = page.getByTestId("shown-api-key");
    await expect(shown).toHaveText(/^mp_pk_/);
    const key = (await shown.textContent()) ?? "";
    await expect(page.getByTestId("external-url")).toHaveText(new RegExp(`/v1/models/${NAME}$`));

    const called = curlChat(baseURL ?? "", key);
    expect(called.status).toBe(200);
    expect(called.body.object).toBe("chat.completion");
    await expect(page.getByTestId("usage-requests")).toHaveText("1", { timeout: 15_000 });
    await expect(page.getByTestId("usage-tokens")).not.toHaveText("0");

    await page.getByRole("button", { name: "Done" }).click();
    await page.getByTestId("key-default").getByRole("button", { name: "Rotate" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Rotate" }).click();
    await expect(shown).toHaveText(/^mp_pk_/);
    const rotated = (await shown.textContent()) ?? "";
    expect(rotated).not.toBe(key);
    expect(curlChat(baseURL ?? "", rotated).status).toBe(200);
    // The key before works on through its grace period.
    expect(curlChat(baseURL ?? "", key).status).toBe(200);
    await expect(page.getByTestId("usage-requests")).toHaveText("3", { timeout: 15_000 });
    await expect(page.getByTestId("key-default")).toContainText("previous secret until");

    await page.goto("/published");
    await expect(page.getByTestId(`published-tenant-a-${NAME}`)).toContainText("openai");
    await page.getByTestId(`published-tenant-a-${NAME}`).getByRole("link", { name: "Usage" }).click();
    await expect(page.getByRole("heading", { name: `Usage of ${NAME}` })).toBeVisible();
    await expect(page.getByTestId("chart-requests").locator("svg").first()).toBeVisible();
    await expect(page.getByRole("row", { name: /default/ })).toContainText("3");

    await page.goto(`/playground?model=${NAME}`);
    await page.getByLabel("Message").fill("Tell me about gateways");
    await page.getByRole("button", { name: "Send" }).click();
    const messages = page.getByTestId("playground-messages");
    await expect(messages).toContainText("Tell me about gateways");
    await expect(async () => {
      const text = (await messages.innerText()).replace("Tell me about gateways", "").trim();
      expect(text.length).toBeGreaterThan(10);
    }).toPass({ timeout: 15_000 });
    await expect(page.getByRole("button", { name: "Send" })).toBeEnabled();
  });
});
