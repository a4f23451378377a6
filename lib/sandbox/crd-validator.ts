// A generic validator for one CustomResourceDefinition: pruning, defaulting, OpenAPI schema (ajv) and CEL rules.
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { compileRuleTree, evaluateRuleTree, type RuleNode } from "./crd-cel";
import {
  closedSchemaCopy,
  collectFormats,
  fieldPathFromPointer,
  prune,
  shareRepeatedSubschemas,
  toCelValue,
  type Schema,
} from "./crd-schema";
import { ajvErrorToCause } from "./crd-errors";
import type { ResourceNaming } from "./resources";
import type { StatusCause } from "./status";
import { clone, isRecord, type JsonObject, type KubeObject } from "./types";

export type FieldValidation = "Strict" | "Warn" | "Ignore";

export interface CrdPrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  format?: string;
  description?: string;
  priority?: number;
}

export interface CrdInfo extends ResourceNaming {
  printerColumns: CrdPrinterColumn[];
}

export interface ValidationOutcome {
  object: KubeObject;
  causes: StatusCause[];
  warnings: string[];
}

export interface ValidateOptions {
  fieldValidation: FieldValidation;
  statusOnly?: boolean;
}

function str(value: unknown, fallback = ""): string {
  return typeof value === "string" ? value : fallback;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function pickVersion(spec: JsonObject): JsonObject {
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isRecord) : [];
  const chosen = versions.find((v) => v.served === true && v.storage === true) ?? versions.find((v) => v.served === true);
  if (!chosen) throw new Error("CRD has no served version");
  return chosen;
}

function readPrinterColumns(version: JsonObject): CrdPrinterColumn[] {
  const raw = Array.isArray(version.additionalPrinterColumns) ? version.additionalPrinterColumns.filter(isRecord) : [];
  return raw.map((c) => {
    const col: CrdPrinterColumn = { name: str(c.name), type: str(c.type, "string"), jsonPath: str(c.jsonPath) };
    if (typeof c.format === "string") col.format = c.format;
    if (typeof c.description === "string") col.description = c.description;
    if (typeof c.priority === "number") col.priority = c.priority;
    return col;
  });
}

function readInfo(crd: JsonObject): { info: CrdInfo; schema: Schema } {
  const spec = isRecord(crd.spec) ? crd.spec : {};
  const names = isRecord(spec.names) ? spec.names : {};
  const version = pickVersion(spec);
  const schemaHolder = isRecord(version.schema) ? version.schema : {};
  const schema = isRecord(schemaHolder.openAPIV3Schema)
    ? schemaHolder.openAPIV3Schema
    : { type: "object", "x-kubernetes-preserve-unknown-fields": true };
  const subresources = isRecord(version.subresources) ? version.subresources : {};
  const kind = str(names.kind);
  const info: CrdInfo = {
    group: str(spec.group),
    version: str(version.name),
    plural: str(names.plural),
    singular: str(names.singular, kind.toLowerCase()),
    kind,
    listKind: str(names.listKind, `${kind}List`),
    shortNames: strings(names.shortNames),
    categories: strings(names.categories),
    namespaced: spec.scope !== "Cluster",
    printerColumns: readPrinterColumns(version),
    statusSubresource: isRecord(subresources.status),
  };
  if (isRecord(subresources.scale)) {
    info.scale = {
      specReplicasPath: str(subresources.scale.specReplicasPath, ".spec.replicas"),
      statusReplicasPath: str(subresources.scale.statusReplicasPath, ".status.replicas"),
    };
    if (typeof subresources.scale.labelSelectorPath === "string") info.scale.labelSelectorPath = subresources.scale.labelSelectorPath;
  }
  return { info, schema };
}

/** Schema failures after which the API server skips CEL rules (apiextensions hasBlockingErr). */
const BLOCKING = ["FieldValueNotSupported", "FieldValueRequired", "FieldValueTooLong", "FieldValueTooMany", "FieldValueTypeInvalid"];
const NOT_CHECKED =
  "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation";

const INT_RANGES: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

