// A small JSONPath evaluator for CRD printer columns (`.spec.x`, `[0]`, `[*]`, `[?(@.type=='Ready')]`).
import { isRecord } from "./types";

type Step =
  { kind: "field"; name: string } | { kind: "index"; index: number } | { kind: "all" } | { kind: "filter"; path: string[]; value: unknown };

function parseLiteral(text: string): unknown {
  const t = text.trim();
  if (/^'.*'$/.test(t) || /^".*"$/.test(t)) return t.slice(1, -1);
  if (t === "true") return true;
  if (t === "false") return false;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t;
}

function parseSteps(expr: string): Step[] {
  const steps: Step[] = [];
  let rest = expr
    .trim()
    .replace(/^\{(.*)\}$/, "$1")
    .replace(/^\$/, "");
  while (rest.length > 0) {
    let m: RegExpExecArray | null;
    if ((m = /^\.([^.[\]]+)/.exec(rest))) steps.push({ kind: "field", name: m[1] });
    else if ((m = /^\[(\d+)\]/.exec(rest))) steps.push({ kind: "index", index: Number(m[1]) });
    else if ((m = /^\[\*\]/.exec(rest))) steps.push({ kind: "all" });
    else if ((m = /^\[\?\(@\.([^=!<>]+?)\s*==\s*(.+?)\)\]/.exec(rest))) {
      steps.push({ kind: "filter", path: m[1].split("."), value: parseLiteral(m[2]) });
    } else if ((m = /^\['([^']+)'\]/.exec(rest))) steps.push({ kind: "field", name: m[1] });
    else return steps;
    rest = rest.slice(m[0].length);
  }
  return steps;
}

function lookup(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) current = isRecord(current) ? current[key] : undefined;
  return current;
}

const cache = new Map<string, Step[]>();

/** All values the expression selects, in document order. */
export function evaluateJsonPath(expr: string, root: unknown): unknown[] {
  let steps = cache.get(expr);
  if (!steps) {
    steps = parseSteps(expr);
    cache.set(expr, steps);
  }
  let current: unknown[] = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      if (step.kind === "field" && isRecord(value) && value[step.name] !== undefined) next.push(value[step.name]);
      else if (step.kind === "index" && Array.isArray(value) && step.index < value.length) next.push(value[step.index]);
      else if (step.kind === "all" && Array.isArray(value)) next.push(...value);
      else if (step.kind === "all" && isRecord(value)) next.push(...Object.values(value));
      else if (step.kind === "filter" && Array.isArray(value)) {
        next.push(...value.filter((item) => lookup(item, step.path) === step.value));
      }
    }
    current = next;
  }
  return current;
}
