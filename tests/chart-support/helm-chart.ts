// Loads chart/ and renders it the way `helm template` would, through ./go-template.ts: values coalesced over
// values.yaml, .Release/.Chart/.Files, partials (`_*.tpl`) shared, manifests split into YAML documents.
// Every value a template reads is recorded, so tests can tell declared-but-unused values from used ones.
import fs from "node:fs";
import path from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { Template } from "./go-template";
import { helmFunctions } from "./helm-functions";

type Dict = Record<string, unknown>;

export interface Chart {
  dir: string;
  metadata: Dict;
  values: Dict;
  /** Template files by path below templates/ (partials included). */
  templates: Map<string, string>;
  /** Every other file, by path below the chart's folder, as `.Files.Get` sees it. */
  files: Map<string, string>;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface Rendered {
  /** The manifests, each with the template it came from. */
  objects: (KubeObject & { template: string })[];
  notes: string;
  /** Dotted paths of the values the templates read, e.g. "web.replicas". */
  readValues: Set<string>;
}

const isDict = (value: unknown): value is Dict => typeof value === "object" && value !== null && !Array.isArray(value);

function listFiles(dir: string, below = ""): string[] {
  return fs.readdirSync(path.join(dir, below), { withFileTypes: true }).flatMap((entry) => {
    const relative = below ? `${below}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(dir, relative) : [relative];
  });
}

export function loadChart(dir: string): Chart {
  const templates = new Map<string, string>();
  const files = new Map<string, string>();
  for (const file of listFiles(dir)) {
    if (file === "Chart.yaml" || file === "values.yaml") continue;
    const content = fs.readFileSync(path.join(dir, file), "utf8");
    if (file.startsWith("templates/")) templates.set(file.slice("templates/".length), content);
    else files.set(file, content);
  }
  return {
    dir,
    metadata: parse(fs.readFileSync(path.join(dir, "Chart.yaml"), "utf8")) as Dict,
    values: parse(fs.readFileSync(path.join(dir, "values.yaml"), "utf8")) as Dict,
    templates,
    files,
  };
}

/** Helm's coalescing: user values over the chart's, maps merged deeply, null deleting a default. */
export function coalesce(defaults: Dict, overrides: Dict): Dict {
  const result: Dict = structuredClone(defaults);
  for (const [key, value] of Object.entries(overrides)) {
    if (value === null) delete result[key];
    else if (isDict(value) && isDict(result[key])) result[key] = coalesce(result[key] as Dict, value);
    else result[key] = structuredClone(value);
  }
  return result;
}

/** Wraps values so that every key read (directly, or by toYaml walking a map) is recorded by its dotted path. */
function recording(value: unknown, at: string, read: Set<string>): unknown {
  if (typeof value !== "object" || value === null) return value;
  return new Proxy(value as object, {
    get(target, key, receiver) {
      const child: unknown = Reflect.get(target, key, receiver);
      // toJSON is JSON.stringify asking whether a map serialises itself, not a template reading a value.
      if (typeof key !== "string" || key === "toJSON" || (Array.isArray(target) && !/^\d+$/.test(key))) return child;
      const childPath = Array.isArray(target) ? at : at ? `${at}.${key}` : key;
      if (!Array.isArray(target)) read.add(childPath);
      return recording(child, childPath, read);
    },
    has(target, key) {
      if (typeof key === "string" && !Array.isArray(target)) read.add(at ? `${at}.${key}` : key);
      return Reflect.has(target, key);
    },
  });
}

export interface RenderOptions {
  release?: { name?: string; namespace?: string };
}

export function renderChart(chart: Chart, overrides: Dict = {}, options: RenderOptions = {}): Rendered {
  const readValues = new Set<string>();
  const values = recording(coalesce(chart.values, overrides), "", readValues);
  const release = { Name: options.release?.name ?? "modelport", Namespace: options.release?.namespace ?? "modelport" };
  const top = {
    Values: values,
    Release: { ...release, Service: "Helm", IsInstall: true, IsUpgrade: false, Revision: 1 },
    Chart: {
      Name: chart.metadata.name,
      Version: chart.metadata.version,
      AppVersion: chart.metadata.appVersion,
      Description: chart.metadata.description,
    },
    Files: { Get: (name: unknown) => chart.files.get(String(name)) ?? "" },
    Template: { BasePath: `${String(chart.metadata.name)}/templates` },
  };
  const template: Template = new Template(helmFunctions((name, data) => template.execute(name, data)));
  for (const [name, source] of chart.templates) template.add(name, source);

  const objects: Rendered["objects"] = [];
  let notes = "";
  for (const name of [...chart.templates.keys()].sort()) {
    if (path.basename(name).startsWith("_")) continue;
    const output = template.execute(name, top).replaceAll("<no value>", "");
    if (name === "NOTES.txt") {
      notes = output;
      continue;
    }
    for (const document of parseAllDocuments(output, { uniqueKeys: true })) {
      if (document.errors.length) throw new Error(`${name} renders invalid YAML: ${document.errors[0].message}\n${output}`);
      const object: unknown = document.toJS();
      if (object === null || object === undefined) continue;
      objects.push({ ...(object as KubeObject), template: name });
    }
  }
  return { objects, notes, readValues };
}

/** The one object of a kind and name (throws naming what exists when it is missing). */
export function objectOf(rendered: Rendered, kind: string, name: string): KubeObject & { template: string } {
  const found = rendered.objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}; rendered: ${rendered.objects.map((o) => `${o.kind}/${o.metadata.name}`).join(", ")}`);
  return found;
}

/** Dotted paths of every leaf of a values tree (an empty map or any list counts as a leaf). */
export function leafPaths(values: Dict, at = ""): string[] {
  return Object.entries(values).flatMap(([key, value]) => {
    const here = at ? `${at}.${key}` : key;
    return isDict(value) && Object.keys(value).length > 0 ? leafPaths(value, here) : [here];
  });
}

/** Whether values.yaml declares a dotted path. */
export function isDeclared(values: Dict, dotted: string): boolean {
  let current: unknown = values;
  for (const key of dotted.split(".")) {
    if (!isDict(current) || !(key in current)) return false;
    current = current[key];
  }
  return true;
}

/** Declared in values.yaml, or below a declared map or list that takes anything (annotations, env, resources, …). */
export function isDeclaredOrFreeForm(values: Dict, dotted: string): boolean {
  if (isDeclared(values, dotted)) return true;
  const parts = dotted.split(".");
  for (let length = parts.length - 1; length > 0; length--) {
    const prefix = parts.slice(0, length).join(".");
    if (!isDeclared(values, prefix)) continue;
    const declared = prefix.split(".").reduce<unknown>((value, key) => (value as Dict)[key], values);
    return Array.isArray(declared) || (typeof declared === "object" && declared !== null && Object.keys(declared).length === 0);
  }
  return false;
}
