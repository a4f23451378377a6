import { describe, expect, it } from "vitest";
import { diffObjects, formatDiffValue, leaves } from "./audit-diff";

const model = (spec: Record<string, unknown>, annotations: Record<string, string> = {}) => ({
  kind: "Model",
  metadata: { name: "m", annotations },
  spec: { url: "hf://a/b", features: ["TextGeneration"], ...spec },
});

describe("diffObjects", () => {
  it("lists only the fields that changed, with their paths and old and new values", () => {
    const changes = diffObjects(model({ minReplicas: 0, env: { A: "***" } }), model({ minReplicas: 1, env: { A: "***", B: "***" } }));
    expect(changes).toEqual([
      { path: "spec.env.B", kind: "added", after: "***" },
      { path: "spec.minReplicas", kind: "changed", before: 0, after: 1 },
    ]);
  });

  it("reports a removed field and quotes keys that are not identifiers", () => {
    const changes = diffObjects(model({ maxReplicas: 3 }, { "modelport.dev/proxy": "{}" }), model({}));
    expect(changes).toEqual([
      { path: 'metadata.annotations["modelport.dev/proxy"]', kind: "removed", before: "{}" },
      { path: "spec.maxReplicas", kind: "removed", before: 3 },
    ]);
  });

  it("treats a list of plain values as one field, so an inserted flag is one change", () => {
    const changes = diffObjects(model({ args: ["--a", "--b"] }), model({ args: ["--x", "--a", "--b"] }));
    expect(changes).toEqual([{ path: "spec.args", kind: "changed", before: ["--a", "--b"], after: ["--x", "--a", "--b"] }]);
  });

  it("compares lists of objects item by item", () => {
    const changes = diffObjects({ adapters: [{ name: "a", url: "hf://x" }] }, { adapters: [{ name: "a", url: "hf://y" }, { name: "b" }] });
    expect(changes).toEqual([
      { path: "adapters[0].url", kind: "changed", before: "hf://x", after: "hf://y" },
      { path: "adapters[1].name", kind: "added", after: "b" },
    ]);
  });

  it("shows a create as every field added and a delete as every field removed", () => {
    const state = { name: "ci", role: "member", tags: [] };
    expect(diffObjects(null, state)).toEqual([
      { path: "name", kind: "added", after: "ci" },
      { path: "role", kind: "added", after: "member" },
      { path: "tags", kind: "added", after: [] },
    ]);
    expect(diffObjects(state, null).map((change) => [change.path, change.kind])).toEqual([
      ["name", "removed"],
      ["role", "removed"],
      ["tags", "removed"],
    ]);
  });

  it("finds nothing between equal states, whatever their key order", () => {
    expect(diffObjects({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toEqual([]);
  });

  it("names a change of a whole value that is not an object", () => {
    expect(diffObjects("x", "y")).toEqual([{ path: "(value)", kind: "changed", before: "x", after: "y" }]);
  });
});

describe("leaves", () => {
  it("flattens a state into its fields, keeping an empty object as a field", () => {
    expect(leaves({ metadata: { labels: {} }, spec: { args: ["--a"] } })).toEqual([
      { path: "metadata.labels", value: {} },
      { path: "spec.args", value: ["--a"] },
    ]);
  });
});

describe("formatDiffValue", () => {
  it("writes strings as they are, lists of plain values joined and the rest as JSON", () => {
    expect(formatDiffValue("hf://a/b")).toBe("hf://a/b");
    expect(formatDiffValue("")).toBe('""');
    expect(formatDiffValue(["--a=1", "--b"])).toBe("--a=1 --b");
    expect(formatDiffValue({ a: 1 })).toBe('{"a":1}');
    expect(formatDiffValue(undefined)).toBe("—");
    expect(formatDiffValue(3)).toBe("3");
  });
});
