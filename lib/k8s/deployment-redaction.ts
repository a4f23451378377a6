// Masking of what a Model's env and args may hold (tokens, keys): for the audit log, and for callers who only view.
import type { Deployment } from "@/lib/schemas/deployment";

export const REDACTED = "***";

// A flag name worth keeping in clear: `--max-model-len`, `--api-key`, `-q`. Anything else in a flag's place is masked.
const LONG_FLAG = /^--[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const SHORT_FLAG = /^-[A-Za-z]$/;
// Short numbers (context lengths, ratios, ports) keep audit diffs useful; no token or key is this short and numeric.
const TUNING_NUMBER = /^-?\d{1,8}(\.\d{1,8})?$/;
const SECRET_FLAG = /key|token|secret|password|passwd|auth|credential|cookie/i;

/**
 * Keeps what an audit diff needs (which flags are set, numeric tuning values) and masks every other value:
 * `--api-key=sk-1` → `--api-key=***`; `["--hf-token", "abc"]` → `["--hf-token", "***"]`; `["--max-model-len",
 * "8192"]` stays; a positional argument or an odd flag (`--a b` in one argument) → `***`. A number after a flag named
 * like a secret (`--api-key 1234`) is masked too.
 */
export function maskArgs(args: readonly string[]): string[] {
  return args.map((arg, index) => {
    const equals = arg.indexOf("=");
    if (equals > 0 && LONG_FLAG.test(arg.slice(0, equals))) {
      const flag = arg.slice(0, equals);
      return `${flag}=${maskValue(flag, arg.slice(equals + 1))}`;
    }
    if (LONG_FLAG.test(arg) || SHORT_FLAG.test(arg)) return arg;
    return maskValue(args[index - 1] ?? "", arg);
  });
}

function maskValue(flag: string, value: string): string {
  return TUNING_NUMBER.test(value) && !SECRET_FLAG.test(flag) ? value : REDACTED;
}

/** Variable names stay (they say what is configured); every value is masked. */
export function maskEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.keys(env).map((key) => [key, REDACTED]));
}

/** kubectl's last-applied annotation repeats the whole spec, env values and args included. */
export const LAST_APPLIED_ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

/**
 * A raw Model (or any object with the same spec) with spec.env and spec.args masked and kubectl's last-applied copy
 * dropped; everything else is kept as it is.
 */
export function redactModelObject(object: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...object };
  if (isRecord(object.spec)) {
    const spec: Record<string, unknown> = { ...object.spec };
    if (isRecord(spec.env)) spec.env = Object.fromEntries(Object.keys(spec.env).map((key) => [key, REDACTED]));
    if (Array.isArray(spec.args)) spec.args = maskArgs(spec.args.map(String));
    result.spec = spec;
  }
  if (isRecord(object.metadata) && isRecord(object.metadata.annotations) && LAST_APPLIED_ANNOTATION in object.metadata.annotations) {
    const annotations = { ...object.metadata.annotations };
    delete annotations[LAST_APPLIED_ANNOTATION];
    result.metadata = { ...object.metadata, annotations };
  }
  return result;
}

/** What a viewer (no can_manage_models) sees of a deployment: env values and args masked, in the raw object too
 * (with the backend's own masking of its kind; a Model's by default). */
export function redactDeploymentForViewer<T extends Deployment>(
  deployment: T,
  redactObject: (object: Record<string, unknown>) => Record<string, unknown> = redactModelObject,
): T {
  return {
    ...deployment,
    env: maskEnv(deployment.env),
    args: maskArgs(deployment.args),
    object: redactObject(deployment.object),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
