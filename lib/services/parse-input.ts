// Parses service input with a zod schema, turning failures into one `invalid` error that names each field.
import type { z } from "zod";
import { invalid, type FieldProblem } from "@/lib/errors";

export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalid(result.error.issues.flatMap(toProblems));
}

/** One problem per field; a top-level field the schema does not know is named itself rather than "(body)". */
function toProblems(issue: z.core.$ZodIssue): FieldProblem[] {
  const at = (path: PropertyKey[]) => path.map(String).join(".") || "(body)";
  if (issue.code === "unrecognized_keys" && issue.path.length === 0) {
    const message = (key: string) => (issue.message.startsWith("Unrecognized key") ? `Unknown field ${key}` : issue.message);
    return issue.keys.map((key) => ({ field: at([...issue.path, key]), message: message(key) }));
  }
  return [{ field: at(issue.path), message: issue.message }];
}
