// The per-object bound every backend shares: args and env together, a hard limit on create and edit alike, so no
// object can slow everyone's lists and watches.
import type { FieldIssue } from "./deployment";

export const ARGS_AND_ENV_LENGTH = 64 * 1024;

export function argsAndEnvSizeIssues(value: { args: readonly string[]; env: Readonly<Record<string, string>> }): FieldIssue[] {
  const size =
    value.args.reduce((sum, arg) => sum + arg.length, 0) +
    Object.entries(value.env).reduce((sum, [key, text]) => sum + key.length + text.length, 0);
  return size > ARGS_AND_ENV_LENGTH
    ? [{ path: ["env"], message: `args and env together must be at most ${ARGS_AND_ENV_LENGTH} characters` }]
    : [];
}
