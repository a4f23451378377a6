import { describe, expect, it } from "vitest";
import { objectChanges } from "./object-diff";

describe("objectChanges", () => {
  it("names each changed, added and removed field by path, and nothing that stayed", () => {
    const before = { spec: { minReplicas: 0, args: ["--a"], env: { A: "1" }, url: "hf://a/b" }, metadata: { name: "m" } };
    const after = { spec: { minReplicas: 1, args: ["--a", "--b"], url: "hf://a/b", cacheProfile: "efs" }, metadata: { name: "m" } };
    expect(objectChanges(before, after)).toEqual([
      { path: "spec.args", before: ["--a"], after: ["--a", "--b"] },
      { path: "spec.cacheProfile", after: "efs" },
      { path: "spec.env", before: { A: "1" } },
      { path: "spec.minReplicas", before: 0, after: 1 },
    ]);
    expect(objectChanges(before, structuredClone(before))).toEqual([]);
  });
});
