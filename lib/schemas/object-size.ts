// The per-object bound every backend shares: args, env and mounted files together, a hard limit on create and edit
// alike, so no object can slow everyone's lists and watches.
import type { FieldIssue } from "./deployment";

export const ARGS_AND_ENV_LENGTH = 64 * 1024;

export function argsAndEnvSizeIssues(value: {
  args: readonly string[];
  env: Readonly<Record<string, string>>;
  files?: readonly { path: string; content: string }[];
}): FieldIssue[] {
  const files = value.files ?? [];
  const size =
    value.args.reduce((sum, arg) => sum + arg.length, 0) +
    Object.entries(value.env).reduce((sum, [key, text]) => sum + key.length + text.length, 0) +
    files.reduce((sum, file) => sum + file.path.length + file.content.length, 0);
  if (size <= ARGS_AND_ENV_LENGTH) return [];
  return files.length > 0
    ? [{ path: ["files"], message: `args, env and files together must be at most ${ARGS_AND_ENV_LENGTH} characters` }]
    : [{ path: ["env"], message: `args and env together must be at most ${ARGS_AND_ENV_LENGTH} characters` }];
}
