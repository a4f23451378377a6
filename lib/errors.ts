// The one error type services throw, with a code that each surface (HTTP, server action, UI) maps on its own.
export type ErrorCode =
  | "bad_request"
  | "invalid"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "too_many_requests"
  | "unavailable"
  | "internal";

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `spec.maxReplicas` or `minReplicas`. */
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: { fields?: FieldProblem[]; rateLimitHeaders?: Record<string, string> } & Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  unavailable: 503,
  internal: 500,
};

export function invalid(fields: FieldProblem[], message?: string): AppError {
  const summary = message ?? fields.map((problem) => `${problem.field}: ${problem.message}`).join("; ");
  return new AppError("invalid", summary, { fields });
}

export function notFound(what: string): AppError {
  return new AppError("not_found", `${what} not found`);
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
