import { describe, expect, it } from "vitest";
import { LAST_APPLIED_ANNOTATION, maskArgs, maskEnv, redactDeploymentForViewer, redactModelObject } from "./deployment-redaction";
import { modelForAudit, toDeployment, type ModelObject } from "./kubeai-model";

function model(spec: Partial<ModelObject["spec"]>, annotations?: Record<string, string>): ModelObject {
  return {
    apiVersion: "kubeai.org/v1",
    kind: "Model",
    metadata: { name: "m", namespace: "tenant-a", ...(annotations ? { annotations } : {}) },
    spec: { url: "hf://a/b", engine: "VLLM", features: ["TextGeneration"], ...spec },
  };
}

describe("maskArgs", () => {
  it("masks the value of a --flag=value argument and keeps the flag's name", () => {
    expect(maskArgs(["--api-key=sk-123", "--served-model-name=llama"])).toEqual(["--api-key=***", "--served-model-name=***"]);
  });

  it("masks a value given as the argument after its flag", () => {
    expect(maskArgs(["--hf-token", "abc", "-k", "xyz"])).toEqual(["--hf-token", "***", "-k", "***"]);
  });

  it("keeps flags without a value and short numeric tuning values, so diffs of them stay useful", () => {
    expect(maskArgs(["--enforce-eager", "--max-model-len=8192", "--gpu-memory-utilization", "0.9", "-1"])).toEqual([
      "--enforce-eager",
      "--max-model-len=8192",
      "--gpu-memory-utilization",
      "0.9",
      "-1",
    ]);
  });

  it("masks a number given to a flag named like a secret, and long numbers anywhere", () => {
    expect(maskArgs(["--api-key=1234", "--auth-pin", "4321", "--seed=123456789012"])).toEqual([
      "--api-key=***",
      "--auth-pin",
      "***",
      "--seed=***",
    ]);
  });

  it("masks positional arguments and anything that is not a plain flag name, whole", () => {
    expect(maskArgs(["serve", "--api-key sk-123", "-kSECRET", "--=x", "=x"])).toEqual(["***", "***", "***", "***", "***"]);
  });
});

describe("maskEnv", () => {
  it("keeps variable names and masks every value", () => {
    expect(maskEnv({ HF_TOKEN: "hf_secret", VLLM_LOGGING_LEVEL: "DEBUG" })).toEqual({ HF_TOKEN: "***", VLLM_LOGGING_LEVEL: "***" });
  });
});

describe("modelForAudit", () => {
  it("masks args and env values and drops kubectl's last-applied copy", () => {
    const raw = model(
      { args: ["--api-key=sk-secret", "--max-model-len=4096"], env: { HF_TOKEN: "hf_secret" } },
      { [LAST_APPLIED_ANNOTATION]: '{"spec":{"args":["--api-key=sk-secret"]}}', "team.example/owner": "ml" },
    );
    const audited = modelForAudit(raw);
    expect(JSON.stringify(audited)).not.toContain("sk-secret");
    expect(audited).toMatchObject({
      metadata: { name: "m", annotations: { "team.example/owner": "ml" } },
      spec: { args: ["--api-key=***", "--max-model-len=4096"], env: { HF_TOKEN: "***" }, url: "hf://a/b" },
    });
    expect(raw.spec.args).toEqual(["--api-key=sk-secret", "--max-model-len=4096"]);
  });
});

describe("redactModelObject", () => {
  it("leaves an object without spec, env or args as it is", () => {
    const object = { kind: "Model", metadata: { name: "m" } };
    expect(redactModelObject(object)).toEqual(object);
  });
});

describe("redactDeploymentForViewer", () => {
  it("masks env values and args in the view model and in the raw object, without changing the original", () => {
    const raw = model(
      { args: ["--hf-token", "hf_abc", "--max-model-len=8192"], env: { HF_TOKEN: "hf_secret" } },
      { [LAST_APPLIED_ANNOTATION]: '{"spec":{"env":{"HF_TOKEN":"hf_secret"}}}' },
    );
    const deployment = { ...toDeployment(raw, [], "http://kubeai.kubeai.svc.cluster.local/openai/v1"), events: [] };
    const redacted = redactDeploymentForViewer(deployment);
    const text = JSON.stringify(redacted);
    expect(text).not.toContain("hf_secret");
    expect(text).not.toContain("hf_abc");
    expect(redacted.env).toEqual({ HF_TOKEN: "***" });
    expect(redacted.args).toEqual(["--hf-token", "***", "--max-model-len=8192"]);
    expect(redacted.object).toMatchObject({ spec: { env: { HF_TOKEN: "***" }, args: ["--hf-token", "***", "--max-model-len=8192"] } });
    expect(redacted.events).toEqual([]);
    expect(redacted.name).toBe("m");
    expect(deployment.env).toEqual({ HF_TOKEN: "hf_secret" });
    expect(raw.spec.args?.[1]).toBe("hf_abc");
  });
});
