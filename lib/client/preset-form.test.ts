import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { presetsFromKubeAICatalog } from "@/lib/presets/kubeai-catalog";
import { deploymentInputSchema, kubeaiDeploymentInputSchema } from "@/lib/schemas/deployment";
import { kserveDeploymentInputSchema } from "@/lib/schemas/kserve";
import { presetDeploymentBody } from "./preset-deploy";
import { asListed, IRIS_PRESET, presetById } from "./preset-fixtures";
import { presetFormDefaults } from "./preset-form";

const catalog = presetsFromKubeAICatalog(parse(fs.readFileSync("lib/k8s/catalog/models-catalog.values.yaml", "utf8"))).map(asListed);
const NAMESPACES = ["tenant-a", "tenant-c"];

describe("presetFormDefaults", () => {
  it("opens the KubeAI form with the profile and its count apart, the args and the files kept", () => {
    const prefill = presetFormDefaults(presetById(catalog, "opt-125m-cpu"), NAMESPACES);
    // The id, so the form can ask the fit check about the preset it started from.
    expect(prefill).toMatchObject({ backend: "kubeai", presetId: "opt-125m-cpu" });
    expect(prefill.values).toMatchObject({
      name: "opt-125m-cpu",
      namespace: "tenant-a",
      url: "hf://facebook/opt-125m",
      engine: "VLLM",
      features: ["TextGeneration"],
      resourceProfile: "cpu",
      instanceCount: 1,
      args: ["--chat-template=/config/chat-template.jinja"],
      files: [expect.objectContaining({ path: "/config/chat-template.jinja" })],
    });
  });

  it("reads the unit count from the preset's profile", () => {
    const prefill = presetFormDefaults(presetById(catalog, "qwen2.5-7b-cpu"), NAMESPACES);
    expect(prefill.values).toMatchObject({ resourceProfile: "cpu", instanceCount: 2 });
  });

  it("creates, untouched, what Deploy would create, for every preset in KubeAI's catalog", () => {
    for (const preset of catalog) {
      const prefill = presetFormDefaults(preset, NAMESPACES);
      const fromForm = kubeaiDeploymentInputSchema.safeParse(prefill.values);
      const deployed = deploymentInputSchema.safeParse(presetDeploymentBody(preset, prefill.values.name, "tenant-a"));
      expect(fromForm.success, `${preset.id}: ${fromForm.error?.message}`).toBe(true);
      expect(fromForm.data, preset.id).toEqual(deployed.data);
    }
  });

  it("opens the KServe form with its `<profile>:<count>` and mode for a KServe preset", () => {
    const prefill = presetFormDefaults(IRIS_PRESET, NAMESPACES);
    expect(prefill.backend).toBe("kserve");
    expect(prefill.values).toMatchObject({
      name: "sklearn-iris",
      modelFormat: { name: "sklearn" },
      storageUri: "gs://kfserving-examples/models/sklearn/1.0/model",
      resourceProfile: "cpu:2",
      deploymentMode: "RawDeployment",
    });
    const fromForm = kserveDeploymentInputSchema.safeParse(prefill.values);
    expect(fromForm.data).toEqual(deploymentInputSchema.parse(presetDeploymentBody(IRIS_PRESET, "sklearn-iris", "tenant-a")));
  });

  it("keeps a name and namespace chosen on the easy setup page, and only a namespace the person may use", () => {
    const opt = presetById(catalog, "opt-125m-cpu");
    expect(presetFormDefaults(opt, NAMESPACES, { name: "my-opt", namespace: "tenant-c" }).values).toMatchObject({
      name: "my-opt",
      namespace: "tenant-c",
    });
    expect(presetFormDefaults(opt, NAMESPACES, { namespace: "tenant-b" }).values.namespace).toBe("tenant-a");
    expect(presetFormDefaults(opt, [], {}).values.namespace).toBe("");
  });
});
