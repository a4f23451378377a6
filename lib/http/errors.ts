// Maps any thrown error to the HTTP error body `{"error": "...", "details": ...}` with the right status.
import { NextResponse } from "next/server";
import { AppError, HTTP_STATUS_BY_CODE } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";

export function errorResponse(error: unknown, requestId: string): NextResponse {
  if (error instanceof AppError) {
    const status = HTTP_STATUS_BY_CODE[error.code];
    const headers: Record<string, string> = { "x-request-id": requestId };
    if (status === 401) headers["www-authenticate"] = 'Bearer realm="modelport"';
    const retryAfter = error.details?.retryAfterSeconds;
    if (typeof retryAfter === "number") headers["retry-after"] = String(retryAfter);
    return NextResponse.json({ error: error.message, details: error.details ?? null }, { status, headers });
  }
  logger.error("unhandled error", { requestId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  return NextResponse.json({ error: "Internal error", details: { requestId } }, { status: 500, headers: { "x-request-id": requestId } });
}
