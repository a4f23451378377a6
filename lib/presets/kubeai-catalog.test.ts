// Every entry of KubeAI's model catalog becomes a valid preset that keeps what the entry sets.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { presetInputSchema } from "@/lib/schemas/preset";
import { deploymentInputSchema } from "@/lib/schemas/deployment";
import { parametersFromName, presetsFromKubeAICatalog } from "./kubeai-catalog";

const values = parse(fs.readFileSync(path.join("lib/k8s/catalog/models-catalog.values.yaml"), "utf8"));
const catalog = values.catalog as Record<string, Record<string, unknown>>;
const presets = presetsFromKubeAICatalog(values);

describe("KubeAI's catalog as presets", () => {
  it("turns every entry into a preset the preset schema accepts, and that deploys as written", () => {
    expect(presets.map((preset) => preset.id)).toEqual(Object.keys(catalog));
    for (const preset of presets) {
      const parsed = presetInputSchema.safeParse(preset);
      expect(parsed.success, `${preset.id}: ${parsed.success ? "" : JSON.stringify(parsed.error.issues)}`).toBe(true);
      expect(deploymentInputSchema.safeParse({ ...preset.deployment, name: "x", namespace: "tenant-a" }).success).toBe(true);
    }
  });

  it("keeps everything an entry sets for a deployment, and nothing it does not", () => {
    for (const preset of presets) {
      const { enabled: _enabled, ...entry } = catalog[preset.id];
      expect(preset.deployment, preset.id).toEqual(entry);
    }
    const opt = presets.find((preset) => preset.id.startsWith("opt-125m") && "files" in preset.deployment);
    expect(opt?.deployment.files).toEqual([expect.objectContaining({ path: "/config/chat-template.jinja" })]);
  });

  it("categorises by feature and vision, tags by engine, profile and quantization, reads --max-model-len", () => {
    const byId = Object.fromEntries(presets.map((preset) => [preset.id, preset]));
    expect(byId["llama-3.2-11b-vision-instruct-l4"]).toMatchObject({
      category: "multimodal",
      tags: expect.arrayContaining(["vllm", "nvidia-gpu-l4", "gpu", "fp8"]),
      tokenLimits: { contextLength: 8192 },
      parameters: 11e9,
    });
    expect(byId["e5-mistral-7b-instruct-cpu"]).toMatchObject({ category: "embedding", tags: expect.arrayContaining(["cpu"]) });
    const categories = new Set(presets.map((preset) => preset.category));
    expect([...categories].sort()).toEqual(expect.arrayContaining(["audio", "embedding", "llm", "reranking"]));
  });

  it("reads a parameter count from a model's name", () => {
    expect(parametersFromName("llama-3.1-8b-instruct-fp8-l4")).toBe(8e9);
    expect(parametersFromName("opt-125m-cpu")).toBe(125e6);
    expect(parametersFromName("hf://mistralai/Mixtral-8x7B-Instruct-v0.1")).toBe(56e9);
    expect(parametersFromName("qwen2.5-0.5b")).toBe(0.5e9);
    expect(parametersFromName("faster-whisper-medium-en-cpu")).toBeUndefined();
  });
});
