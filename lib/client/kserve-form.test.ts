import { describe, expect, it } from "vitest";
import { defaultProtocolOf, deploymentModeOf, kserveInputWarnings, resourcesOf, scaleMetricChoices } from "./kserve-form";

describe("scaleMetricChoices", () => {
  it("offers what each mode's autoscaler takes, and every metric for the cluster's default mode", () => {
    expect(scaleMetricChoices("Serverless")).toEqual(["concurrency", "rps"]);
    expect(scaleMetricChoices("Standard")).toEqual(["cpu", "memory"]);
    expect(scaleMetricChoices(undefined)).toEqual(["concurrency", "rps", "cpu", "memory"]);
    expect(deploymentModeOf("toString")).toBeUndefined();
  });
});

describe("defaultProtocolOf", () => {
  it("is v2 for formats only v2 runtimes serve and v1 otherwise", () => {
    expect(defaultProtocolOf("onnx")).toBe("v2");
    expect(defaultProtocolOf("sklearn")).toBe("v1");
    expect(defaultProtocolOf(undefined)).toBe("v1");
  });
});

describe("resourcesOf", () => {
  it("keeps the amounts given, as strings, and nothing when none is", () => {
    expect(resourcesOf({ requests: { cpu: 2, memory: " " }, limits: { memory: "4Gi" } })).toEqual({
      requests: { cpu: "2" },
      limits: { memory: "4Gi" },
    });
    expect(resourcesOf({ requests: { cpu: "" } })).toBeUndefined();
  });
});

describe("kserveInputWarnings", () => {
  it("gives the schema's advice for a half-filled form", () => {
    expect(kserveInputWarnings({ minReplicas: 0, deploymentMode: "Serverless" })).toEqual([]);
    expect(kserveInputWarnings({ minReplicas: 0 }).join(" ")).toMatch(/cluster's default mode decides/);
    expect(kserveInputWarnings({ scaleMetric: "rps" }).join(" ")).toMatch(/scaleMetric rps works only in Serverless mode/);
    expect(kserveInputWarnings({ resources: { requests: { cpu: "4" } } }).join(" ")).toMatch(/requests\.cpu 4 without limits\.cpu/);
  });
});
