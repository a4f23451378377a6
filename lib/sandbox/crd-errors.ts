// Maps ajv errors to Kubernetes field-error causes with the API server's reasons and wording.
import type { ErrorObject } from "ajv";
import { childPath } from "./crd-schema";
import type { StatusCause } from "./status";

/** Go's %v/%q rendering of a bad value as apimachinery prints it. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[]interface {}{...}`;
  return `"object"`;
}

function param(error: ErrorObject, name: string): unknown {
  return (error.params as Record<string, unknown>)[name];
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

export function ajvErrorToCause(error: ErrorObject, field: string): StatusCause | undefined {
  const value: unknown = error.data;
  const limit = param(error, "limit");
  const shown = field === "" ? "body" : field;
  switch (error.keyword) {
    case "required": {
      const missing = String(param(error, "missingProperty"));
      return { reason: "FieldValueRequired", field: childPath(field, missing), message: "Required value" };
    }
    case "enum": {
      const allowed = param(error, "allowedValues");
      const list = Array.isArray(allowed) ? allowed.map((v) => JSON.stringify(v)).join(", ") : "";
      return { reason: "FieldValueNotSupported", field, message: `Unsupported value: ${formatValue(value)}: supported values: ${list}` };
    }
    case "type":
      return {
        reason: "FieldValueTypeInvalid",
        field,
        message: `Invalid value: "${typeName(value)}": ${shown} in body must be of type ${String(param(error, "type"))}: "${typeName(value)}"`,
      };
    case "maxLength":
      return { reason: "FieldValueTooLong", field, message: `Too long: may not be more than ${String(limit)} bytes` };
    case "maxItems":
      return {
        reason: "FieldValueTooMany",
        field,
        message: `Too many: ${Array.isArray(value) ? value.length : "?"}: must have at most ${String(limit)} items`,
      };
    case "maxProperties":
      return { reason: "FieldValueTooMany", field, message: `Too many: must have at most ${String(limit)} items` };
    case "minLength":
      return {
        reason: "FieldValueInvalid",
        field,
        message: `Invalid value: ${formatValue(value)}: ${shown} in body should be at least ${String(limit)} chars long`,
      };
    case "minItems":
      return {
        reason: "FieldValueInvalid",
        field,
        message: `Invalid value: ${String(Array.isArray(value) ? value.length : 0)}: ${shown} in body should have at least ${String(limit)} items`,
      };
    case "minimum":
    case "exclusiveMinimum":
      return {
        reason: "FieldValueInvalid",
        field,
        message: `Invalid value: ${formatValue(value)}: ${shown} in body should be greater than or equal to ${String(limit)}`,
      };
    case "maximum":
    case "exclusiveMaximum":
      return {
        reason: "FieldValueInvalid",
        field,
        message: `Invalid value: ${formatValue(value)}: ${shown} in body should be less than or equal to ${String(limit)}`,
      };
    case "pattern":
      return {
        reason: "FieldValueInvalid",
        field,
        message: `Invalid value: ${formatValue(value)}: ${shown} in body should match '${String(param(error, "pattern"))}'`,
      };
    case "format":
      return {
        reason: "FieldValueInvalid",
        field,
        message: `Invalid value: ${formatValue(value)}: ${shown} in body must be of type ${String(param(error, "format"))}: ${formatValue(value)}`,
      };
    case "additionalProperties": {
      const extra = childPath(field, String(param(error, "additionalProperty")));
      return { reason: "FieldValueInvalid", field: extra, message: `unknown field "${extra}"` };
    }
    case "uniqueItems":
      return { reason: "FieldValueDuplicate", field, message: `Duplicate value: ${formatValue(value)}` };
    default:
      return { reason: "FieldValueInvalid", field, message: `Invalid value: ${formatValue(value)}: ${error.message ?? "invalid"}` };
  }
}
