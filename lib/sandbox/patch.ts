// JSON merge patch (RFC 7386) and JSON patch (RFC 6902) applied to plain JSON values.
import { badRequest, ApiError } from "./status";
import { clone, deepEqual, isRecord } from "./types";

export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return clone(patch);
  const result: Record<string, unknown> = isRecord(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

function decodePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw badRequest(`invalid JSON pointer: "${pointer}"`);
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function patchError(message: string): ApiError {
  return new ApiError(422, "Invalid", message);
}

function parentAndKey(doc: unknown, pointer: string): { parent: unknown; key: string } {
  const tokens = decodePointer(pointer);
  if (tokens.length === 0) throw patchError(`the JSON patch path "${pointer}" is not allowed here`);
  let parent: unknown = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(parent)) parent = parent[Number(token)];
    else if (isRecord(parent)) parent = parent[token];
    else parent = undefined;
    if (parent === undefined) throw patchError(`doc is missing path: "${pointer}": missing value`);
  }
  return { parent, key: tokens[tokens.length - 1] };
}

function getAt(doc: unknown, pointer: string): unknown {
  let current = doc;
  for (const token of decodePointer(pointer)) {
    if (Array.isArray(current)) current = current[Number(token)];
    else if (isRecord(current)) current = current[token];
    else return undefined;
  }
  return current;
}

function arrayIndex(arr: unknown[], key: string, forInsert: boolean): number {
  if (forInsert && key === "-") return arr.length;
  const idx = Number(key);
  const max = forInsert ? arr.length : arr.length - 1;
  if (!/^\d+$/.test(key) || idx > max) throw patchError(`Unable to access invalid index: ${key}`);
  return idx;
}

function remove(doc: unknown, pointer: string): unknown {
  const { parent, key } = parentAndKey(doc, pointer);
  if (Array.isArray(parent)) return parent.splice(arrayIndex(parent, key, false), 1)[0];
  if (isRecord(parent) && key in parent) {
    const old = parent[key];
    delete parent[key];
    return old;
  }
  throw patchError(`doc is missing path: "${pointer}": missing value`);
}

function add(doc: unknown, pointer: string, value: unknown): void {
  const { parent, key } = parentAndKey(doc, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true), 0, value);
  else if (isRecord(parent)) parent[key] = value;
  else throw patchError(`doc is missing path: "${pointer}": missing value`);
}

export function applyJsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations)) throw badRequest("json patch must be an array of operations");
  const doc = clone(target);
  for (const op of operations) {
    if (!isRecord(op) || typeof op.op !== "string" || typeof op.path !== "string") {
      throw badRequest("invalid JSON patch operation");
    }
    const from = typeof op.from === "string" ? op.from : "";
    switch (op.op) {
      case "add":
        add(doc, op.path, clone(op.value));
        break;
      case "remove":
        remove(doc, op.path);
        break;
      case "replace":
        remove(doc, op.path);
        add(doc, op.path, clone(op.value));
        break;
      case "move":
        add(doc, op.path, remove(doc, from));
        break;
      case "copy":
        add(doc, op.path, clone(getAt(doc, from)));
        break;
      case "test":
        if (!deepEqual(getAt(doc, op.path), op.value)) throw patchError(`testing value ${op.path} failed: test failed`);
        break;
      default:
        throw badRequest(`Unexpected kind: ${op.op}`);
    }
  }
  return doc;
}
