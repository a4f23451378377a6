// The protocol side of the MLflow stand-in (tests/stand-ins/mlflow.ts): MLflow's error answers, how its handlers
// read parameters and tags, its JSON (no empty fields), its filter grammar for registered models and model versions
// (`name LIKE '%x%' AND tags.k = 'v'`), its order_by clauses and its page tokens (base64 of {"offset": n}).

/** An MLflow error the stand-in answers with: `{"error_code", "message"}` and the status MLflow uses for it. */
export class StandInError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

export const invalidParameter = (message: string) => new StandInError(400, "INVALID_PARAMETER_VALUE", message);

export const notFound = (message: string) => new StandInError(404, "RESOURCE_DOES_NOT_EXIST", message);
export const alreadyExists = (message: string) => new StandInError(400, "RESOURCE_ALREADY_EXISTS", message);

export type Json = Record<string, unknown>;
export type Tags = Map<string, string>;

/** One API call as a route sees it. */
export interface Call {
  url: URL;
  body: Json;
  /** The basic-auth user, when there is one: MLflow records it as `user_id`. */
  user: string;
}

export type Route = (call: Call) => unknown;

const TAG_NAME = /^[/\w.\- ]+$/;

/** MLflow's JSON: unset fields, empty strings and empty lists are left out, so clients must default them. */
export function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value === null || typeof value !== "object") return value;
  const kept = Object.entries(value).filter(
    ([, field]) => field !== undefined && field !== "" && !(Array.isArray(field) && field.length === 0),
  );
  return Object.fromEntries(kept.map(([key, field]) => [key, compact(field)]));
}

/** A parameter from the query (GET) or the JSON body (everything else). */
export function param(call: Call, name: string): string | undefined {
  const value = call.url.searchParams.get(name) ?? call.body[name];
  return value === undefined || value === null ? undefined : String(value);
}

export function required(call: Call, name: string): string {
  const value = param(call, name);
  if (!value) {
    throw invalidParameter(
      `Missing value for required parameter '${name}'. See the API docs for more information about request parameters.`,
    );
  }
  return value;
}

export function checkedTagKey(key: unknown): string {
  if (typeof key !== "string" || !TAG_NAME.test(key)) {
    throw invalidParameter(
      `Invalid tag name: '${String(key)}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).`,
    );
  }
  return key;
}

export function tagsFrom(raw: unknown): Tags {
  const tags: Tags = new Map();
  for (const entry of Array.isArray(raw) ? (raw as Json[]) : []) tags.set(checkedTagKey(entry.key), String(entry.value ?? ""));
  return tags;
}

export const tagList = (tags: Tags) => [...tags].map(([key, value]) => ({ key, value }));

/** What a filter clause can look at: attributes by name, tags by key. */
export interface Searchable {
  attribute(name: string): string | undefined;
  tag(key: string): string | undefined;
}

interface Clause {
  kind: "attribute" | "tag";
  key: string;
  comparator: "=" | "!=" | "LIKE" | "ILIKE";
  value: string;
}

const CLAUSE = /\s*(tags\.(?:`[^`]+`|[\w.-]+)|`[^`]+`|\w+)\s*(!=|=|ILIKE\b|LIKE\b)\s*('[^']*'|"[^"]*")\s*(AND\b\s*|$)/iy;

/** Parses `a = 'x' AND tags.k LIKE 'y%'`; `attributes` are the plain keys this search allows. */
export function parseFilter(filter: string, attributes: readonly string[]): Clause[] {
  const clauses: Clause[] = [];
  CLAUSE.lastIndex = 0;
  while (CLAUSE.lastIndex < filter.length) {
    const start = CLAUSE.lastIndex;
    const match = CLAUSE.exec(filter);
    if (!match) throw invalidParameter(`Invalid filter '${filter}': could not parse it at position ${start}`);
    const [, rawKey, rawComparator, rawValue, joiner] = match;
    const isTag = rawKey.toLowerCase().startsWith("tags.");
    const key = (isTag ? rawKey.slice(5) : rawKey).replace(/^`|`$/g, "");
    if (!isTag && !attributes.includes(key))
      throw invalidParameter(`Invalid attribute key '${key}' specified. Valid keys are '${attributes}'`);
    clauses.push({
      kind: isTag ? "tag" : "attribute",
      key,
      comparator: rawComparator.toUpperCase() as Clause["comparator"],
      value: rawValue.slice(1, -1),
    });
    if (!joiner && CLAUSE.lastIndex < filter.length) throw invalidParameter(`Invalid filter '${filter}'`);
  }
  return clauses;
}

/** SQL LIKE: `%` is any run of characters, `_` any one character; everything else is literal. */
function likePattern(pattern: string, caseInsensitive: boolean): RegExp {
  const body = [...pattern]
    .map((char) => (char === "%" ? ".*" : char === "_" ? "." : char.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`, caseInsensitive ? "is" : "s");
}

export function matchesFilter(item: Searchable, clauses: Clause[]): boolean {
  return clauses.every((clause) => {
    const actual = clause.kind === "tag" ? item.tag(clause.key) : item.attribute(clause.key);
    if (actual === undefined) return false;
    switch (clause.comparator) {
      case "=":
        return actual === clause.value;
      case "!=":
        return actual !== clause.value;
      case "LIKE":
        return likePattern(clause.value, false).test(actual);
      case "ILIKE":
        return likePattern(clause.value, true).test(actual);
    }
  });
}

export type SortValue = string | number;

/** Builds a comparator from `["name ASC", "version_number DESC"]`, then the search's own default tie-breakers. */
export function orderBy<T>(
  clauses: string[],
  keys: Record<string, (item: T) => SortValue>,
  defaults: string[],
): (left: T, right: T) => number {
  const parsed = [...clauses, ...defaults].map((clause) => {
    const match = /^\s*(\w+)(?:\s+(ASC|DESC))?\s*$/i.exec(clause);
    const key = match?.[1];
    if (!match || !key || !(key in keys))
      throw invalidParameter(`Invalid order by key '${clause}' specified. Valid keys are '${Object.keys(keys)}'`);
    return { value: keys[key], descending: match[2]?.toUpperCase() === "DESC" };
  });
  return (left, right) => {
    for (const { value, descending } of parsed) {
      const [a, b] = [value(left), value(right)];
      if (a !== b) return (a < b ? -1 : 1) * (descending ? -1 : 1);
    }
    return 0;
  };
}

/** `max_results` as MLflow checks it: an integer, at most `threshold`; the stand-in's page size caps it further. */
export function parseMaxResults(raw: string | null, fallback: number, threshold: number): number {
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > threshold) {
    throw invalidParameter(`Invalid value ${raw} for parameter 'max_results' supplied. It must be at most ${threshold}.`);
  }
  return value;
}

export function pageOf<T>(items: T[], maxResults: number, pageToken: string | null): { page: T[]; nextPageToken?: string } {
  const offset = pageToken ? offsetOf(pageToken) : 0;
  const page = items.slice(offset, offset + maxResults);
  const next = offset + maxResults;
  return next < items.length ? { page, nextPageToken: Buffer.from(JSON.stringify({ offset: next })).toString("base64") } : { page };
}

function offsetOf(token: string): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
  } catch {
    throw invalidParameter("Invalid page token, could not base64-decode");
  }
  const offset = (decoded as { offset?: unknown } | null)?.offset;
  if (typeof offset !== "number" || !Number.isInteger(offset) || offset < 0) {
    throw invalidParameter(`Invalid page token, decoded value=${JSON.stringify(decoded)}`);
  }
  return offset;
}
