// The one rule for artifact-store keys and prefixes, shared by every store: relative, "/"-separated, no "." or ".."
// segments, no empty segments, no control characters, so a key can never climb out of a store's root.
import { AppError } from "@/lib/errors";

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function keyProblem(key: string): string | undefined {
  if (key.length === 0) return "is empty";
  if (key.length > 1024) return "is longer than 1024 characters";
  if (CONTROL_CHARACTERS.test(key)) return "contains a control character";
  if (key.startsWith("/")) return "is absolute";
  if (key.includes("\\")) return "contains a backslash";
  const segments = key.split("/");
  if (segments.some((segment) => segment === "")) return "has an empty path segment";
  if (segments.some((segment) => segment === "." || segment === "..")) return "has a '.' or '..' segment";
  return undefined;
}

/** The key itself when it is a valid relative path; an `invalid` AppError otherwise. */
export function checkedKey(key: string): string {
  const problem = keyProblem(key);
  if (problem)
    throw new AppError("invalid", `Storage key ${JSON.stringify(key)} ${problem}`, { fields: [{ field: "key", message: problem }] });
  return key;
}

/** A prefix is a key that may end in "/"; returned without it. */
export function checkedPrefix(prefix: string): string {
  return checkedKey(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix);
}

/** The key inside a store when `candidate` is one, else undefined (for `prefixOf`, which must not throw). */
export function keyOrUndefined(candidate: string): string | undefined {
  const key = candidate.endsWith("/") ? candidate.slice(0, -1) : candidate;
  return keyProblem(key) ? undefined : key;
}
