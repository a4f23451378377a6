import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

describe("parseConfig", () => {
  it("defaults to the embedded issuer on localhost", () => {
    const config = parseConfig({});
    expect(config.identity).toBe("embedded");
    expect(config.issuer).toBe("http://localhost:3000/oidc");
    expect(config.seedTenants).toEqual(["kubeai", "tenant-a", "tenant-b"]);
    expect(config.audience).toBe("modelport");
  });

  it("switches to Keycloak only when all three KEYCLOAK_* variables are set", () => {
    const config = parseConfig({ KEYCLOAK_ISSUER: "https://kc/realms/x/", KEYCLOAK_CLIENT_ID: "portal", KEYCLOAK_CLIENT_SECRET: "s" });
    expect(config).toMatchObject({ identity: "keycloak", issuer: "https://kc/realms/x", audience: "portal" });
    expect(() => parseConfig({ KEYCLOAK_ISSUER: "https://kc/realms/x" })).toThrow(/must be set together/);
  });

  it("reads MODELPORT_ALLOW_DEV_IDENTITY as a flag", () => {
    expect(parseConfig({}).MODELPORT_ALLOW_DEV_IDENTITY).toBe(false);
    expect(parseConfig({ MODELPORT_ALLOW_DEV_IDENTITY: "1" }).MODELPORT_ALLOW_DEV_IDENTITY).toBe(true);
  });

  it("names the variable that is wrong", () => {
    expect(() => parseConfig({ PORT: "http" })).toThrow(ConfigError);
    expect(() => parseConfig({ MODELPORT_CLUSTER: "minikube" })).toThrow(/MODELPORT_CLUSTER/);
  });
});
