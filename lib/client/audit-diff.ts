// What an audit event changed, as rows a person can read: one per field, with its path and old and new values.

export type ChangeKind = "added" | "removed" | "changed";

export interface FieldChange {
  /** `spec.minReplicas`, `metadata.annotations["modelport.dev/proxy"]`, `spec.adapters[0].url`. */
  path: string;
  kind: ChangeKind;
  before?: unknown;
  after?: unknown;
}

/**
 * Field-by-field differences between two JSON values. Objects are compared key by key; a list of plain values
 * (args, features) is one field, since a flag inserted at the front would otherwise "change" every item after it;
 * a list holding objects is compared item by item. A create (before null) lists every field as added; a delete
 * (after null) lists every field as removed.
 */
export function diffObjects(before: unknown, after: unknown, path = ""): FieldChange[] {
  if (isEqual(before, after)) return [];
  if (isAbsent(before)) return leaves(after, path).map(({ path: at, value }) => ({ path: at, kind: "added", after: value }));
  if (isAbsent(after)) return leaves(before, path).map(({ path: at, value }) => ({ path: at, kind: "removed", before: value }));
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffObjects(before[key], after[key], joinKey(path, key)));
  }
  if (Array.isArray(before) && Array.isArray(after) && [...before, ...after].some(isContainer)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, index) => diffObjects(before[index], after[index], `${path}[${index}]`)).flat();
  }
  return [{ path: path || "(value)", kind: "changed", before, after }];
}

/** The fields of one state, for a create or delete, or for a change whose outcome is unknown. */
export function leaves(value: unknown, path = ""): { path: string; value: unknown }[] {
  if (isAbsent(value)) return [];
  if (isRecord(value)) {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) return [{ path: path || "(value)", value }];
    return keys.flatMap((key) => leaves(value[key], joinKey(path, key)));
  }
  if (Array.isArray(value) && value.some(isContainer)) return value.flatMap((item, index) => leaves(item, `${path}[${index}]`));
  return [{ path: path || "(value)", value }];
}

/** One line of text for a value in a diff row: strings as they are, lists joined, the rest as JSON. */
export function formatDiffValue(value: unknown): string {
  if (value === undefined) return "—";
  if (typeof value === "string") return value === "" ? '""' : value;
  if (Array.isArray(value) && value.every((item) => !isContainer(item))) {
    return value.length === 0 ? "[]" : value.map((item) => (typeof item === "string" ? item : JSON.stringify(item))).join(" ");
  }
  return JSON.stringify(value);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function joinKey(path: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path ? `${path}.${key}` : key;
}

function isAbsent(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isContainer(value: unknown): boolean {
  return value !== null && typeof value === "object";
}

function isEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => isEqual(item, b[index]));
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => isEqual(a[key], b[key]));
  }
  return false;
}
