// The gateway's errors in OpenAI's shape, `{"error": {"message", "type", "code"}}`, with the status an OpenAI client
// expects for each: what its SDKs turn into AuthenticationError, NotFoundError, RateLimitError and so on.
import { AppError, type ErrorCode } from "@/lib/errors";

export class GatewayError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const gatewayErrors = {
  invalid: (message: string, code: string | null = null) => new GatewayError(400, message, "invalid_request_error", code),
  unauthenticated: (message: string) => new GatewayError(401, message, "authentication_error", "invalid_api_key"),
  modelNotFound: (model: string, message = `The model '${model}' does not exist or you do not have access to it.`) =>
    new GatewayError(404, message, "invalid_request_error", "model_not_found"),
  notFound: (message: string) => new GatewayError(404, message, "invalid_request_error", "not_found"),
  methodNotAllowed: (allowed: string) =>
    new GatewayError(405, `Use ${allowed} here`, "invalid_request_error", "method_not_allowed", { allow: allowed }),
  tooLarge: (limitBytes: number) =>
    new GatewayError(413, `The request body is larger than ${limitBytes} bytes`, "invalid_request_error", "request_too_large"),
  badGateway: (message: string) => new GatewayError(502, message, "upstream_error", "bad_gateway"),
  unavailable: (message: string, code = "service_unavailable") => new GatewayError(503, message, "server_error", code),
  timeout: (message: string) => new GatewayError(504, message, "upstream_error", "timeout"),
};

const FROM_APP_ERROR: Record<ErrorCode, { status: number; type: string; code: string | null }> = {
  bad_request: { status: 400, type: "invalid_request_error", code: null },
  invalid: { status: 400, type: "invalid_request_error", code: null },
  unauthenticated: { status: 401, type: "authentication_error", code: "invalid_api_key" },
  forbidden: { status: 403, type: "permission_error", code: null },
  not_found: { status: 404, type: "invalid_request_error", code: "model_not_found" },
  conflict: { status: 409, type: "invalid_request_error", code: null },
  payload_too_large: { status: 413, type: "invalid_request_error", code: "request_too_large" },
  too_many_requests: { status: 429, type: "rate_limit_error", code: "rate_limit_exceeded" },
  unavailable: { status: 503, type: "server_error", code: "service_unavailable" },
  internal: { status: 500, type: "server_error", code: null },
};

/** Any error, as the gateway answers it; an unexpected one hides its message behind the request id. */
export function toGatewayError(error: unknown, requestId: string): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof AppError) {
    const mapped = FROM_APP_ERROR[error.code];
    const retryAfter = error.details?.retryAfterSeconds;
    const headers: Record<string, string> = { ...(error.details?.rateLimitHeaders as Record<string, string> | undefined) };
    if (typeof retryAfter === "number") headers["retry-after"] = String(retryAfter);
    return new GatewayError(mapped.status, error.message, mapped.type, mapped.code, headers);
  }
  return new GatewayError(500, `Internal error (request ${requestId})`, "server_error", null);
}

export function openAIErrorBody(error: GatewayError): string {
  return JSON.stringify({ error: { message: error.message, type: error.type, param: null, code: error.code } });
}
