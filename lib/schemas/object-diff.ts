// What a change would do to an object, field by field: the paths whose values differ between two JSON documents.
// Arrays compare as whole values (a changed args list is one change), objects field by field. Pure.
import { z } from "zod";

export const objectChangeSchema = z.object({
  path: z.string().describe("Dotted, e.g. spec.minReplicas or metadata.annotations.modelport.dev/proxy"),
  before: z.unknown().optional().describe("Absent when the field is added"),
  after: z.unknown().optional().describe("Absent when the field is removed"),
});
export type ObjectChange = z.infer<typeof objectChangeSchema>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export function objectChanges(before: unknown, after: unknown, path: string[] = []): ObjectChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => objectChanges(before[key], after[key], [...path, key]));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path.join("."), ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) }];
}
