// Maps any thrown error to the HTTP error body `{"error": "...", "details": ...}` with the right status, in the
// route's error style.
import { NextResponse } from "next/server";
import { AppError, HTTP_STATUS_BY_CODE } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import type { ErrorStyle } from "./contract";

export function errorResponse(error: unknown, requestId: string, style?: ErrorStyle): NextResponse {
  if (error instanceof AppError) {
    const status = HTTP_STATUS_BY_CODE[error.code];
    const headers: Record<string, string> = { "x-request-id": requestId };
    if (status === 401) headers["www-authenticate"] = 'Bearer realm="modelport"';
    const { rateLimitHeaders, ...details } = error.details ?? {};
    const retryAfter = details.retryAfterSeconds;
    if (typeof retryAfter === "number") headers["retry-after"] = String(retryAfter);
    Object.assign(headers, rateLimitHeaders ?? {});
    if (style === "management-service") return managementServiceError(error, status, headers);
    return NextResponse.json({ error: error.message, details: error.details ? details : null }, { status, headers });
  }
  logger.error("unhandled error", { requestId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  return NextResponse.json({ error: "Internal error", details: { requestId } }, { status: 500, headers: { "x-request-id": requestId } });
}

/** The Management Service's shape: bad input is a 400 whose `details` is a sentence; the fields come beside it. */
function managementServiceError(error: AppError, status: number, headers: Record<string, string>): NextResponse {
  if (error.code === "invalid") {
    const fields = error.details?.fields ?? [];
    const sentences = fields.map((problem) =>
      problem.message.startsWith("Field '") ? problem.message : `Field '${problem.field}': ${problem.message}`,
    );
    const details = sentences.length > 0 ? sentences.join("; ") : error.message;
    return NextResponse.json({ error: "Invalid request format", details, fields }, { status: 400, headers });
  }
  return NextResponse.json({ error: error.message }, { status, headers });
}
