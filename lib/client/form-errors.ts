// Server error → form fields: one mapping, used by the create form and the edit dialog alike. Field paths come
// from our schemas ("proxy.timeout"), from the Kubernetes API's causes ("spec.features[0]", "metadata.name")
// or from zod issues (["env", "1BAD"]); each lands on the nearest field the form shows.
import { ApiError, type FieldProblem } from "./api-client";

function normalise(path: string): string {
  return path
    .replace(/\[(\w+)\]/g, ".$1")
    .replace(/^(spec|body)\./, "")
    .replace(/^metadata\.(name|namespace)$/, "$1");
}

/** The known field a server path belongs to: itself, or its closest parent the form shows (env.FOO → env). */
export function formFieldOf<Field extends string>(path: string, known: readonly Field[]): Field | undefined {
  const parts = normalise(path).split(".");
  for (let length = parts.length; length > 0; length -= 1) {
    const candidate = parts.slice(0, length).join(".");
    if ((known as readonly string[]).includes(candidate)) return candidate as Field;
  }
  return undefined;
}

export interface PlacedErrors<Field extends string> {
  /** The first message for each field the form shows. */
  byField: Partial<Record<Field, string>>;
  /** Problems no field shows, to be said elsewhere (a toast, a note above the buttons). */
  unplaced: FieldProblem[];
}

export function placeFieldErrors<Field extends string>(problems: readonly FieldProblem[], known: readonly Field[]): PlacedErrors<Field> {
  const byField: Partial<Record<Field, string>> = {};
  const unplaced: FieldProblem[] = [];
  for (const problem of problems) {
    const field = formFieldOf(problem.field, known);
    if (!field) unplaced.push(problem);
    else byField[field] ??= problem.message;
  }
  return { byField, unplaced };
}

/** A schema's issues as field problems, so a check in the browser and the server's answer land on fields alike. */
export function issuesAsProblems(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldProblem[] {
  return issues.map((issue) => ({ field: issue.path.map(String).join("."), message: issue.message }));
}

/** The field problems an API error carries (none for other errors). */
export function problemsOf(error: unknown): FieldProblem[] {
  return error instanceof ApiError ? error.fields : [];
}
