// Structural-schema walks for CRD validation: pruning unknown fields, the ajv-ready schema copy, CEL value conversion, field paths.
import { isRecord, type JsonObject } from "./types";

export type Schema = JsonObject;

export function properties(schema: Schema): Record<string, Schema> | undefined {
  const p = schema.properties;
  return isRecord(p) ? (p as Record<string, Schema>) : undefined;
}

export function itemsSchema(schema: Schema): Schema | undefined {
  return isRecord(schema.items) ? schema.items : undefined;
}

export function additionalSchema(schema: Schema): Schema | undefined {
  return isRecord(schema.additionalProperties) ? schema.additionalProperties : undefined;
}

export function preservesUnknown(schema: Schema): boolean {
  return schema["x-kubernetes-preserve-unknown-fields"] === true;
}

export function schemaType(schema: Schema): string {
  if (typeof schema.type === "string") return schema.type;
  if (schema["x-kubernetes-int-or-string"] === true) return "string";
  return "object";
}

export function childPath(parent: string, key: string): string {
  return parent === "" ? key : `${parent}.${key}`;
}

export function indexPath(parent: string, index: number | string): string {
  return `${parent}[${index}]`;
}

const EMBEDDED_KEEP = ["apiVersion", "kind", "metadata"];

/**
 * Removes fields the schema does not declare (and nulls on non-nullable fields), as the API server's pruning does.
 * Returns the pruned value and appends the removed field paths to `unknown`.
 */
export function prune(value: unknown, schema: Schema | undefined, path: string, unknown: string[], root = false): unknown {
  if (!schema) return value;
  if (Array.isArray(value)) {
    const items = itemsSchema(schema);
    return value.map((v, i) => prune(v, items, indexPath(path, i), unknown));
  }
  if (!isRecord(value)) return value;
  const props = properties(schema);
  const additional = additionalSchema(schema);
  const preserve = preservesUnknown(schema) || schema.additionalProperties === true;
  const embedded = schema["x-kubernetes-embedded-resource"] === true;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if ((root || embedded) && EMBEDDED_KEEP.includes(key)) {
      out[key] = child;
      continue;
    }
    const childSchema = props?.[key];
    if (child === null && childSchema && childSchema.nullable !== true) continue;
    if (childSchema) out[key] = prune(child, childSchema, childPath(path, key), unknown);
    else if (additional) out[key] = prune(child, additional, indexPath(path, key), unknown);
    else if (preserve) out[key] = child;
    else unknown.push(childPath(path, key));
  }
  return out;
}

/** A copy of the schema that rejects undeclared properties, so ajv reports anything pruning missed. */
export function closedSchemaCopy(schema: Schema, root = false): Schema {
  const copy: Schema = { ...schema };
  const props = properties(schema);
  if (props) {
    const closedProps: Record<string, Schema> = {};
    // Every object keeps apiVersion, kind and metadata at its root, declared or not.
    if (root) for (const k of EMBEDDED_KEEP) closedProps[k] = {};
    for (const [k, v] of Object.entries(props)) closedProps[k] = closedSchemaCopy(v);
    copy.properties = closedProps;
    const open = preservesUnknown(schema) || schema["x-kubernetes-embedded-resource"] === true;
    if (!open && schema.additionalProperties === undefined) copy.additionalProperties = false;
  }
  const items = itemsSchema(schema);
  if (items) copy.items = closedSchemaCopy(items);
  const additional = additionalSchema(schema);
  if (additional) copy.additionalProperties = closedSchemaCopy(additional);
  return copy;
}

/** The schema nodes directly under a node (properties, items, additionalProperties, combinators), rebuilt by `map`. */
function mapSubschemas(schema: Schema, map: (child: Schema) => Schema): Schema {
  const copy: Schema = { ...schema };
  const props = properties(schema);
  if (props) copy.properties = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, map(v)]));
  const items = itemsSchema(schema);
  if (items) copy.items = map(items);
  const additional = additionalSchema(schema);
  if (additional) copy.additionalProperties = map(additional);
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    const list = schema[key];
    if (Array.isArray(list)) copy[key] = list.map((s) => (isRecord(s) ? map(s) : s));
  }
  return copy;
}

const SHARED_MIN_SIZE = 500;

/**
 * Moves large subschemas that occur more than once into `definitions` and points at them with `$ref`. KServe's CRD
 * repeats the container and pod schemas dozens of times; ajv compiles each occurrence, which takes ~9 s for that
 * CRD, against ~1 s once they are shared. Nodes carrying a `default` stay inline: ajv applies a property's default
 * only from the property's own schema, not through a `$ref`.
 */
export function shareRepeatedSubschemas(schema: Schema): Schema {
  const text = new Map<Schema, string>();
  const keyOf = (s: Schema): string => {
    let t = text.get(s);
    if (t === undefined) {
      t = JSON.stringify(s);
      text.set(s, t);
    }
    return t;
  };
  const counts = new Map<string, number>();
  const count = (s: Schema): Schema => {
    const key = keyOf(s);
    if (key.length >= SHARED_MIN_SIZE) counts.set(key, (counts.get(key) ?? 0) + 1);
    return mapSubschemas(s, count);
  };
  count(schema);
  const definitions: Record<string, Schema> = {};
  const names = new Map<string, string>();
  const share = (s: Schema): Schema => {
    const key = keyOf(s);
    if ((counts.get(key) ?? 0) < 2 || s.default !== undefined) return mapSubschemas(s, share);
    let name = names.get(key);
    if (name === undefined) {
      name = `s${names.size}`;
      names.set(key, name);
      definitions[name] = mapSubschemas(s, share);
    }
    return { $ref: `#/definitions/${name}` };
  };
  const shared = mapSubschemas(schema, share);
  return names.size === 0 ? shared : { ...shared, definitions };
}

export function collectFormats(schema: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => collectFormats(s, into));
  else if (isRecord(schema)) {
    for (const [k, v] of Object.entries(schema)) {
      if (k === "format" && typeof v === "string") into.add(v);
      else if (k !== "default" && k !== "enum" && k !== "example") collectFormats(v, into);
    }
  }
  return into;
}

/** Integer-schema numbers become BigInt so CEL sees them as int, not double. */
export function toCelValue(value: unknown, schema: Schema | undefined): unknown {
  if (!schema) return value;
  if (typeof value === "number") {
    const intLike = schema.type === "integer" || schema["x-kubernetes-int-or-string"] === true;
    return intLike && Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) {
    const items = itemsSchema(schema);
    return value.map((v) => toCelValue(v, items));
  }
  if (!isRecord(value)) return value;
  const props = properties(schema);
  const additional = additionalSchema(schema);
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = toCelValue(v, props?.[k] ?? additional);
  return out;
}

/** Turns an ajv instancePath (`/spec/adapters/0/name`) into a Kubernetes field path (`spec.adapters[0].name`). */
export function fieldPathFromPointer(pointer: string, schema: Schema): string {
  let path = "";
  let node: Schema | undefined = schema;
  const tokens =
    pointer === ""
      ? []
      : pointer
          .slice(1)
          .split("/")
          .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  for (const token of tokens) {
    const props: Record<string, Schema> | undefined = node ? properties(node) : undefined;
    const items: Schema | undefined = node ? itemsSchema(node) : undefined;
    if (props && token in props) {
      path = childPath(path, token);
      node = props[token];
    } else if (items) {
      path = indexPath(path, token);
      node = items;
    } else if (node && additionalSchema(node)) {
      path = indexPath(path, token);
      node = additionalSchema(node);
    } else {
      path = childPath(path, token);
      node = undefined;
    }
  }
  return path;
}
