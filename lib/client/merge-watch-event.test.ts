import { describe, expect, it } from "vitest";
import type { Deployment } from "@/lib/schemas/deployment";
import { mergeWatchChange } from "./merge-watch-event";

const deployment = (name: string, resourceVersion: string, status: Deployment["status"] = "Pending") =>
  ({ name, namespace: "kubeai", resourceVersion, status }) as Deployment;

describe("mergeWatchChange", () => {
  it("replaces an item with a newer version and ignores an older or equal one", () => {
    const list = [deployment("a", "10"), deployment("b", "12")];
    const newer = mergeWatchChange(list, { type: "MODIFIED", deployment: deployment("a", "15", "Ready") });
    expect(newer.map((item) => item.status)).toEqual(["Ready", "Pending"]);
    expect(mergeWatchChange(newer, { type: "MODIFIED", deployment: deployment("a", "14", "Loading") })).toBe(newer);
    expect(mergeWatchChange(newer, { type: "MODIFIED", deployment: deployment("a", "15", "Loading") })).toBe(newer);
  });

  it("inserts an added item in name order and removes a deleted one", () => {
    const list = [deployment("a", "1"), deployment("c", "2")];
    const added = mergeWatchChange(list, { type: "ADDED", deployment: deployment("b", "3") });
    expect(added.map((item) => item.name)).toEqual(["a", "b", "c"]);
    expect(mergeWatchChange(added, { type: "DELETED", deployment: deployment("a", "4") }).map((item) => item.name)).toEqual(["b", "c"]);
    expect(mergeWatchChange(added, { type: "DELETED", deployment: deployment("zz", "4") })).toBe(added);
  });
});
