// A small Go text/template engine for the chart's tests (Helm is not installed here): text and actions with trim
// markers, comments, if/else if/else, range (with variables), with, define/template, variables, pipelines, parenthesised
// pipelines and field chains. Functions come from the caller (./helm-functions.ts); `and`/`or` short-circuit as in Go.

import { parseTemplate, TemplateError, type Command, type Node, type Operand, type Pipeline } from "./go-template-parse";

export type TemplateFunction = (...args: unknown[]) => unknown;

/** A Go number printed with %v: integers (bigint, from `int` or `len`) as digits, floats as Go's shortest %g. */
export function formatNumber(value: number | bigint): string {
  if (typeof value === "bigint") return value.toString();
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : value < 0 ? "-Inf" : "NaN";
  if (value === 0) return "0";
  // Helm reads values.yaml numbers as float64, so `{{ 1000000 }}` prints 1e+06 (strconv's %g: exponent below -4 or from 6).
  const [mantissa, exponentText] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) return `${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  return String(value);
}

/** How Go's fmt prints a value into a template's output (Helm then blanks "<no value>"). */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return "<no value>";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return formatNumber(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(" ")}]`;
  if (typeof value === "object")
    return `map[${Object.keys(value)
      .sort()
      .map((key) => `${key}:${formatValue((value as Record<string, unknown>)[key])}`)
      .join(" ")}]`;
  return String(value);
}

/** Go's truth: false, 0, nil, "" and empty collections are false. */
export function isTrue(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === "" || value === 0 || value === 0n) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

export class Template {
  readonly defines = new Map<string, Node[]>();
  private readonly files = new Map<string, Node[]>();

  constructor(private readonly functions: Record<string, TemplateFunction>) {}

  add(name: string, source: string): void {
    this.files.set(name, parseTemplate(source, name, this.defines));
  }

  /** Renders a file added before, or a `define` by name (what `include` does). */
  execute(name: string, data: unknown): string {
    const nodes = this.files.get(name) ?? this.defines.get(name);
    if (!nodes) throw new TemplateError(`no template "${name}"`);
    const out: string[] = [];
    this.run(nodes, data, [new Map([["$", data]])], out);
    return out.join("");
  }

  private run(nodes: Node[], dot: unknown, scopes: Map<string, unknown>[], out: string[]): void {
    for (const node of nodes) {
      if (node.kind === "text") out.push(node.text);
      else if (node.kind === "output") {
        const value = this.pipeline(node.pipe, dot, scopes);
        if (!node.pipe.declare) out.push(formatValue(value));
      } else if (node.kind === "if") {
        const branch = node.branches.find((candidate) => isTrue(this.pipeline(candidate.pipe, dot, scopes)));
        this.run(branch ? branch.body : node.otherwise, dot, [...scopes, new Map()], out);
      } else if (node.kind === "with") {
        const value = this.pipeline(node.pipe, dot, scopes);
        if (isTrue(value)) this.run(node.body, value, [...scopes, new Map()], out);
        else this.run(node.otherwise, dot, [...scopes, new Map()], out);
      } else if (node.kind === "range") this.range(node, dot, scopes, out);
      else out.push(this.execute(node.name, node.pipe ? this.pipeline(node.pipe, dot, scopes) : undefined));
    }
  }

  private range(node: Extract<Node, { kind: "range" }>, dot: unknown, scopes: Map<string, unknown>[], out: string[]): void {
    const names = node.pipe.declare?.names ?? [];
    const collection = this.pipeline({ commands: node.pipe.commands }, dot, scopes);
    const entries: [unknown, unknown][] = Array.isArray(collection)
      ? collection.map((value, index) => [BigInt(index), value])
      : collection && typeof collection === "object"
        ? Object.keys(collection)
            .sort()
            .map((key) => [key, (collection as Record<string, unknown>)[key]])
        : [];
    if (collection !== null && collection !== undefined && typeof collection !== "object")
      throw new TemplateError(`range can't iterate over ${formatValue(collection)}`);
    if (entries.length === 0) this.run(node.otherwise, dot, [...scopes, new Map()], out);
    for (const [key, value] of entries) {
      const scope = new Map<string, unknown>();
      if (names.length === 1) scope.set(names[0], value);
      if (names.length === 2) scope.set(names[0], key).set(names[1], value);
      this.run(node.body, value, [...scopes, scope], out);
    }
  }

