// Server-side Table output (meta.k8s.io/v1) as kubectl requests with `as=Table`, and kubectl's age format.
import { evaluateJsonPath } from "./json-path";
import type { KubeObject } from "./types";
import { isRecord } from "./types";

export type Cell = string | number | boolean | null;

export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  cell: (object: KubeObject, now: number) => Cell;
}

/** kubectl's duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const years = Math.floor(hours / 24 / 365);
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${years}y`;
}

export function ageOf(timestamp: unknown, now: number): string {
  if (typeof timestamp !== "string") return "<unknown>";
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? "<unknown>" : humanDuration(now - t);
}

export const nameColumn: PrinterColumn = {
  name: "Name",
  type: "string",
  format: "name",
  description: "Name must be unique within a namespace.",
  priority: 0,
  cell: (o) => o.metadata.name ?? "",
};

export const ageColumn: PrinterColumn = {
  name: "Age",
  type: "string",
  description: "CreationTimestamp is a timestamp representing the server time when this object was created.",
  priority: 0,
  cell: (o, now) => ageOf(o.metadata.creationTimestamp, now),
};

function renderValue(value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map((v) => (isRecord(v) ? JSON.stringify(v) : String(v))).join(",");
  if (isRecord(value)) return JSON.stringify(value);
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}

/** A column from a CRD's additionalPrinterColumns entry. */
export function jsonPathColumn(c: {
  name: string;
  type: string;
  jsonPath: string;
  format?: string;
  description?: string;
  priority?: number;
}): PrinterColumn {
  const column: PrinterColumn = {
    name: c.name,
    type: c.type === "date" ? "string" : c.type,
    priority: c.priority ?? 0,
    description: c.description ?? "",
    cell: (o, now) => {
      const values = evaluateJsonPath(c.jsonPath, o);
      if (values.length === 0) return null;
      return c.type === "date" ? ageOf(values[0], now) : renderValue(values[0]);
    },
  };
  if (c.format) column.format = c.format;
  return column;
}

export type IncludeObject = "None" | "Metadata" | "Object";

export interface TableMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

function rowObject(object: KubeObject, include: IncludeObject): unknown {
  if (include === "None") return undefined;
  if (include === "Object") return object;
  return { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: object.metadata };
}

export function buildTable(
  columns: readonly PrinterColumn[],
  objects: readonly KubeObject[],
  meta: TableMeta,
  include: IncludeObject,
  withHeaders = true,
): Record<string, unknown> {
  const now = Date.now();
  const table: Record<string, unknown> = { kind: "Table", apiVersion: "meta.k8s.io/v1", metadata: meta };
  if (withHeaders) {
    table.columnDefinitions = columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? "",
      description: c.description ?? "",
      priority: c.priority ?? 0,
    }));
  }
  table.rows = objects.map((o) => {
    const row: Record<string, unknown> = { cells: columns.map((c) => c.cell(o, now)) };
    const obj = rowObject(o, include);
    if (obj !== undefined) row.object = obj;
    return row;
  });
  return table;
}

/** True when the Accept header asks for a meta.k8s.io Table. */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(",").some((part) => /;\s*as=Table/.test(part) && /g=meta\.k8s\.io/.test(part));
}
