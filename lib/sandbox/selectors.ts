// Label selector and field selector parsing and matching, with Kubernetes' syntax and error messages.
import { badRequest } from "./status";
import { getPath, isRecord } from "./types";

export type LabelOperator = "=" | "!=" | "in" | "notin" | "exists" | "!exists" | "gt" | "lt";

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

const KEY_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE_RE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    if (ch === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function checkKey(key: string, whole: string): string {
  if (!KEY_RE.test(key) || key.length > 316) {
    throw badRequest(`unable to parse requirement: invalid label key "${key}" in selector "${whole}"`);
  }
  return key;
}

function checkValue(value: string, whole: string): string {
  if (!VALUE_RE.test(value) || value.length > 63) {
    throw badRequest(`unable to parse requirement: invalid label value: "${value}" in selector "${whole}"`);
  }
  return value;
}

function parseRequirement(raw: string, whole: string): LabelRequirement {
  const text = raw.trim();
  if (text === "") throw badRequest(`unable to parse requirement: found '', expected: identifier in selector "${whole}"`);
  const setMatch = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(text);
  if (setMatch) {
    const values = setMatch[3].split(",").map((v) => checkValue(v.trim(), whole));
    return { key: checkKey(setMatch[1], whole), operator: setMatch[2] === "in" ? "in" : "notin", values };
  }
  if (text.startsWith("!")) return { key: checkKey(text.slice(1).trim(), whole), operator: "!exists", values: [] };
  const opMatch = /^([^=!<>\s]+)\s*(==|=|!=|<|>)\s*(.*)$/.exec(text);
  if (opMatch) {
    const key = checkKey(opMatch[1], whole);
    const value = checkValue(opMatch[3].trim(), whole);
    const op = opMatch[2];
    if (op === "<" || op === ">") {
      if (!/^-?\d+$/.test(value))
        throw badRequest(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer in selector "${whole}"`);
      return { key, operator: op === ">" ? "gt" : "lt", values: [value] };
    }
    return { key, operator: op === "!=" ? "!=" : "=", values: [value] };
  }
  return { key: checkKey(text, whole), operator: "exists", values: [] };
}

export function parseLabelSelector(selector: string | null | undefined): LabelRequirement[] {
  if (!selector || selector.trim() === "") return [];
  return splitTopLevel(selector).map((part) => parseRequirement(part, selector));
}

export function matchesLabels(requirements: readonly LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return requirements.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const value = l[r.key];
    switch (r.operator) {
      case "=":
        return has && value === r.values[0];
      case "!=":
        return !has || value !== r.values[0];
      case "in":
        return has && r.values.includes(value);
      case "notin":
        return !has || !r.values.includes(value);
      case "exists":
        return has;
      case "!exists":
        return !has;
      case "gt":
        return has && /^-?\d+$/.test(value) && Number(value) > Number(r.values[0]);
      case "lt":
        return has && /^-?\d+$/.test(value) && Number(value) < Number(r.values[0]);
    }
  });
}

export interface FieldRequirement {
  field: string;
  operator: "=" | "!=";
  value: string;
}

export function parseFieldSelector(selector: string | null | undefined, supported: readonly string[]): FieldRequirement[] {
  if (!selector || selector.trim() === "") return [];
  return selector.split(",").map((part) => {
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    if (!supported.includes(m[1])) throw badRequest(`field label not supported: ${m[1]}`);
    return { field: m[1], operator: m[2] === "!=" ? "!=" : "=", value: m[3] };
  });
}

function fieldValue(object: unknown, field: string): string {
  const value = getPath(object, field.split("."));
  if (value === undefined || value === null || isRecord(value)) return "";
  return String(value);
}

export function matchesFields(requirements: readonly FieldRequirement[], object: unknown): boolean {
  return requirements.every((r) => (fieldValue(object, r.field) === r.value) === (r.operator === "="));
}