  private pipeline(pipe: Pipeline, dot: unknown, scopes: Map<string, unknown>[]): unknown {
    let value: unknown;
    let piped = false;
    for (const command of pipe.commands) {
      value = this.command(command, dot, scopes, piped ? [value] : []);
      piped = true;
    }
    if (pipe.declare) {
      const [name] = pipe.declare.names;
      const scope = pipe.declare.assign ? [...scopes].reverse().find((candidate) => candidate.has(name)) : scopes[scopes.length - 1];
      if (!scope) throw new TemplateError(`undefined variable ${name}`);
      scope.set(name, value);
    }
    return value;
  }

  private command(command: Command, dot: unknown, scopes: Map<string, unknown>[], piped: unknown[]): unknown {
    const [head, ...rest] = command;
    if (head.kind === "ident") {
      if (head.name === "and" || head.name === "or") return this.logical(head.name, [...rest], dot, scopes, piped);
      const fn = this.functions[head.name];
      if (!fn) throw new TemplateError(`function "${head.name}" not defined`);
      return fn(...rest.map((operand) => this.operand(operand, dot, scopes)), ...piped);
    }
    const value = this.operand(head, dot, scopes, rest.length > 0 || piped.length > 0);
    if (typeof value === "function")
      return (value as TemplateFunction)(...rest.map((operand) => this.operand(operand, dot, scopes)), ...piped);
    if (rest.length || piped.length) throw new TemplateError("can't give argument to non-function");
    return value;
  }

  private logical(name: "and" | "or", operands: Operand[], dot: unknown, scopes: Map<string, unknown>[], piped: unknown[]): unknown {
    const values: (() => unknown)[] = [
      ...operands.map((operand) => () => this.operand(operand, dot, scopes)),
      ...piped.map((value) => () => value),
    ];
    let value: unknown;
    for (const next of values) {
      value = next();
      if (isTrue(value) !== (name === "and")) return value;
    }
    return value;
  }

  private operand(operand: Operand, dot: unknown, scopes: Map<string, unknown>[], callable = false): unknown {
    if (operand.kind === "literal") return operand.value;
    if (operand.kind === "ident") {
      const fn = this.functions[operand.name];
      if (!fn) throw new TemplateError(`function "${operand.name}" not defined`);
      return fn();
    }
    if (operand.kind === "paren") return walk(this.pipeline(operand.pipe, dot, scopes), operand.chain, "(…)", callable);
    let base = dot;
    if (operand.base !== "dot") {
      const scope = [...scopes].reverse().find((candidate) => candidate.has(operand.base));
      if (!scope) throw new TemplateError(`undefined variable "${operand.base}"`);
      base = scope.get(operand.base);
    }
    return walk(base, operand.chain, operand.base === "dot" ? "" : operand.base, callable);
  }
}

/** Follows `.A.B` from a value; a missing key is nil, and going on from nil is Go's "nil pointer evaluating" error. */
function walk(value: unknown, chain: string[], start: string, callable: boolean): unknown {
  let current = value;
  let path = start;
  for (const [index, key] of chain.entries()) {
    if (current === undefined || current === null) throw new TemplateError(`nil pointer evaluating ${path || "."}.${key}`);
    if (typeof current !== "object") throw new TemplateError(`can't evaluate field ${key} in ${formatValue(current)} (${path})`);
    const next = (current as Record<string, unknown>)[key];
    if (typeof next === "function" && !(callable && index === chain.length - 1)) current = (next as TemplateFunction)();
    else current = next;
    path = `${path}.${key}`;
  }
  return current;
}