export class CrdValidator {
  readonly info: CrdInfo;
  readonly schema: Schema;
  private compiled?: ValidateFunction;
  private ruleTree?: RuleNode;
  private rulesCompiled = false;

  constructor(crdDocument: unknown) {
    if (!isRecord(crdDocument) || crdDocument.kind !== "CustomResourceDefinition") {
      throw new Error("not a CustomResourceDefinition document");
    }
    const { info, schema } = readInfo(crdDocument);
    this.info = info;
    this.schema = schema;
  }

  /** Compiled lazily, with repeated subschemas shared: large CRDs (KServe's is 2 MB) should not slow down start-up. */
  private ajvValidate(): ValidateFunction {
    if (this.compiled) return this.compiled;
    const ajv = new Ajv({ strict: false, useDefaults: true, allErrors: true, verbose: true, logger: false, code: { optimize: false } });
    for (const format of collectFormats(this.schema)) {
      const range = INT_RANGES[format];
      if (range) {
        ajv.addFormat(format, { type: "number", validate: (n: number) => Number.isInteger(n) && n >= range[0] && n <= range[1] });
      } else ajv.addFormat(format, true);
    }
    this.compiled = ajv.compile(shareRepeatedSubschemas(closedSchemaCopy(this.schema, true)));
    return this.compiled;
  }

  private rules(): RuleNode | undefined {
    if (!this.rulesCompiled) {
      this.ruleTree = compileRuleTree(this.schema);
      this.rulesCompiled = true;
    }
    return this.ruleTree;
  }

  validate(input: KubeObject, old: KubeObject | undefined, options: ValidateOptions): ValidationOutcome {
    const unknown: string[] = [];
    const pruned = prune(clone(input), this.schema, "", unknown, true);
    const object = (isRecord(pruned) ? pruned : {}) as KubeObject;
    if (!isRecord(object.metadata)) object.metadata = {};
    const causes: StatusCause[] = [];
    const warnings: string[] = [];
    if (options.fieldValidation === "Strict") {
      for (const path of unknown) causes.push({ reason: "FieldValueInvalid", field: path, message: `unknown field "${path}"` });
    } else if (options.fieldValidation === "Warn") {
      for (const path of unknown) warnings.push(`unknown field "${path}"`);
    }
    const validate = this.ajvValidate();
    if (!validate(object)) {
      for (const error of filterErrors(validate.errors ?? [])) {
        const cause = ajvErrorToCause(error, fieldPathFromPointer(error.instancePath, this.schema));
        if (cause) causes.push(cause);
      }
    }
    const tree = this.rules();
    if (tree && causes.some((c) => BLOCKING.includes(c.reason))) {
      causes.push({ reason: "FieldValueInvalid", field: "<nil>", message: `Invalid value: "null": ${NOT_CHECKED}` });
    } else if (tree) {
      const self = toCelValue(celView(object), this.schema);
      const oldSelf = old ? toCelValue(celView(old), this.schema) : undefined;
      evaluateRuleTree(tree, self, oldSelf, "", causes);
    }
    const kept = options.statusOnly
      ? causes.filter((c) => c.field === "status" || c.field?.startsWith("status.") || c.field?.startsWith("status["))
      : causes;
    return { object, causes: dedupe(kept), warnings };
  }
}

/** Root rules see only name and generateName of metadata, as in Kubernetes. */
function celView(object: KubeObject): JsonObject {
  const metadata: JsonObject = {};
  if (object.metadata.name !== undefined) metadata.name = object.metadata.name;
  if (object.metadata.generateName !== undefined) metadata.generateName = object.metadata.generateName;
  return { ...object, metadata };
}

/** Branch errors inside anyOf/oneOf are noise next to the combined error. */
function filterErrors(errors: ErrorObject[]): ErrorObject[] {
  return errors.filter((e) => !/\/(anyOf|oneOf)\/\d+\//.test(e.schemaPath));
}

function dedupe(causes: StatusCause[]): StatusCause[] {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const key = `${c.field}|${c.reason}|${c.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
