import { describe, expect, it } from "vitest";
import { presetInputSchema } from "@/lib/schemas/preset";
import { IRIS_PRESET } from "./preset-fixtures";
import {
  newPresetDraft,
  placePresetErrors,
  presetDraftOf,
  presetInputFromDraft,
  presetPatchFromDraft,
  tagsOf,
  type PresetDraft,
} from "./preset-editor";

const draft = (changes: Partial<PresetDraft>): PresetDraft => ({ ...newPresetDraft(), id: "tiny-llm", name: "Tiny LLM", ...changes });

describe("presetInputFromDraft", () => {
  it("builds a body the preset schema accepts: tags split, numbers read, parameters as 8B", () => {
    const { body, errors } = presetInputFromDraft(
      draft({ tags: "cpu, small,, cpu ", "tokenLimits.contextLength": "4096", parameters: "1.5B", enabled: false }),
    );
    expect(errors).toEqual({});
    expect(body).toMatchObject({
      id: "tiny-llm",
      tags: ["cpu", "small"],
      enabled: false,
      tokenLimits: { contextLength: 4096 },
      parameters: 1.5e9,
      deployment: { engine: "VLLM", url: "hf://org/model" },
    });
    expect(presetInputSchema.safeParse(body).success).toBe(true);
  });

  it("leaves parameters out when empty", () => {
    expect(presetInputFromDraft(draft({})).body).not.toHaveProperty("parameters");
  });

  it("puts what cannot be read on its own box", () => {
    const { body, errors } = presetInputFromDraft(
      draft({ "tokenLimits.maxOutputTokens": "lots", parameters: "big", deployment: "{ engine: VLLM" }),
    );
    expect(body).toBeUndefined();
    expect(errors["tokenLimits.maxOutputTokens"]).toBe("A whole number of tokens");
    expect(errors.parameters).toMatch(/8B, 125M/);
    expect(errors.deployment).toMatch(/^Not valid JSON/);
    expect(presetInputFromDraft(draft({ deployment: "[1, 2]" })).errors.deployment).toMatch(/JSON object/);
  });

  it("checks with the preset schema: a bad id and each deployment problem with its path", () => {
    const { body, errors } = presetInputFromDraft(
      draft({ id: "Not An Id", deployment: JSON.stringify({ engine: "VLLM", url: "ftp://x", features: [] }) }),
    );
    expect(body).toBeUndefined();
    expect(errors.id).toMatch(/lowercase/);
    expect(errors.deployment).toContain("deployment.url: URL must start with");
    expect(errors.deployment).toContain("deployment.features: Choose at least one feature");
  });
});

describe("presetPatchFromDraft", () => {
  it("sends only what changed", () => {
    const unchanged = presetDraftOf(IRIS_PRESET);
    expect(presetPatchFromDraft(IRIS_PRESET, unchanged)).toEqual({ body: {}, errors: {} });
    expect(presetPatchFromDraft(IRIS_PRESET, { ...unchanged, enabled: false }).body).toEqual({ enabled: false });
    expect(presetPatchFromDraft(IRIS_PRESET, { ...unchanged, "tokenLimits.maxInputTokens": "512" }).body).toEqual({
      tokenLimits: { maxInputTokens: 512 },
    });
  });

  it("clears the parameter count with null and replaces the deployment whole", () => {
    const withCount = { ...IRIS_PRESET, parameters: 1000 };
    const deployment = { ...IRIS_PRESET.deployment, minReplicas: 2 };
    const { body, errors } = presetPatchFromDraft(withCount, {
      ...presetDraftOf(withCount),
      parameters: "",
      deployment: JSON.stringify(deployment),
    });
    expect(errors).toEqual({});
    expect(body).toEqual({ parameters: null, deployment });
  });

  it("refuses a deployment that names its own name", () => {
    const { errors } = presetPatchFromDraft(IRIS_PRESET, {
      ...presetDraftOf(IRIS_PRESET),
      deployment: JSON.stringify({ ...IRIS_PRESET.deployment, name: "fixed" }),
    });
    expect(errors.deployment).toMatch(/^deployment\.name: A preset's deployment has no name/);
  });
});

describe("placePresetErrors", () => {
  it("puts the API's field errors on the dialog's inputs and keeps the rest", () => {
    const { byField, unplaced } = placePresetErrors([
      { field: "deployment.url", message: "URL is required" },
      { field: "deployment.args[0]", message: "Too long" },
      { field: "tokenLimits.contextLength", message: "Too small" },
      { field: "tags.3", message: "Too long" },
      { field: "body.name", message: "name is required" },
      { field: "source", message: "Unknown" },
    ]);
    expect(byField).toEqual({
      deployment: "deployment.url: URL is required\ndeployment.args.0: Too long",
      "tokenLimits.contextLength": "Too small",
      tags: "Too long",
      name: "name is required",
    });
    expect(unplaced).toEqual([{ field: "source", message: "Unknown" }]);
  });
});

describe("tagsOf", () => {
  it("splits on commas, trims, and drops empty and repeated tags", () => {
    expect(tagsOf(" gpu,  fp8 ,,gpu")).toEqual(["gpu", "fp8"]);
    expect(tagsOf("")).toEqual([]);
  });
});
