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

  it("says nothing extra for Keycloak on every interface", () => {
    const keycloak = { KEYCLOAK_ISSUER: "https://kc/realms/x", KEYCLOAK_CLIENT_ID: "portal", KEYCLOAK_CLIENT_SECRET: "s" };
    expect(reachLines(parseConfig(keycloak), "0.0.0.0:3000")).toEqual([]);
  });

  it("knows loopback addresses", () => {
    expect(["127.0.0.1", "127.1.2.3", "::1", "localhost"].every(isLoopback)).toBe(true);
    expect(["0.0.0.0", "10.0.0.1", "::", "example.com"].some(isLoopback)).toBe(false);
  });
});
