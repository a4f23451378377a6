import { defineConfig } from "@playwright/test";

// Runs against a production build served by `npm start`, on a fresh data directory, in Debian's Chromium.
const PORT = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  webServer: {
    command: "rm -rf .modelport-e2e && node scripts/start.mjs",
    url: `http://localhost:${PORT}/api/healthz`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(PORT),
      MODELPORT_DATA_DIR: ".modelport-e2e",
      MODELPORT_CLUSTER: "sandbox",
      MODELPORT_DEV_PASSWORD: "e2e-password",
      DATABASE_URL: "",
      KUBECONFIG: "",
      KEYCLOAK_ISSUER: "",
      KEYCLOAK_CLIENT_ID: "",
      KEYCLOAK_CLIENT_SECRET: "",
    },
  },
});
