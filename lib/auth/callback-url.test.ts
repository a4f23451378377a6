import { describe, expect, it } from "vitest";
import { DEFAULT_CALLBACK_PATH, safeCallbackPath } from "./callback-url";

describe("safeCallbackPath", () => {
  it("keeps a path on this site with its query and fragment", () => {
    expect(safeCallbackPath("/deployments/tenant-a/llama?tab=events#top")).toBe("/deployments/tenant-a/llama?tab=events#top");
    expect(safeCallbackPath("/audit")).toBe("/audit");
  });

  it("falls back to the deployments page without a value", () => {
    expect(safeCallbackPath(undefined)).toBe(DEFAULT_CALLBACK_PATH);
    expect(safeCallbackPath("")).toBe(DEFAULT_CALLBACK_PATH);
  });

  it("refuses the issue's open redirect and the values that gave 500", () => {
    // What Next hands the page for ?callbackUrl=%09/evil.com, /%09/evil.com, %0A…, %00…
    for (const value of [
      "\t/evil.com",
      "/\t/evil.com",
      "/%09/evil.com",
      "/\n/evil.com",
      "/deployments\n",
      "/\r\nSet-Cookie: x=1",
      "/\u0000",
      "/x\u007f",
    ]) {
      const result = safeCallbackPath(value);
      expect(result, JSON.stringify(value)).not.toMatch(/[\u0000-\u001f\u007f]/);
      expect(new URL(result, "https://portal.example").origin, JSON.stringify(value)).toBe("https://portal.example");
    }
    expect(safeCallbackPath("/\t/evil.com")).toBe(DEFAULT_CALLBACK_PATH);
    expect(safeCallbackPath("/\n/evil.com")).toBe(DEFAULT_CALLBACK_PATH);
    expect(safeCallbackPath("/\u0000")).toBe(DEFAULT_CALLBACK_PATH);
  });

  it("refuses other origins however they are spelled", () => {
    for (const value of [
      "//evil.com",
      "///evil.com",
      "/\\evil.com",
      "\\/evil.com",
      "https://evil.com/deployments",
      "http:evil.com",
      "javascript:alert(1)",
      "evil.com",
      " /deployments",
    ]) {
      expect(safeCallbackPath(value), value).toBe(DEFAULT_CALLBACK_PATH);
    }
  });

  it("refuses paths whose dot segments collapse into another origin", () => {
    for (const value of ["/.//evil.com", "/..//evil.com", "/a/..//evil.com", "/%2E%2E//evil.com/x", "/%2e//evil.com", "/./\\evil.com"]) {
      expect(safeCallbackPath(value), value).toBe(DEFAULT_CALLBACK_PATH);
    }
  });

  it("keeps a path whose dot segments stay on this site, in its collapsed form", () => {
    expect(safeCallbackPath("/a/../audit")).toBe("/audit");
    expect(safeCallbackPath("/./deployments?x=1")).toBe("/deployments?x=1");
  });
});
