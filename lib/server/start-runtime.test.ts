import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";
import { checkDeploymentSafety, chooseCluster } from "./start-runtime";

// Long enough for the config's 32-character minimum.
const SECRET = "start-runtime-test-session-secret-0123";

describe("start-up safety", () => {
  it("picks the sandbox on a bare machine and a real cluster when one is configured", () => {
    expect(chooseCluster(parseConfig({}))).toBe("sandbox");
    expect(chooseCluster(parseConfig({ KUBECONFIG: "/k" }))).toBe("kubeconfig");
    expect(chooseCluster(parseConfig({ KUBERNETES_SERVICE_HOST: "10.0.0.1" }))).toBe("in-cluster");
    expect(chooseCluster(parseConfig({ KUBECONFIG: "/k", MODELPORT_CLUSTER: "sandbox" }))).toBe("sandbox");
  });

  it("refuses development users against a real cluster unless explicitly allowed", () => {
    const real = parseConfig({ KUBECONFIG: "/k", NEXTAUTH_SECRET: SECRET });
    expect(() => checkDeploymentSafety(real, "kubeconfig")).toThrow(/KEYCLOAK_ISSUER/);
    expect(() =>
      checkDeploymentSafety(parseConfig({ KUBECONFIG: "/k", NEXTAUTH_SECRET: SECRET, MODELPORT_ALLOW_DEV_IDENTITY: "1" }), "kubeconfig"),
    ).not.toThrow();
  });

  it("needs a shared NEXTAUTH_SECRET once replicas may share a database", () => {
    const keycloak = { KEYCLOAK_ISSUER: "https://kc/realms/x", KEYCLOAK_CLIENT_ID: "c", KEYCLOAK_CLIENT_SECRET: "s" };
    expect(() => checkDeploymentSafety(parseConfig({ ...keycloak, DATABASE_URL: "postgres://db/x" }), "sandbox")).toThrow(ConfigError);
    expect(() =>
      checkDeploymentSafety(parseConfig({ ...keycloak, DATABASE_URL: "postgres://db/x", NEXTAUTH_SECRET: SECRET }), "sandbox"),
    ).not.toThrow();
    expect(() => checkDeploymentSafety(parseConfig({}), "sandbox")).not.toThrow();
  });
});
