// The one place sizing touches the file system: reading the bundled facts (gpu-facts.json, vllm-architectures.json)
// and config.json files from paths the caller names. Everything else in lib/sizing takes these as arguments.
import fs from "node:fs";
import { vllmArchitecturesSchema, type VllmArchitectures } from "./architectures";
import { gpuFactsSchema, type GpuFacts } from "./gpu-facts";
import { readModelConfig, type ModelConfigReading } from "./model-config";

const readJson = (path: string): unknown => JSON.parse(fs.readFileSync(path, "utf8"));

/** gpu-facts.json (Modelport bundles it at lib/k8s/catalog/gpu-facts.json); throws if it does not parse. */
export function loadGpuFacts(path: string): GpuFacts {
  return gpuFactsSchema.parse(readJson(path));
}

/** vllm-architectures.json: which `architectures` vLLM's registry serves, and as what. */
export function loadVllmArchitectures(path: string): VllmArchitectures {
  return vllmArchitecturesSchema.parse(readJson(path));
}

/** A config.json on disk, read as tolerantly as one from the Hub. */
export function loadModelConfig(path: string): ModelConfigReading {
  return readModelConfig(readJson(path));
}
