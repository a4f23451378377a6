import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { isLoopback, reachLines } from "./banner";

describe("start banner", () => {
  it("says the development sign-in is reachable from this machine only, and how to change it", () => {
    const lines = reachLines(parseConfig({}), "127.0.0.1:3000").join("\n");
    expect(lines).toMatch(/this machine only/);
    expect(lines).toMatch(/HOSTNAME=0\.0\.0\.0/);
  });

  it("warns when HOSTNAME exposes the development users", () => {
    const lines = reachLines(parseConfig({ HOSTNAME: "0.0.0.0" }), "0.0.0.0:3000").join("\n");
    expect(lines).toMatch(/WARNING/);
    expect(lines).toMatch(/sign in as admin/);
  });

  it("says when HOSTNAME was ignored as a machine name, and how to listen everywhere", () => {
    const lines = reachLines(parseConfig({ HOSTNAME: "3f4e5d6c7b8a" }), "127.0.0.1:3000").join("\n");
    expect(lines).toMatch(/HOSTNAME=3f4e5d6c7b8a was ignored/);
    expect(lines).toMatch(/this machine only/);
    expect(lines).toMatch(/set HOSTNAME=0\.0\.0\.0/);
    expect(lines).not.toMatch(/WARNING/);
    expect(reachLines(parseConfig({}), "127.0.0.1:3000").join("\n")).not.toMatch(/ignored/);
  });

  it("says nothing extra for Keycloak on every interface", () => {
    const keycloak = { KEYCLOAK_ISSUER: "https://kc/realms/x", KEYCLOAK_CLIENT_ID: "portal", KEYCLOAK_CLIENT_SECRET: "s" };
    expect(reachLines(parseConfig(keycloak), "0.0.0.0:3000")).toEqual([]);
  });

  it("knows loopback addresses", () => {
    expect(["127.0.0.1", "127.1.2.3", "::1", "localhost"].every(isLoopback)).toBe(true);
    expect(["0.0.0.0", "10.0.0.1", "::", "example.com"].some(isLoopback)).toBe(false);
  });
});
