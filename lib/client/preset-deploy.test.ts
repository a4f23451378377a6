import { describe, expect, it } from "vitest";
import { deploymentInputSchema } from "@/lib/schemas/deployment";
import { customizePath, deploymentNameProblem, presetDeploymentBody, presetDeploymentName } from "./preset-deploy";
import { IRIS_PRESET } from "./preset-fixtures";

describe("presetDeploymentName", () => {
  it("makes the preset's id a valid KubeAI name", () => {
    expect(presetDeploymentName({ id: "opt-125m-cpu", backend: "kubeai" })).toBe("opt-125m-cpu");
    expect(presetDeploymentName({ id: "qwen2.5-7b-cpu", backend: "kubeai" })).toBe("qwen2-5-7b-cpu");
    const long = presetDeploymentName({ id: "llama-3.1-70b-instruct-fp8-mi300x-with-a-very-long-tail", backend: "kubeai" });
    expect(long.length).toBeLessThanOrEqual(40);
    expect(deploymentNameProblem("kubeai", long)).toBeUndefined();
  });

  it("starts a KServe name with a letter", () => {
    expect(presetDeploymentName({ id: "3b-classifier", backend: "kserve" })).toBe("model-3b-classifier");
    expect(deploymentNameProblem("kserve", presetDeploymentName({ id: "3b-classifier", backend: "kserve" }))).toBeUndefined();
    expect(presetDeploymentName({ id: "3b-classifier", backend: "kubeai" })).toBe("3b-classifier");
  });
});

describe("deploymentNameProblem", () => {
  it("checks the name by the preset's backend", () => {
    expect(deploymentNameProblem("kubeai", "9-lives")).toBeUndefined();
    expect(deploymentNameProblem("kserve", "9-lives")).toMatch(/starting with a letter/);
    expect(deploymentNameProblem("kubeai", "")).toBe("Name is required");
    expect(deploymentNameProblem("kubeai", "Has_Capitals")).toMatch(/lowercase/);
  });
});

describe("presetDeploymentBody", () => {
  it("is the preset's deployment with the chosen name and namespace, which the API accepts", () => {
    const body = presetDeploymentBody(IRIS_PRESET, "iris", "tenant-a");
    expect(body).toEqual({ ...IRIS_PRESET.deployment, name: "iris", namespace: "tenant-a" });
    expect(deploymentInputSchema.safeParse(body).success).toBe(true);
  });
});

describe("customizePath", () => {
  it("carries the preset and the choices made so far to the advanced form", () => {
    expect(customizePath("qwen2.5-7b-cpu")).toBe("/deployments/new?preset=qwen2.5-7b-cpu");
    expect(customizePath("opt-125m-cpu", { name: "my opt", namespace: "tenant-a" })).toBe(
      "/deployments/new?preset=opt-125m-cpu&name=my+opt&namespace=tenant-a",
    );
  });
});
