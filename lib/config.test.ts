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

  it("listens on loopback only with the development users unless HOSTNAME says otherwise", () => {
    expect(parseConfig({}).listenHost).toBe("127.0.0.1");
    expect(parseConfig({ HOSTNAME: "0.0.0.0" }).listenHost).toBe("0.0.0.0");
    const keycloak = { KEYCLOAK_ISSUER: "https://kc/realms/x", KEYCLOAK_CLIENT_ID: "portal", KEYCLOAK_CLIENT_SECRET: "s" };
    expect(parseConfig(keycloak).listenHost).toBe("0.0.0.0");
    expect(parseConfig({ ...keycloak, HOSTNAME: "10.1.2.3" }).listenHost).toBe("10.1.2.3");
    expect(parseConfig({ HOSTNAME: "localhost" }).listenHost).toBe("localhost");
    expect(parseConfig({ HOSTNAME: "::" }).listenHost).toBe("::");
    expect(parseConfig({ HOSTNAME: "0.0.0.0" }).ignoredHostname).toBeUndefined();
    expect(parseConfig({ HOSTNAME: "[::1]" }).listenHost).toBe("::1");
  });

  it("ignores a HOSTNAME that is a machine or container name, keeping the safe default", () => {
    // Docker sets HOSTNAME to the container id; RHEL and Fedora export the machine's name.
    for (const name of ["3f4e5d6c7b8a", "build-host.example.com", "laptop"]) {
      expect(parseConfig({ HOSTNAME: name })).toMatchObject({ listenHost: "127.0.0.1", ignoredHostname: name });
    }
    const keycloak = { KEYCLOAK_ISSUER: "https://kc/realms/x", KEYCLOAK_CLIENT_ID: "portal", KEYCLOAK_CLIENT_SECRET: "s" };
    expect(parseConfig({ ...keycloak, HOSTNAME: "3f4e5d6c7b8a" })).toMatchObject({
      listenHost: "0.0.0.0",
      ignoredHostname: "3f4e5d6c7b8a",
    });
  });

  it("refuses an admin token, session secret or metrics token shorter than 32 characters, naming it", () => {
    const short = "x".repeat(31);
    const long = "x".repeat(32);
    for (const name of ["MODELPORT_ADMIN_TOKEN", "NEXTAUTH_SECRET", "METRICS_TOKEN"]) {
      expect(() => parseConfig({ [name]: short })).toThrow(new RegExp(`${name}: must be at least 32 characters`));
      expect(() => parseConfig({ [name]: short })).not.toThrow(new RegExp(short));
      expect(parseConfig({ [name]: long })).toMatchObject({ [name]: long });
    }
    expect(parseConfig({ NEXTAUTH_SECRET: "" }).NEXTAUTH_SECRET).toBeUndefined();
  });

  it("reads TRUSTED_PROXIES as addresses and ranges, and refuses anything else", () => {
    expect(parseConfig({}).TRUSTED_PROXIES).toEqual([]);
    expect(parseConfig({ TRUSTED_PROXIES: " 10.0.0.0/8, 192.168.1.4 ,fd00::/64" }).TRUSTED_PROXIES).toEqual([
      "10.0.0.0/8",
      "192.168.1.4",
      "fd00::/64",
    ]);
    for (const bad of ["proxy.local", "10.0.0.0/33", "10.0.0.1/8/2", "::1/129", "10.0.0/8"]) {
      expect(() => parseConfig({ TRUSTED_PROXIES: bad }), bad).toThrow(/TRUSTED_PROXIES: .* is not an IP address or CIDR range/);
    }
  });

  it("reads the sign-in throttle's settings", () => {
    expect(parseConfig({})).toMatchObject({ MODELPORT_SIGNIN_MAX_FAILURES: 5, MODELPORT_SIGNIN_LOCKOUT_SECONDS: 60 });
    expect(parseConfig({ MODELPORT_SIGNIN_MAX_FAILURES: "3", MODELPORT_SIGNIN_LOCKOUT_SECONDS: "5" })).toMatchObject({
      MODELPORT_SIGNIN_MAX_FAILURES: 3,
      MODELPORT_SIGNIN_LOCKOUT_SECONDS: 5,
    });
    expect(() => parseConfig({ MODELPORT_SIGNIN_MAX_FAILURES: "0" })).toThrow(/MODELPORT_SIGNIN_MAX_FAILURES/);
  });

  it("names the variable that is wrong", () => {
    expect(() => parseConfig({ PORT: "http" })).toThrow(ConfigError);
    expect(() => parseConfig({ MODELPORT_CLUSTER: "minikube" })).toThrow(/MODELPORT_CLUSTER/);
  });

  it("reads the import settings: the store from S3_BUCKET, the weights path, the Hub token under either name, the alert as a fraction", () => {
    const pvc = parseConfig({ MODELPORT_DATA_DIR: "/tmp/mp", HF_TOKEN: "hf_b" });
    expect(pvc).toMatchObject({ artifactStore: "pvc", weightsPath: "/tmp/mp/weights", hubToken: "hf_b", PVC_ALERT_THRESHOLD: 0.85 });
    expect(parseConfig({ S3_BUCKET: "models", HUGGINGFACE_API_TOKEN: "hf_a", HF_TOKEN: "hf_b" })).toMatchObject({
      artifactStore: "s3",
      hubToken: "hf_a",
    });
    expect(() => parseConfig({ MODELPORT_ARTIFACT_STORE: "s3" })).toThrow(/S3_BUCKET/);
    expect(() => parseConfig({ PVC_ALERT_THRESHOLD: "85" })).toThrow(/PVC_ALERT_THRESHOLD/);
  });

  it("runs separate web and worker processes only on a shared PostgreSQL", () => {
    expect(() => parseConfig({ MODELPORT_ROLE: "worker" })).toThrow(/MODELPORT_ROLE=worker needs DATABASE_URL/);
    expect(parseConfig({ MODELPORT_ROLE: "web", DATABASE_URL: "postgres://db/modelport" }).MODELPORT_ROLE).toBe("web");
  });
});
