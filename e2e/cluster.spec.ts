// The Cluster page: an admin follows the nav link and sees the sandbox's nodes (GPU model, taints, readiness), a GPU
// deployment of their own making on the node that holds its GPU, the two GPU charts and the free GPUs per profile;
// a tenant member gets neither the link nor the view.
import { expect, test } from "@playwright/test";
import { createDeployment, deleteDeployment, PASSWORD, signIn } from "./support/portal";

const NAME = "cluster-view-l4";

test.describe("cluster", () => {
  test.afterEach(async ({ page }) => {
    // Leaves nothing behind for the other specs when a step fails (404 when nothing was made).
    expect([200, 404]).toContain(await deleteDeployment(page, "tenant-a", NAME));
  });

  test("an admin sees the nodes, the GPUs a deployment holds, and the charts", async ({ page }) => {
    await signIn(page, "admin", PASSWORD, "/deployments");
    await expect(page.getByTestId("user-name")).toBeVisible();
    const created = await createDeployment(page, {
      name: NAME,
      namespace: "tenant-a",
      url: "hf://Qwen/Qwen2-0.5B-Instruct",
      resourceProfile: "nvidia-gpu-l4:1",
      replicas: 1,
    });
    expect(created).toBe(201);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Cluster" }).click();
    await expect(page).toHaveURL(/\/cluster$/);
    await expect(page.getByRole("heading", { name: "Cluster", level: 1 })).toBeVisible();

    const nodes = page.getByRole("table", { name: "Nodes" });
    const l4 = nodes.getByTestId("node-gpu-l4-node-1");
    await expect(l4).toContainText("NVIDIA-L4");
    await expect(l4).toContainText("nvidia.com/gpu=present:NoSchedule");
    await expect(l4.locator("[data-node-status]")).toHaveAttribute("data-node-status", "Ready");
    await expect(nodes.getByTestId("node-gpu-h100-node-1")).toContainText("NVIDIA-H100-80GB-HBM3");
    await expect(nodes.getByTestId("node-cpu-node-1")).toContainText("none");

    // The page reads the cluster again every 10 s: the replica is placed and its GPU shows on its node.
    const row = page.getByTestId(`cluster-deployment-tenant-a-${NAME}`);
    await expect(row).toContainText("nvidia-gpu-l4:1");
    await expect(row).toContainText("gpu-l4-node-1", { timeout: 30_000 });

    for (const chart of ["chart-gpus-per-tenant", "chart-gpus-per-node"]) {
      await expect(page.getByTestId(chart).locator("svg.recharts-surface").first()).toBeVisible();
    }
    await expect(page.getByTestId("chart-gpus-per-node").locator(".recharts-bar-rectangle").first()).toBeVisible();
    await expect(page.getByTestId("chart-gpus-per-tenant").locator(".recharts-bar-rectangle").first()).toBeVisible();
    await expect(page.getByTestId("profile-nvidia-gpu-l4")).toContainText(/\d+ of 4 free/);
  });

  test("a tenant member gets no Cluster link and no cluster view", async ({ page }) => {
    await signIn(page, "alice", PASSWORD, "/deployments");
    await expect(page.getByTestId("user-name")).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Cluster" })).toHaveCount(0);
    await page.goto("/cluster");
    await expect(page.getByText("The cluster view is for administrators.")).toBeVisible();
    expect(await page.evaluate(async () => (await fetch("/api/v1/admin/system")).status)).toBe(403);
  });
});
