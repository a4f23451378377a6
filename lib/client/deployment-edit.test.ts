import { describe, expect, it } from "vitest";
import type { KubeAIDeployment } from "@/lib/schemas/deployment";
import { draftOf, hasChanges, patchFromDraft } from "./deployment-edit";

const deployment = {
  resourceVersion: "42",
  replicas: 1,
  minReplicas: 0,
  maxReplicas: 3,
  replicaStatus: { desired: 1, all: 1, ready: 1 },
  profile: "nvidia-gpu-l4",
  instanceCount: 1,
  targetRequests: 100,
  scaleDownDelaySeconds: 30,
  cacheProfile: null,
  features: ["TextGeneration"],
  args: ["--a"],
  env: { A: "1" },
  proxy: { timeout: 60, model_mode: "completion" },
} as unknown as KubeAIDeployment;

describe("patchFromDraft", () => {
  it("sends only what changed, with the version the person saw", () => {
    const draft = { ...draftOf(deployment), replicas: "2" };
    expect(patchFromDraft(deployment, draft)).toEqual({ patch: { resourceVersion: "42", replicas: 2 }, errors: {} });
  });

  it("clears replicas when emptied, and reads empty min replicas as 0", () => {
    const draft = { ...draftOf(deployment), replicas: "", minReplicas: "" };
    expect(patchFromDraft(deployment, draft).patch).toEqual({ resourceVersion: "42", replicas: null, minReplicas: 0 });
  });

  it("edits target requests, scale-down delay and the cache profile, and clears the profiles when emptied", () => {
    const draft = { ...draftOf(deployment), targetRequests: "20", scaleDownDelaySeconds: "300", cacheProfile: "efs", resourceProfile: "" };
    expect(patchFromDraft(deployment, draft).patch).toEqual({
      resourceVersion: "42",
      targetRequests: 20,
      scaleDownDelaySeconds: 300,
      cacheProfile: "efs",
      resourceProfile: null,
    });
    const cleared = patchFromDraft(
      { ...deployment, cacheProfile: "efs" },
      { ...draftOf({ ...deployment, cacheProfile: "efs" }), cacheProfile: " " },
    );
    expect(cleared.patch).toEqual({ resourceVersion: "42", cacheProfile: null });
  });

  it("sends the whole proxy metadata when one of it changes, leaving emptied fields out", () => {
    const draft = { ...draftOf(deployment), "proxy.timeout": "", "proxy.max_output_tokens": "512" };
    expect(patchFromDraft(deployment, draft).patch).toEqual({
      resourceVersion: "42",
      proxy: { model_mode: "completion", max_output_tokens: 512 },
    });
  });

  it("sends features when the set changes, not when only their order does", () => {
    const reordered = { ...deployment, features: ["TextGeneration", "TextEmbedding"] } as KubeAIDeployment;
    expect(patchFromDraft(reordered, { ...draftOf(reordered), features: ["TextEmbedding", "TextGeneration"] }).patch).toEqual({
      resourceVersion: "42",
    });
    expect(patchFromDraft(deployment, { ...draftOf(deployment), features: ["TextEmbedding"] }).patch).toMatchObject({
      features: ["TextEmbedding"],
    });
  });

  it("names the field of a bad value, nested ones included, and refuses env lines without '='", () => {
    expect(patchFromDraft(deployment, { ...draftOf(deployment), maxReplicas: "-1" }).errors).toHaveProperty("maxReplicas");
    expect(patchFromDraft(deployment, { ...draftOf(deployment), "proxy.max_retries": "-2" }).errors).toHaveProperty(["proxy.max_retries"]);
    expect(patchFromDraft(deployment, { ...draftOf(deployment), env: "A=1\nbroken" }).errors).toEqual({ env: "Not KEY=VALUE: broken" });
  });
});

describe("hasChanges", () => {
  it("tells an unchanged draft from a changed one", () => {
    expect(hasChanges(patchFromDraft(deployment, draftOf(deployment)).patch!)).toBe(false);
    expect(hasChanges(patchFromDraft(deployment, { ...draftOf(deployment), minReplicas: "1" }).patch!)).toBe(true);
  });

  it("guards with the spec's generation when the deployment has one, so status updates do not make it stale", () => {
    const draft = { ...draftOf(deployment), replicas: "2" };
    expect(patchFromDraft({ ...deployment, generation: 3 }, draft).patch).toEqual({ generation: 3, replicas: 2 });
    expect(hasChanges({ generation: 3 })).toBe(false);
  });
});
