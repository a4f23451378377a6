// Compiles a CRD schema's x-kubernetes-validations CEL rules once and evaluates them against new and old objects.
import { celEnv, isCelError, parse, plan, type CelResult } from "@bufbuild/cel";
import { additionalSchema, childPath, indexPath, itemsSchema, properties, schemaType, type Schema } from "./crd-schema";
import type { StatusCause } from "./status";
import { isRecord } from "./types";

type Program = (bindings: Record<string, unknown>) => CelResult;

interface CompiledRule {
  rule: string;
  message?: string;
  messageExpression?: Program;
  reason: string;
  fieldPath?: string;
  transition: boolean;
  program?: Program;
  compileError?: string;
}

interface RuleNode {
  type: string;
  rules: CompiledRule[];
  properties: Map<string, RuleNode>;
  items?: RuleNode;
  additional?: RuleNode;
  listMapKeys?: string[];
}

const env = celEnv();

function compile(expr: string): Program {
  const planned = plan(env, parse(expr));
  return (bindings) => planned(bindings as Parameters<typeof planned>[0]);
}

function compileRule(raw: unknown): CompiledRule | undefined {
  if (!isRecord(raw) || typeof raw.rule !== "string") return undefined;
  const rule: CompiledRule = {
    rule: raw.rule,
    reason: typeof raw.reason === "string" ? raw.reason : "FieldValueInvalid",
    transition: /\boldSelf\b/.test(raw.rule),
  };
  if (typeof raw.message === "string") rule.message = raw.message;
  if (typeof raw.fieldPath === "string") rule.fieldPath = raw.fieldPath;
  try {
    rule.program = compile(raw.rule);
    if (typeof raw.messageExpression === "string") rule.messageExpression = compile(raw.messageExpression);
  } catch (error) {
    rule.compileError = error instanceof Error ? error.message : String(error);
  }
  return rule;
}

/** Builds the tree of rule-bearing schema nodes; returns undefined when a subtree has no rules. */
export function compileRuleTree(schema: Schema): RuleNode | undefined {
  const rawRules = schema["x-kubernetes-validations"];
  const node: RuleNode = {
    type: schemaType(schema),
    rules: Array.isArray(rawRules) ? rawRules.map(compileRule).filter((r): r is CompiledRule => r !== undefined) : [],
    properties: new Map(),
  };
  for (const [key, child] of Object.entries(properties(schema) ?? {})) {
    const compiled = compileRuleTree(child);
    if (compiled) node.properties.set(key, compiled);
  }
  const items = itemsSchema(schema);
  if (items) node.items = compileRuleTree(items);
  const additional = additionalSchema(schema);
  if (additional) node.additional = compileRuleTree(additional);
  const keys = schema["x-kubernetes-list-map-keys"];
  if (schema["x-kubernetes-list-type"] === "map" && Array.isArray(keys)) {
    node.listMapKeys = keys.filter((k): k is string => typeof k === "string");
  }
  const empty = node.rules.length === 0 && node.properties.size === 0 && !node.items && !node.additional;
  return empty ? undefined : node;
}

function errorText(result: unknown): string {
  const text = result instanceof Error ? result.message : String(result);
  return text.replace(/^field not found: /, "no such key: ");
}

function failureMessage(rule: CompiledRule, bindings: Record<string, unknown>): string {
  if (rule.messageExpression) {
    const msg = rule.messageExpression(bindings);
    if (typeof msg === "string" && msg.trim() !== "") return msg;
  }
  return rule.message ?? `failed rule: ${rule.rule}`;
}

function causeFor(rule: CompiledRule, path: string, type: string, detail: string): StatusCause {
  const field = rule.fieldPath ? `${path}${rule.fieldPath.startsWith(".") ? "" : "."}${rule.fieldPath}` : path;
  const messages: Record<string, string> = {
    FieldValueForbidden: `Forbidden: ${detail}`,
    FieldValueRequired: `Required value: ${detail}`,
    FieldValueDuplicate: `Duplicate value: "${type}": ${detail}`,
  };
  const cause: StatusCause = { reason: rule.reason, message: messages[rule.reason] ?? `Invalid value: "${type}": ${detail}` };
  // apimachinery renders the root path as "<nil>", and kubectl prints the field as sent.
  cause.field = field === "" ? "<nil>" : field.replace(/^\./, "");
  return cause;
}

function evaluateRules(node: RuleNode, self: unknown, oldSelf: unknown, path: string, causes: StatusCause[]): void {
  for (const rule of node.rules) {
    if (rule.transition && oldSelf === undefined) continue;
    const bindings: Record<string, unknown> = rule.transition ? { self, oldSelf } : { self };
    if (!rule.program) {
      causes.push(causeFor(rule, path, node.type, `compilation failed: ${rule.compileError ?? "unknown error"}`));
      continue;
    }
    const result = rule.program(bindings);
    if (isCelError(result)) {
      const label = rule.message ?? `failed rule: ${rule.rule}`;
      causes.push(causeFor(rule, path, node.type, `${errorText(result)} evaluating rule: ${label}`));
    } else if (result !== true) {
      causes.push(causeFor(rule, path, node.type, failureMessage(rule, bindings)));
    }
  }
}

function findOldListItem(oldList: unknown, item: unknown, keys: string[] | undefined): unknown {
  if (!keys || !Array.isArray(oldList) || !isRecord(item)) return undefined;
  return oldList.find((o) => isRecord(o) && keys.every((k) => o[k] === item[k]));
}

/** Walks values (already converted with toCelValue) beside the rule tree and collects failures. */
export function evaluateRuleTree(node: RuleNode, self: unknown, oldSelf: unknown, path: string, causes: StatusCause[]): void {
  if (self === undefined || self === null) return;
  evaluateRules(node, self, oldSelf, path, causes);
  if (Array.isArray(self) && node.items) {
    const items = node.items;
    self.forEach((item, i) => {
      evaluateRuleTree(items, item, findOldListItem(oldSelf, item, node.listMapKeys), indexPath(path, i), causes);
    });
    return;
  }
  if (!isRecord(self)) return;
  const old = isRecord(oldSelf) ? oldSelf : undefined;
  for (const [key, child] of node.properties) {
    evaluateRuleTree(child, self[key], old?.[key], childPath(path, key), causes);
  }
  if (node.additional) {
    for (const [key, value] of Object.entries(self)) {
      if (!node.properties.has(key)) evaluateRuleTree(node.additional, value, old?.[key], indexPath(path, key), causes);
    }
  }
}

export type { RuleNode };
