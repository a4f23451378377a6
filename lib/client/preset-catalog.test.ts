import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { presetsFromKubeAICatalog } from "@/lib/presets/kubeai-catalog";
import {
  categoryCounts,
  filterChoices,
  filterPresets,
  formatParameterCount,
  parseParameterCount,
  presetFeaturesLabel,
  presetModelLocation,
  presetServingLabel,
} from "./preset-catalog";
import { asListed, IRIS_PRESET, presetById } from "./preset-fixtures";

const catalog = presetsFromKubeAICatalog(parse(fs.readFileSync("lib/k8s/catalog/models-catalog.values.yaml", "utf8"))).map(asListed);
const presets = [...catalog, IRIS_PRESET];

describe("formatParameterCount", () => {
  it("says a model's size as its name does", () => {
    expect(formatParameterCount(8_030_261_248)).toBe("8B");
    expect(formatParameterCount(1.5e9)).toBe("1.5B");
    expect(formatParameterCount(1.25e8)).toBe("125M");
    expect(formatParameterCount(5.6e10)).toBe("56B");
    expect(formatParameterCount(6.71e11)).toBe("671B");
    expect(formatParameterCount(1.2e12)).toBe("1.2T");
    expect(formatParameterCount(435_000)).toBe("435K");
    expect(formatParameterCount(999)).toBe("999");
  });

  it("says nothing for an unknown count", () => {
    expect(formatParameterCount(null)).toBe("");
    expect(formatParameterCount(undefined)).toBe("");
    expect(formatParameterCount(0)).toBe("");
  });
});

describe("parseParameterCount", () => {
  it("reads a size with a suffix, or a plain count, back", () => {
    expect(parseParameterCount("8B")).toBe(8e9);
    expect(parseParameterCount("1.5b")).toBe(1.5e9);
    expect(parseParameterCount(" 125M ")).toBe(1.25e8);
    expect(parseParameterCount("8_030_261_248")).toBe(8_030_261_248);
    expect(parseParameterCount(formatParameterCount(5.6e10))).toBe(5.6e10);
  });

  it("refuses what is not a count", () => {
    expect(parseParameterCount("eight")).toBeNaN();
    expect(parseParameterCount("8 GB")).toBeNaN();
    expect(parseParameterCount("")).toBeNaN();
  });
});

describe("what a card shows", () => {
  it("labels KubeAI presets by engine and KServe presets by format, with the model's location", () => {
    const opt = presetById(catalog, "opt-125m-cpu");
    expect(presetServingLabel(opt)).toBe("VLLM");
    expect(presetModelLocation(opt)).toBe("hf://facebook/opt-125m");
    expect(presetServingLabel(IRIS_PRESET)).toBe("KServe · sklearn");
    expect(presetModelLocation(IRIS_PRESET)).toBe("gs://kfserving-examples/models/sklearn/1.0/model");
    expect(presetFeaturesLabel(presetById(catalog, "bge-embed-text-cpu"))).toBe("TextEmbedding");
    expect(presetFeaturesLabel(IRIS_PRESET)).toBe("predict");
  });
});

describe("filterPresets", () => {
  it("narrows by category, serving label and tag together", () => {
    const found = filterPresets(presets, { category: "llm", serving: "OLlama", tag: "cpu" });
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((preset) => preset.id)).toContain("qwen2-500m-cpu");
    for (const preset of found) expect(preset).toMatchObject({ category: "llm", engine: "OLlama", tags: expect.arrayContaining(["cpu"]) });
    expect(filterPresets(presets, { category: "embedding" }).every((preset) => preset.category === "embedding")).toBe(true);
  });

  it("searches id, name, description, tags and the model's location, in any case", () => {
    expect(filterPresets(presets, { search: "FACEBOOK/opt" }).map((preset) => preset.id)).toEqual(
      expect.arrayContaining(["opt-125m-cpu", "opt-125m-l4"]),
    );
    expect(filterPresets(presets, { search: "kfserving-examples" })).toEqual([IRIS_PRESET]);
    expect(filterPresets(presets, { search: "  " })).toHaveLength(presets.length);
    expect(filterPresets(presets, { search: "no-such-model-anywhere" })).toEqual([]);
  });
});

describe("filter choices", () => {
  it("counts presets per category in the schema's order, leaving empty ones out", () => {
    const counts = categoryCounts(catalog);
    expect(counts.map((entry) => entry.category)).toEqual(["llm", "embedding", "audio", "multimodal", "reranking"]);
    expect(counts.reduce((sum, entry) => sum + entry.count, 0)).toBe(catalog.length);
    expect(categoryCounts([IRIS_PRESET])).toEqual([{ category: "llm", count: 1 }]);
  });

  it("offers each serving label and tag once, sorted", () => {
    const { serving, tags } = filterChoices(presets);
    expect(serving).toEqual(expect.arrayContaining(["VLLM", "OLlama", "Infinity", "FasterWhisper", "KServe · sklearn"]));
    expect(new Set(serving).size).toBe(serving.length);
    expect(tags).toEqual([...tags].sort((a, b) => a.localeCompare(b)));
    expect(tags).toContain("cpu");
  });
});
