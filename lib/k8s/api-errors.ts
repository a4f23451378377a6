// Translates Kubernetes API failures (Status bodies) into AppErrors with field paths a user can act on.
import { AppError, type FieldProblem } from "@/lib/errors";

interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: { name?: string; kind?: string; causes?: StatusCause[] };
}

function parseStatusBody(body: unknown): StatusBody | undefined {
  if (typeof body === "string") {
    try {
      return parseStatusBody(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  if (body && typeof body === "object") return body as StatusBody;
  return undefined;
}

function errorCodeOf(error: unknown): number | undefined {
  if (error && typeof error === "object" && "code" in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === "number") return code;
  }
  return undefined;
}

/** Maps an error thrown by @kubernetes/client-node to an AppError; network failures become `unavailable`. */
export function toAppError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  const httpCode = errorCodeOf(error);
  const status = parseStatusBody(error && typeof error === "object" && "body" in error ? error.body : undefined);
  const message = status?.message ?? (error instanceof Error ? error.message.split("\n")[0] : String(error));
  switch (httpCode) {
    case 404:
      // Creating in a namespace removed behind Modelport's back: say which object is missing.
      if (status?.details?.kind === "namespaces") {
        return new AppError("not_found", `Namespace ${status.details.name ?? ""} does not exist in the cluster`);
      }
      return new AppError("not_found", `${what} not found`);
    case 409:
      return status?.reason === "AlreadyExists"
        ? new AppError("conflict", `${what} already exists`, { fields: [{ field: "name", message: "Already taken; choose another name" }] })
        : new AppError("conflict", `${what} was changed by someone else; reload and try again`);
    case 400:
    case 422: {
      const fields: FieldProblem[] = (status?.details?.causes ?? []).map((cause) => ({
        field: cause.field ?? "",
        message: cause.message ?? cause.reason ?? "invalid",
      }));
      return new AppError("invalid", message, { fields });
    }
    case 410:
      return new AppError("invalid", "The list changed too much to continue; list again from the start", {
        fields: [{ field: "continue", message: "Expired" }],
      });
    case 403:
      // The tenant's ResourceQuota, enforced by the API server itself: the caller's change is too big, not Modelport's
      // credentials wrong.
      if (/ is forbidden: (exceeded|failed) quota: /.test(message)) {
        return new AppError("invalid", `The tenant's quota refused ${what}: ${message}`, { fields: [{ field: "namespace", message }] });
      }
      return new AppError("unavailable", `The cluster refused Modelport's credentials: ${message}`);
    case 401:
      return new AppError("unavailable", `The cluster refused Modelport's credentials: ${message}`);
    default:
      return new AppError("unavailable", `The Kubernetes API failed: ${message}`);
  }
}
