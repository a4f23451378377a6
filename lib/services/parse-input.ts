// Parses service input with a zod schema, turning failures into one `invalid` error that names each field.
import type { z } from "zod";
import { invalid } from "@/lib/errors";

export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalid(
    result.error.issues.map((issue) => ({
      field: issue.path.map(String).join(".") || "(body)",
      message: issue.message,
    })),
  );
}
