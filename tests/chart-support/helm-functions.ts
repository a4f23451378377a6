// The Sprig and Helm functions the chart's templates use, with Helm's semantics where they matter to the output
// (toYaml's key order, quote's Go quoting, default's notion of empty, float64 numbers from values).
import { createHash } from "node:crypto";
import { parse, stringify } from "yaml";
import { formatValue, isTrue, type TemplateFunction } from "./go-template";
import { TemplateError } from "./go-template-parse";

type Dict = Record<string, unknown>;

const isDict = (value: unknown): value is Dict => typeof value === "object" && value !== null && !Array.isArray(value);

/** Sprig's strval: how a value reads as a string (numbers as Go prints them). */
const text = (value: unknown): string => (value === undefined || value === null ? "" : formatValue(value));

/** JSON with Go ints (bigint) as numbers; Helm's toJson and toYaml go through JSON. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null, (_key, entry: unknown) => (typeof entry === "bigint" ? Number(entry) : entry)));
}

function toYaml(value: unknown): string {
  if (value === undefined || value === null) return "null";
  // sigs.k8s.io/yaml: sorted keys, sequences not indented under their key.
  return stringify(plain(value), { sortMapEntries: true, indentSeq: false, lineWidth: 0 }).replace(/\n$/, "");
}

/** Go's %q for a string. */
const goQuote = (value: string): string =>
  JSON.stringify(value).replace(/[\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16)}`);

function indent(spaces: unknown, value: unknown): string {
  const pad = " ".repeat(Number(spaces));
  return pad + text(value).replaceAll("\n", `\n${pad}`);
}

/** Sprig's merge: fills what `target` lacks from each source, deeply; `target` wins. */
function merge(target: unknown, ...sources: unknown[]): Dict {
  if (!isDict(target)) throw new TemplateError("merge wants a dict");
  for (const source of sources) {
    if (!isDict(source)) continue;
    for (const [key, value] of Object.entries(source)) {
      if (!(key in target)) target[key] = value;
      else if (isDict(target[key]) && isDict(value)) merge(target[key], value);
    }
  }
  return target;
}

function printf(format: unknown, ...args: unknown[]): string {
  let next = 0;
  return text(format).replace(/%([%sdvq])/g, (_match, verb: string) => {
    if (verb === "%") return "%";
    const value = args[next++];
    if (verb === "q") return goQuote(text(value));
    return text(value);
  });
}

const compare = (a: unknown, b: unknown): number => Number(a) - Number(b);

/** Helm's template functions, given `include` (which needs the template being rendered) and `.Files`. */
export function helmFunctions(include: (name: string, data: unknown) => string): Record<string, TemplateFunction> {
  return {
    include: (name, data) => include(text(name), data),
    fail: (message) => {
      throw new TemplateError(`fail: ${text(message)}`);
    },
    required: (message, value) => {
      if (value === undefined || value === null || value === "") throw new TemplateError(`required: ${text(message)}`);
      return value;
    },
    default: (fallback, ...given) => (given.length === 0 || !isTrue(given[0]) ? fallback : given[0]),
    empty: (value) => !isTrue(value),
    not: (value) => !isTrue(value),
    eq: (a, ...others) =>
      others.some((other) => (typeof a === "bigint" || typeof other === "bigint" ? compare(a, other) === 0 : a === other)),
    ne: (a, b) => (typeof a === "bigint" || typeof b === "bigint" ? compare(a, b) !== 0 : a !== b),
    lt: (a, b) => compare(a, b) < 0,
    len: (value) =>
      BigInt(Array.isArray(value) || typeof value === "string" ? value.length : isDict(value) ? Object.keys(value).length : 0),
    int: (value) => BigInt(Math.trunc(Number(value ?? 0))),
    ternary: (whenTrue, whenFalse, condition) => (isTrue(condition) ? whenTrue : whenFalse),
    print: (...values) => values.map(text).join(""),
    printf: (format, ...args) => printf(format, ...args),
    toString: (value: unknown) => text(value),
    quote: (...values) =>
      values
        .filter((value) => value !== undefined && value !== null)
        .map((value) => goQuote(text(value)))
        .join(" "),
    trunc: (length, value) => text(value).slice(0, Number(length)),
    trimSuffix: (suffix, value) =>
      text(value).endsWith(text(suffix)) ? text(value).slice(0, -text(suffix).length || undefined) : text(value),
    contains: (needle, haystack) => text(haystack).includes(text(needle)),
    replace: (from, to, value) => text(value).replaceAll(text(from), text(to)),
    join: (separator, values) => (Array.isArray(values) ? values.map(text).join(text(separator)) : text(values)),
    indent: (spaces, value) => indent(spaces, value),
    nindent: (spaces, value) => `\n${indent(spaces, value)}`,
    b64enc: (value) => Buffer.from(text(value), "utf8").toString("base64"),
    sha256sum: (value) => createHash("sha256").update(text(value)).digest("hex"),
    toYaml: (value) => toYaml(value),
    toJson: (value) => JSON.stringify(plain(value)),
    fromYaml: (value) => {
      const parsed: unknown = parse(text(value));
      if (parsed === null || parsed === undefined) return {};
      if (!isDict(parsed)) return { Error: "fromYaml wants a mapping" };
      return parsed;
    },
    dict: (...pairs) => {
      const dict: Dict = {};
      for (let i = 0; i < pairs.length; i += 2) dict[text(pairs[i])] = pairs[i + 1];
      return dict;
    },
    list: (...values) => values,
    set: (dict, key, value) => {
      if (!isDict(dict)) throw new TemplateError("set wants a dict");
      dict[text(key)] = value;
      return dict;
    },
    hasKey: (dict, key) => isDict(dict) && text(key) in dict,
    merge: (target, ...sources) => merge(target, ...sources),
  };
}
