import { describe, expect, it } from "vitest";
import type { Deployment } from "@/lib/schemas/deployment";
import { draftOf, patchFromDraft } from "./deployment-edit";

const deployment = {
  resourceVersion: "42",
  replicas: { requested: 1, desired: 1, all: 1, ready: 1, min: 0, max: 3 },
  profile: "nvidia-gpu-l4",
  instanceCount: 1,
  args: ["--a"],
  env: { A: "1" },
} as unknown as Deployment;

describe("patchFromDraft", () => {
  it("sends only what changed, with the version the person saw", () => {
    const draft = { ...draftOf(deployment), replicas: "2" };
    expect(patchFromDraft(deployment, draft)).toEqual({ patch: { resourceVersion: "42", replicas: 2 }, errors: {} });
  });

  it("clears replicas when emptied, and reads empty min replicas as 0", () => {
    const draft = { ...draftOf(deployment), replicas: "", minReplicas: "" };
    expect(patchFromDraft(deployment, draft).patch).toEqual({ resourceVersion: "42", replicas: null, minReplicas: 0 });
  });

  it("names the field of a bad value and refuses env lines without '='", () => {
    expect(patchFromDraft(deployment, { ...draftOf(deployment), maxReplicas: "-1" }).errors).toHaveProperty("maxReplicas");
    expect(patchFromDraft(deployment, { ...draftOf(deployment), env: "A=1\nbroken" }).errors).toEqual({ env: "Not KEY=VALUE: broken" });
  });
});
