import { defineConfig } from "@playwright/test";

// Runs against production builds served by `npm start` on fresh data directories, in Debian's Chromium:
// one server on the embedded defaults, one configured as for production: Keycloak (a stand-in) through KEYCLOAK_*,
// a cluster through KUBECONFIG, a shared NEXTAUTH_SECRET.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const KEYCLOAK_PORT = PORT + 1;
const STAND_IN_PORT = PORT + 90;
const HUB_PORT = PORT + 91;
const blank = { DATABASE_URL: "", KUBECONFIG: "", MODELPORT_ADMIN_TOKEN: "" };

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "embedded",
      testMatch: [
        "cluster.spec.ts",
        "deployments.spec.ts",
        "kserve.spec.ts",
        "newcomer.spec.ts",
        "phone.spec.ts",
        "presets.spec.ts",
        "publishing.spec.ts",
        "repository.spec.ts",
        "sign-out.spec.ts",
        "sizing.spec.ts",
        "tenant-admin.spec.ts",
      ],
      use: { baseURL: `http://localhost:${PORT}` },
    },
    { name: "keycloak", testMatch: "keycloak.spec.ts", use: { baseURL: `http://localhost:${KEYCLOAK_PORT}` } },
  ],
  // Started one after another, so only the first can find the build stale and rebuild it.
  webServer: [
    {
      command: "npx tsx --tsconfig tsconfig.json e2e/support/hub.ts",
      url: `http://127.0.0.1:${HUB_PORT}/api/models`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: { HUB_PORT: String(HUB_PORT) },
    },
    {
      command: "rm -rf .modelport-e2e && node scripts/start.mjs",
      url: `http://localhost:${PORT}/api/healthz`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        ...blank,
        PORT: String(PORT),
        MODELPORT_DATA_DIR: ".modelport-e2e",
        MODELPORT_CLUSTER: "sandbox",
        MODELPORT_DEV_PASSWORD: "e2e-password",
        HF_ENDPOINT: `http://127.0.0.1:${HUB_PORT}`,
        KEYCLOAK_ISSUER: "",
        KEYCLOAK_CLIENT_ID: "",
        KEYCLOAK_CLIENT_SECRET: "",
      },
    },
    {
      command: "rm -rf .modelport-e2e-cluster && npx tsx --tsconfig tsconfig.json e2e/support/external-services.ts",
      url: `http://127.0.0.1:${STAND_IN_PORT}/realms/modelport/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: {
        STAND_IN_PORT: String(STAND_IN_PORT),
        MODELPORT_URL: `http://localhost:${KEYCLOAK_PORT}`,
        CLUSTER_DIR: ".modelport-e2e-cluster",
      },
    },
    {
      command: "rm -rf .modelport-e2e-keycloak && node scripts/start.mjs",
      url: `http://localhost:${KEYCLOAK_PORT}/api/healthz`,
      timeout: 300_000,
      reuseExistingServer: false,
      env: {
        ...blank,
        PORT: String(KEYCLOAK_PORT),
        MODELPORT_DATA_DIR: ".modelport-e2e-keycloak",
        MODELPORT_CLUSTER: "auto",
        KUBECONFIG: ".modelport-e2e-cluster/kubeconfig",
        NEXTAUTH_SECRET: "e2e-shared-session-secret-0123456789",
        KEYCLOAK_ISSUER: `http://127.0.0.1:${STAND_IN_PORT}/realms/modelport`,
        KEYCLOAK_CLIENT_ID: "modelport-kc",
        KEYCLOAK_CLIENT_SECRET: "kc-secret",
      },
    },
  ],
});
